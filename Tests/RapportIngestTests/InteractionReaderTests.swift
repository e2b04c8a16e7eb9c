import Foundation
import RapportCore
import Testing

@testable import RapportIngest

@Suite("Interaction reader: detection, batches, files")
struct InteractionReaderTests {
    @Test func detectsTheFormatFromTheFirstBytes() {
        #expect(InputFormat.detect(Array(#"{"source":"x"}"#.utf8)) == .jsonl)
        #expect(InputFormat.detect(Array("\n  \r\n{\"a\":1}".utf8)) == .jsonl)
        #expect(InputFormat.detect([0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8)) == .jsonl)
        #expect(InputFormat.detect(Array("tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\r\n1".utf8)) == .twcs)
        #expect(InputFormat.detect(Array("\"tweet_id\",\"author_id\",\"inbound\",\"text\"\n".utf8)) == .twcs)
        #expect(InputFormat.detect(Array("crm_source,crm_id,name\n".utf8)) == nil)
        #expect(InputFormat.detect(Array("   \n".utf8)) == nil)
        #expect(InputFormat.detect([UInt8]()) == nil)
    }

    @Test func refusesAnUndetectableInputButReadsAnEmptyOneAsJSONL() throws {
        #expect(throws: InputError.self) { _ = try InteractionReader(bytes: Array("a,b,c\n1,2,3\n".utf8), format: nil) }
        var empty = try InteractionReader(bytes: Array("\n\n".utf8), format: nil)
        #expect(empty.format == .jsonl)
        #expect(try drain(&empty).records.isEmpty)
    }

    @Test func honoursAGivenFormatOverDetection() throws {
        let (records, rejects) = try readInteractions(jsonlLine(), format: .jsonl)
        #expect(records.count == 1)
        #expect(rejects.isEmpty)
        #expect(throws: InputError.self) { _ = try InteractionReader(bytes: Array(jsonlLine().utf8), format: .twcs) }
    }

    @Test func splitsIntoBatchesAndKeepsLineNumbers() throws {
        var lines: [String] = []
        for index in 1...25 {
            lines.append(index % 10 == 0 ? #"{"broken":"# : jsonlLine(replacing: ["external_id": "\"e-\(index)\""]))
        }
        var reader = try InteractionReader(bytes: Array((lines.joined(separator: "\n") + "\n").utf8), format: nil)
        var sizes: [Int] = []
        var lineTotal = 0
        var records: [InteractionRecord] = []
        var rejects: [RejectedRow] = []
        while let batch = try reader.nextBatch(maxRows: 7) {
            sizes.append(batch.rowsRead)
            lineTotal += batch.linesRead
            records += batch.records
            rejects += batch.rejects
        }
        #expect(sizes == [7, 7, 7, 4])
        #expect(lineTotal == 25)
        #expect(records.count == 23)
        #expect(rejects.map(\.error.line) == [10, 20])
        #expect(rejects.first?.raw == #"{"broken":"#)
        #expect(records.last?.line == 25)
        #expect(reader.bytesRead == reader.totalBytes)
    }

    @Test func readsAFileInChunksWithCRLFAndALongLine() throws {
        var text = ""
        for index in 1...2_000 {
            let body = index == 1_000 ? String(repeating: "é", count: 20_000) : "row \(index)"
            text += jsonlLine(replacing: ["external_id": "\"e-\(index)\"", "body": "\"\(body)\""]) + (index % 2 == 0 ? "\r\n" : "\n")
        }
        let path = try temporaryFile(Array(text.utf8), suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try InteractionReader(path: path, format: nil, options: IngestOptions(chunkBytes: 4_096))
        #expect(reader.totalBytes == text.utf8.count)
        let (records, rejects) = try drain(&reader, batchSize: 333)
        #expect(rejects.isEmpty)
        #expect(records.count == 2_000)
        #expect(records.map(\.externalID) == (1...2_000).map { "e-\($0)" })
        #expect(records[999].body?.count == 20_000)
        #expect(records[1].body == "row 2")
        #expect(reader.bytesRead == text.utf8.count)
    }

    @Test func skipsALineOverTheLimitWithoutBufferingIt() throws {
        let huge = jsonlLine(replacing: ["body": "\"" + String(repeating: "x", count: 50_000) + "\""])
        let text = jsonlLine() + "\n" + huge + "\n" + jsonlLine(replacing: ["external_id": #""e-3""#]) + "\n"
        let path = try temporaryFile(Array(text.utf8), suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = IngestOptions(maxLineBytes: 8_192, maxRejectedRawBytes: 100, chunkBytes: 4_096)
        var reader = try InteractionReader(path: path, format: .jsonl, options: options)
        let (records, rejects) = try drain(&reader)
        #expect(records.map(\.line) == [1, 3])
        #expect(rejects.count == 1)
        #expect(rejects.first?.error.kind == .oversizeField)
        #expect(rejects.first?.error.line == 2)
        #expect(rejects.first?.raw.utf8.count == 100)
    }

    @Test func rejectsAnOverlongLineAlreadyInMemory() throws {
        let huge = jsonlLine(replacing: ["body": "\"" + String(repeating: "y", count: 5_000) + "\""])
        let (records, rejects) = try readInteractions(huge + "\n" + jsonlLine(), options: IngestOptions(maxLineBytes: 1_000, maxRejectedRawBytes: 8_000))
        #expect(records.map(\.line) == [2])
        #expect(rejects.map(\.error.kind) == [.oversizeField])
        #expect(rejects.first?.raw == huge)
    }

    @Test func reportsAMissingFile() {
        #expect(throws: InputError.self) { _ = try InteractionReader(path: "/nonexistent/rapport.jsonl", format: nil) }
    }
}
