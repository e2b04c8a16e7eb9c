import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Hostile and broken inputs: every one must be read to the end without a crash, each bad row
/// rejected with a line, good rows kept.
@Suite("Robustness against hostile input")
struct RobustnessTests {
    private static let jsonlAlphabet: [UInt8] = Array(#"{}[]":,\ u0123456789abcdefnull truefalse-+.eE"#.utf8) + [0x00, 0x0A, 0x0D, 0x09, 0x80, 0xC3, 0xA9, 0xED, 0xA0, 0xF4, 0x90, 0xFF]

    @Test func survivesRandomBytesAsJSONL() throws {
        var generator = SeededGenerator(state: 2024)
        let valid = jsonlLine()
        for round in 0..<400 {
            var bytes = Array(valid.utf8)
            // Mutate a valid line: flip, insert and delete bytes from a JSON-heavy alphabet.
            for _ in 0..<(1 + round % 6) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                let byte = Self.jsonlAlphabet.randomElement(using: &generator) ?? 0
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: if bytes.count > 1 { bytes.remove(at: position) }
                }
            }
            let input = bytes + [0x0A] + Array(valid.utf8) + [0x0A]
            var reader = try InteractionReader(bytes: input, format: .jsonl)
            let (records, rejects) = try drain(&reader)
            #expect(records.last?.externalID == "e-1", "round \(round)")
            #expect(rejects.allSatisfy { $0.error.line >= 1 && $0.error.line <= 9 })
        }
    }

    @Test func survivesRandomBytesAsCSV() throws {
        var generator = SeededGenerator(state: 77)
        let alphabet: [UInt8] = Array("\",\r\nab1 ".utf8) + [0x00, 0xC3, 0xFF]
        for _ in 0..<300 {
            let length = Int.random(in: 0..<200, using: &generator)
            let body = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            var reader = CSVReader(bytes: body)
            var rows = 0
            while let row = try reader.next() {
                rows += 1
                if case .rejected(let rejected) = row { #expect(rejected.error.line >= 1) }
            }
            #expect(rows <= length + 1)
        }
    }

    @Test func survivesTruncatedLinesAndNulBytes() throws {
        let full = jsonlLine()
        var text: [UInt8] = []
        for cut in stride(from: 0, to: full.utf8.count, by: 7) {
            text += Array(full.utf8.prefix(cut)) + [0x0A]
        }
        text += [0, 0, 0, 0x0A, 0xFF, 0xFE, 0x0A] + Array(full.utf8)
        var reader = try InteractionReader(bytes: text, format: .jsonl)
        let (records, rejects) = try drain(&reader)
        #expect(records.count == 1)
        #expect(rejects.count >= full.utf8.count / 7)
        #expect(rejects.contains { $0.error.kind == .invalidUTF8 })
    }

    @Test func survivesDeepNestingInIgnoredKeys() throws {
        let deep = String(repeating: "{\"a\":", count: 50_000) + "1" + String(repeating: "}", count: 50_000)
        let error = jsonlError(jsonlLine(replacing: ["junk": deep]))
        #expect(error?.kind == .malformedRow)
    }

    @Test func survivesAHugeUnterminatedQuotedField() throws {
        let text = "crm_source,crm_id,name\ncrm,1,\"" + String(repeating: "x", count: 300_000)
        var reader = try CustomerReader(bytes: Array(text.utf8), options: IngestOptions(maxFieldBytes: 1_024))
        let batch = try #require(try reader.nextBatch(maxRows: 10))
        #expect(batch.records.isEmpty)
        #expect(batch.rejects.first?.error.line == 2)
        #expect(batch.rejects.first.map { $0.raw.utf8.count <= IngestOptions().maxRejectedRawBytes } == true)
    }

    @Test func readsTheSameRowsFromAFileInSmallChunksAsFromMemory() throws {
        var generator = SeededGenerator(state: 4_096)
        let csvAlphabet: [UInt8] = Array("\",\r\n abc123".utf8) + [0xC3, 0xA9, 0xFF, 0x00]
        let options = IngestOptions(maxLineBytes: 3_000, maxFieldBytes: 700, maxRejectedRawBytes: 64, chunkBytes: 4_096)
        for _ in 0..<6 {
            let bytes = (0..<20_000).map { _ in csvAlphabet.randomElement(using: &generator) ?? 0 }
            let path = try temporaryFile(bytes, suffix: ".csv")
            defer { try? FileManager.default.removeItem(atPath: path) }
            var fromMemory = CSVReader(bytes: bytes, options: options)
            var fromFile = try CSVReader(path: path, options: options)
            while true {
                let expected = try fromMemory.next()
                let actual = try fromFile.next()
                #expect(actual == expected)
                if expected == nil || actual == nil { break }
            }
            #expect(fromFile.linesRead == fromMemory.linesRead)
        }
        let line = Array(jsonlLine().utf8)
        for _ in 0..<4 {
            var bytes: [UInt8] = []
            while bytes.count < 30_000 {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes += Array(repeating: 0x78, count: Int.random(in: 0..<5_000, using: &generator)) + [0x0A]
                case 1: bytes += [0x0D, 0x0A]
                default: bytes += line + [0x0A]
                }
            }
            let path = try temporaryFile(bytes, suffix: ".jsonl")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let small = IngestOptions(maxLineBytes: 3_000, maxRejectedRawBytes: 64, chunkBytes: 4_096)
            var fromMemory = try InteractionReader(bytes: bytes, format: .jsonl, options: small)
            var fromFile = try InteractionReader(path: path, format: .jsonl, options: small)
            let expected = try drain(&fromMemory, batchSize: 50)
            let actual = try drain(&fromFile, batchSize: 50)
            #expect(actual.records == expected.records)
            #expect(actual.rejects == expected.rejects)
        }
    }
}
