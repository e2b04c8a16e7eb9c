import Foundation
import RapportCore
import RapportFuzzSupport
import Testing

@testable import RapportIngest

/// The streaming RFC 4180 reader under both the CRM and the twcs parsers, held to
/// ``ReferenceCSV`` on generated and mangled CSV: the same records at the same lines with the same
/// fields, and a reject (naming its line, and its column where one applies) exactly where the
/// documented rules refuse a record.
@Suite("CSV reader under fuzzing")
struct CSVReaderFuzzTests {
    static let options = IngestOptions(maxLineBytes: 3_000, maxFieldBytes: 700, maxRejectedRawBytes: 64, chunkBytes: 4_096)

    @Test func readsEveryRecordAsTheReferenceReaderDoes() throws {
        let campaign = FuzzCampaign(target: "csv-reader")
        var tally = FuzzTally(campaign)
        var viaFile = 0
        for index in 0..<campaign.cases(700) {
            var random = campaign.random(case: index)
            let (document, rows) = Self.document(&random, limits: Self.options)
            tally.inputs += rows
            let origin = campaign.origin(case: index)
            let names: [String]? = random.chance(0.5) ? (0..<8).map { "c\($0)" } : nil
            let produced = try tally.timed { try Self.read(CSVReader(bytes: document, options: Self.options), names: names) }
            let reference = ReferenceCSV.records(document, options: Self.options)
            #expect(produced.lines == reference.lines, "\(origin): \(produced.lines) lines read, \(reference.lines) in the input")
            Self.compare(produced.rows, reference.records, names: names, origin: origin, document: document, tally: &tally)
            if random.chance(0.1) {
                viaFile += 1
                let path = try temporaryFile(document, suffix: ".csv")
                defer { try? FileManager.default.removeItem(atPath: path) }
                let fromFile = try Self.read(CSVReader(path: path, options: Self.options), names: names)
                #expect(
                    fromFile.rows == produced.rows && fromFile.lines == produced.lines,
                    "\(origin): a file read in chunks differs from memory")
            }
        }
        print(tally.summary + "; \(viaFile) documents also read from a file")
        #expect(tally.accepted > tally.inputs / 6 && tally.rejected > tally.inputs / 20)
        #expect(tally.slowest < .seconds(5), "one document took \(tally.slowest)")
    }

    static func read(_ reader: CSVReader, names: [String]?) throws -> (rows: [CSVRow], lines: Int) {
        var reader = reader
        reader.columnNames = names
        var rows: [CSVRow] = []
        while let row = try reader.next() { rows.append(row) }
        return (rows, reader.linesRead)
    }

    static func columnName(_ index: Int, _ names: [String]?) -> String {
        if let names, index < names.count { return names[index] }
        return "column \(index + 1)"
    }

    /// The reader's rows against the reference's records, one for one.
    static func compare(
        _ rows: [CSVRow], _ records: [ReferenceCSV.Record], names: [String]?, origin: String, document: [UInt8], tally: inout FuzzTally
    ) {
        #expect(
            rows.count == records.count,
            "\(origin): \(rows.count) rows for \(records.count) records in \(FuzzDisplay.bytes(document, limit: 400))")
        for (row, expected) in zip(rows, records) {
            let shown = { "\(origin) line \(expected.line): \(expected.fields.map { FuzzDisplay.bytes($0, limit: 40) })" }
            switch (row, expected.problem) {
            case (.record(let record), nil):
                tally.accepted += 1
                #expect(record.line == expected.line, "\(shown()): read at line \(record.line)")
                #expect(
                    record.fields.map { Array($0.utf8) } == expected.fields,
                    "\(shown()): fields \(record.fields.map { FuzzDisplay.text($0, limit: 40) })")
            case (.rejected(let rejected), let problem?):
                tally.rejected += 1
                let error = rejected.error
                FuzzInvariants.checkReject(rejected, lines: 1...Int.max, options: options, shown())
                #expect(error.line == expected.line, "\(shown()): rejected at line \(error.line): \(error)")
                #expect(error.field != nil, "\(shown()): \(error)")
                switch problem {
                case .structure:
                    #expect(error.kind == .malformedRow || error.kind == .oversizeField, "\(shown()): \(error)")
                case .unterminated:
                    #expect(error.kind == .malformedRow && error.detail.contains("unterminated"), "\(shown()): \(error)")
                case .invalidUTF8(let field):
                    #expect(error.kind == .invalidUTF8 && error.field == columnName(field, names), "\(shown()): \(error)")
                case .nul(let field):
                    #expect(
                        error.kind == .malformedRow && error.field == columnName(field, names) && error.detail.contains("NUL"),
                        "\(shown()): \(error)")
                }
            case (.record(let record), let problem?):
                Issue.record("\(shown()): read as a record at line \(record.line), but it must be refused (\(problem))")
            case (.rejected(let rejected), nil):
                Issue.record("\(shown()): refused (\(rejected.error)), but it is a valid record")
            }
        }
    }

    // MARK: - Generation

    /// 5 to 40 CSV rows of plain, quoted, multi-line, hostile, boundary-sized and broken fields,
    /// sometimes mangled as a whole afterwards. Returns the bytes and the number of rows written.
    static func document(_ random: inout FuzzRandom, limits: IngestOptions) -> ([UInt8], Int) {
        var bytes: [UInt8] = random.chance(0.1) ? HostileText.byteOrderMark : []
        let rows = random.int(in: 5...40)
        let width = random.int(in: 1...8)
        for row in 0..<rows {
            let fields = random.chance(0.9) ? width : random.int(in: 1...12)
            for column in 0..<fields {
                if column > 0 { bytes.append(0x2C) }
                bytes += field(&random, limits: limits)
            }
            if row < rows - 1 || random.chance(0.5) {
                bytes += random.pick([[0x0A], [0x0A], [0x0D, 0x0A], [0x0A, 0x0A], [0x0D, 0x0A, 0x0D, 0x0A]])
            }
        }
        if random.chance(0.4) {
            ByteMutator.csv(hugeRun: limits.maxFieldBytes + 8).mutate(&bytes, &random)
        }
        return (bytes, rows)
    }

    /// One field as written in the file.
    static func field(_ random: inout FuzzRandom, limits: IngestOptions) -> [UInt8] {
        switch random.int(in: 0..<14) {
        case 0...3:
            return Array(random.pick(["101", "AcmeHelp", "True", "Tue Oct 31 22:10:47 +0000 2017", "", "jane@example.com", "a b"]).utf8)
        case 4, 5:
            let text = random.pick(["say \"hi\"", "x, y", "two\nlines", "crlf\r\ninside", "", "\"", ",", "a\"\"b"])
            return quoted(Array(text.utf8))
        case 6:
            let text = Array(HostileText.text(&random).utf8)
            return random.chance(0.5) ? quoted(text) : text.filter { $0 != 0x2C && $0 != 0x0A && $0 != 0x22 }
        case 7:
            // Sizes around the field limit; the line end that follows may be `\r\n`.
            let size = limits.maxFieldBytes + random.int(in: -2...2)
            let body = Array(repeating: random.pick(Array("x\"é".utf8)), count: max(0, size))
            return random.chance(0.5) ? quoted(body) : body.filter { $0 != 0x22 }
        case 8:
            return random.pick([[0xC3], [0xA9], [0xE2, 0x82], [0xAC], [0xF0, 0x9F], [0x98, 0x80]])  // halves of multi-byte characters
        case 9:
            return random.chance(0.5) ? [0x61, 0x00, 0x62] : quoted([0x00])
        case 10:
            return random.pick(HostileText.invalidUTF8)
        case 11:
            return random.pick([
                Array("\"abc\"def".utf8), Array("\"abc\" ".utf8), Array("\"abc\"\r".utf8), Array("ab\"c".utf8), Array("\"open".utf8),
            ])
        case 12:
            return Array(repeating: 0x2C, count: random.pick([1, 10, CSVReader.maximumFieldCount]))  // empty fields, up to the field limit
        default:
            return quoted(Array("multi\nline\n\"\"quoted\"\"\r\nfield".utf8))
        }
    }

    static func quoted(_ text: [UInt8]) -> [UInt8] {
        [0x22] + text.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22]
    }
}
