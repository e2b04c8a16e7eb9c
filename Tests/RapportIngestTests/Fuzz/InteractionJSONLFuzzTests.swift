import Foundation
import RapportCore
import RapportFuzzSupport
import Testing

@testable import RapportIngest

/// The interactions JSONL reader (`InteractionReader`, what `rapport ingest` and `POST
/// /v1/interactions` call) fed documents of valid rows, rows broken in one known way, and rows
/// mangled byte by byte, mixed with blank lines, CRLF, byte-order marks and over-long lines.
///
/// Every non-blank line must come out exactly once, at its own line number: a known-good row
/// accepted with exactly the values written, a known-bad row rejected naming its field, and any
/// row the invariants of ``FuzzInvariants``.
@Suite("Interactions JSONL under fuzzing")
struct InteractionJSONLFuzzTests {
    /// Limits small enough that "over the limit" costs little to generate; ``IngestOptions`` defaults
    /// in one document in twenty.
    static let smallOptions = IngestOptions(
        maxBodyBytes: 600, maxAttributesBytes: 400, maxShortFieldBytes: 400, maxLineBytes: 65_536, maxFieldBytes: 4_096,
        maxNestingDepth: 12, maxRejectedRawBytes: 128, chunkBytes: 4_096
    )

    enum Outcome {
        case accepted(InteractionRecord)
        case rejected(RejectedRow)
    }

    /// One generated line and what it must produce.
    struct PlannedLine {
        var number: Int
        var bytes: [UInt8]
        var expectation: RowExpectation
        var mutation: String
    }

    @Test func everyLineComesOutOnceAtItsNumberWithItsValuesOrItsReason() throws {
        let campaign = FuzzCampaign(target: "interactions-jsonl")
        var tally = FuzzTally(campaign)
        var checked = (accepted: 0, rejectedNamingField: 0, goodAfterGarbage: 0, viaFile: 0, overlong: 0)
        for index in 0..<campaign.cases(900) {
            var random = campaign.random(case: index)
            let options =
                random.chance(0.05) ? IngestOptions(normalisation: Self.smallOptions.normalisation, chunkBytes: 4_096) : Self.smallOptions
            let (document, planned, rows) = Self.document(&random, options: options)
            tally.inputs += rows
            let origin = campaign.origin(case: index)
            let format: InputFormat? = document.first == 0x7B ? nil : .jsonl
            let batchSize = random.int(in: 1...64)
            let (records, rejects, linesRead) = try tally.timed {
                var reader = try InteractionReader(bytes: document, format: format, options: options)
                #expect(reader.format == .jsonl, "\(origin)")
                return try Self.drain(&reader, batchSize: batchSize)
            }
            if random.chance(0.1) {
                checked.viaFile += 1
                let path = try temporaryFile(document, suffix: ".jsonl")
                defer { try? FileManager.default.removeItem(atPath: path) }
                var fromFile = try InteractionReader(path: path, format: .jsonl, options: options)
                let read = try Self.drain(&fromFile, batchSize: batchSize)
                #expect(read.records == records && read.rejects == rejects, "\(origin): a file read in chunks differs from memory")
            }
            let lines = Self.physicalLines(document, options: options)
            #expect(linesRead == lines.count, "\(origin): read \(linesRead) lines of \(lines.count)")
            // Exactly one outcome per non-blank line, at its number.
            var outcomes: [Int: Outcome] = [:]
            for record in records {
                #expect(
                    outcomes.updateValue(.accepted(record), forKey: record.line) == nil, "\(origin): two outcomes on line \(record.line)")
            }
            for reject in rejects {
                #expect(
                    outcomes.updateValue(.rejected(reject), forKey: reject.error.line) == nil,
                    "\(origin): two outcomes on line \(reject.error.line)")
            }
            let expectedLines = lines.indices.filter { !lines[$0].isBlank }.map { $0 + 1 }
            #expect(outcomes.keys.sorted() == expectedLines, "\(origin): outcomes on lines \(outcomes.keys.sorted()) for \(expectedLines)")
            tally.accepted += records.count
            tally.rejected += rejects.count
            var sawGarbage = false
            for (offset, line) in lines.enumerated() where !line.isBlank {
                let number = offset + 1
                let shown = { "\(origin) line \(number) [\(planned[number]?.mutation ?? "mangled")]: \(FuzzDisplay.bytes(line.bytes))" }
                switch outcomes[number] {
                case .accepted(let record)?:
                    FuzzInvariants.checkAccepted(record, rawLine: line.bytes, options: options, shown())
                case .rejected(let reject)?:
                    FuzzInvariants.checkReject(reject, lines: 1...max(lines.count, 1), options: options, shown())
                    if line.isOverlong {
                        checked.overlong += 1
                        #expect(reject.error.kind == .oversizeField && reject.error.field == nil, "\(shown()): \(reject.error)")
                    }
                case nil:
                    continue
                }
                guard let plan = planned[number] else {
                    sawGarbage = true
                    continue
                }
                switch (plan.expectation, outcomes[number]) {
                case (.accept(var expected, let instantChecked), .accepted(let record)?):
                    expected.line = number
                    Self.compare(record, expected, instantChecked: instantChecked, shown())
                    checked.accepted += 1
                    if sawGarbage { checked.goodAfterGarbage += 1 }
                case (.accept, .rejected(let reject)?):
                    Issue.record("\(shown()): a valid row was rejected: \(reject.error)")
                case (.reject(let field, let kinds), .rejected(let reject)?):
                    #expect(
                        reject.error.field == field,
                        "\(shown()): rejected naming \(reject.error.field ?? "no field"), expected \(field ?? "none"): \(reject.error)")
                    #expect(
                        kinds.map { $0.contains(reject.error.kind) } ?? true,
                        "\(shown()): \(reject.error.kind) not in \(kinds.map { "\($0)" } ?? "")")
                    if field != nil { checked.rejectedNamingField += 1 }
                    sawGarbage = true
                case (.reject, .accepted(let record)?):
                    Issue.record("\(shown()): a broken row was accepted: \(record)")
                default:
                    sawGarbage = true
                }
            }
        }
        print(
            tally.summary
                + "; \(checked.accepted) rows checked value by value, \(checked.rejectedNamingField) rejects checked for their field, \(checked.goodAfterGarbage) good rows after bad ones, \(checked.viaFile) documents also read from a file, \(checked.overlong) over-long lines"
        )
        #expect(checked.accepted > tally.inputs / 5)
        #expect(checked.rejectedNamingField > tally.inputs / 5)
        #expect(checked.goodAfterGarbage > tally.inputs / 10)
        #expect(tally.slowest < .seconds(5), "one document took \(tally.slowest)")
    }

    // MARK: - Documents

    /// A document of 10 to 50 rows: valid ones, ones broken in a known way, mangled ones, blank lines.
    /// Returns its bytes, the planned rows by line number, and how many rows it holds.
    static func document(_ random: inout FuzzRandom, options: IngestOptions) -> ([UInt8], [Int: PlannedLine], Int) {
        var bytes: [UInt8] = random.chance(0.05) ? HostileText.byteOrderMark : []
        var planned: [Int: PlannedLine] = [:]
        var line = 1
        let mutator = ByteMutator.json(hugeRun: options.maxLineBytes + 2)
        let count = random.int(in: 10...50)
        for position in 0..<count {
            var row: [UInt8]
            switch random.int(in: 0..<20) {
            case 0...5:
                let plan = InteractionRowPlan.valid(&random, options: options)
                row = plan.bytes(&random)
                planned[line] = PlannedLine(number: line, bytes: row, expectation: plan.expectation, mutation: plan.mutation)
            case 6...13:
                var plan = InteractionRowPlan.valid(&random, options: options)
                plan.breakOneField(&random, options: options)
                row = plan.bytes(&random)
                planned[line] = PlannedLine(number: line, bytes: row, expectation: plan.expectation, mutation: plan.mutation)
            case 14...18:
                let plan = InteractionRowPlan.valid(&random, options: options)
                row = plan.bytes(&random)
                // Rarely blow a line up: the huge run costs time, the point is made by a few.
                let mangler = random.chance(0.06) ? mutator : ByteMutator.json(hugeRun: 64)
                mangler.mutate(&row, &random)
            default:
                row = random.pick([[], [0x20], [0x09, 0x20], [0x0D]])
            }
            bytes += row
            line += row.count { $0 == 0x0A }
            if position < count - 1 || random.chance(0.5) {
                bytes += random.chance(0.2) ? [0x0D, 0x0A] : [0x0A]
                line += 1
            }
        }
        return (bytes, planned, count)
    }

    /// A physical line as `LineReader` splits it.
    struct PhysicalLine {
        var bytes: [UInt8]
        var isOverlong: Bool
        var isBlank: Bool { !isOverlong && bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
    }

    /// The document's lines by the documented rules: split at `\n`, one trailing `\r` dropped, a
    /// leading byte-order mark skipped, a line longer than the limit (counting its `\r`) refused.
    static func physicalLines(_ document: [UInt8], options: IngestOptions) -> [PhysicalLine] {
        var body = document[...]
        if body.starts(with: HostileText.byteOrderMark) { body = body.dropFirst(3) }
        var pieces = body.split(separator: 0x0A, omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        return pieces.map { piece in
            var bytes = Array(piece)
            let isOverlong = bytes.count > options.maxLineBytes
            if bytes.last == 0x0D { bytes.removeLast() }
            return PhysicalLine(bytes: bytes, isOverlong: isOverlong)
        }
    }

    static func drain(_ reader: inout InteractionReader, batchSize: Int) throws -> (
        records: [InteractionRecord], rejects: [RejectedRow], lines: Int
    ) {
        var records: [InteractionRecord] = []
        var rejects: [RejectedRow] = []
        var lines = 0
        while let batch = try reader.nextBatch(maxRows: batchSize) {
            #expect(batch.rowsRead <= batchSize)
            records += batch.records
            rejects += batch.rejects
            lines += batch.linesRead
        }
        return (records, rejects, lines)
    }

    /// The record holds exactly what the row said (the customer byte for byte).
    static func compare(
        _ record: InteractionRecord, _ expected: InteractionRecord, instantChecked: Bool, _ shown: @autoclosure () -> String
    ) {
        #expect(
            record.source == expected.source && Array(record.source.utf8) == Array(expected.source.utf8),
            "\(shown()): source \(record.source)")
        #expect(record.externalID == expected.externalID, "\(shown()): external_id \(record.externalID)")
        #expect(record.channel == expected.channel && record.direction == expected.direction, "\(shown())")
        #expect(record.visibility == expected.visibility, "\(shown()): visibility \(record.visibility)")
        if instantChecked {
            // Nanoseconds are beyond a Double's precision for far-off years: a few ulps apart is equal.
            let tolerance = max(1e-6, expected.occurredAt.timeIntervalSince1970.magnitude.ulp * 4)
            #expect(
                abs(record.occurredAt.timeIntervalSince(expected.occurredAt)) <= tolerance,
                "\(shown()): \(record.occurredAt) for \(expected.occurredAt)")
        }
        if case .identifier(let got) = record.customer, case .identifier(let wanted) = expected.customer {
            #expect(
                got.kind == wanted.kind && Array(got.value.utf8) == Array(wanted.value.utf8), "\(shown()): customer \(got) for \(wanted)")
        } else {
            Issue.record("\(shown()): customer \(record.customer)")
        }
        #expect(record.threadID == expected.threadID && record.inReplyTo == expected.inReplyTo, "\(shown())")
        #expect(record.account == expected.account, "\(shown()): account \(record.account ?? "nil")")
        #expect(record.body == expected.body, "\(shown()): body \(record.body.map { FuzzDisplay.text($0) } ?? "nil")")
        #expect(record.attributesJSON == expected.attributesJSON, "\(shown()): attributes \(FuzzDisplay.text(record.attributesJSON))")
    }
}
