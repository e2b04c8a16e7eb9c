import Foundation
import RapportCore
import Testing

@testable import RapportIngest

@Suite("Rejects file")
struct RejectsWriterTests {
    @Test func writesOneJSONObjectPerRejectAndAppends() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rejects-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = RejectsWriter(path: path)
        try writer.write([])
        #expect(!FileManager.default.fileExists(atPath: path))

        let first = RejectedRow(
            error: IngestError(kind: .badTimestamp, line: 12, field: "occurred_at", detail: "expected \"ISO\"\tformat"),
            raw: "{\"a\":1}\nsecond line\u{0}\\"
        )
        let second = RejectedRow(error: IngestError(kind: .malformedRow, line: 13, detail: "not JSON"), raw: "garbage")
        try writer.write([first])
        try writer.write([second])
        writer.close()
        #expect(writer.count == 2)

        let again = RejectsWriter(path: path)
        try again.write([second])
        again.close()

        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let decoded = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(decoded[0]["line"] as? Int == 12)
        #expect(decoded[0]["kind"] as? String == "bad_timestamp")
        #expect(decoded[0]["field"] as? String == "occurred_at")
        #expect(decoded[0]["detail"] as? String == "expected \"ISO\"\tformat")
        #expect(decoded[0]["raw"] as? String == "{\"a\":1}\nsecond line\u{0}\\")
        #expect(decoded[1]["field"] is NSNull)
        #expect(decoded[2]["line"] as? Int == 13)
    }

    @Test func truncatesWhenAskedTo() throws {
        let path = try temporaryFile(Array("old content\n".utf8), suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = RejectsWriter(path: path, truncating: true)
        try writer.write([RejectedRow(error: IngestError(kind: .missingField, line: 1, field: "source", detail: "required"), raw: "{}")])
        writer.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == #"{"line":1,"kind":"missing_field","field":"source","detail":"required","raw":"{}"}"# + "\n")
    }

    @Test func removesAStaleFileWhenATruncatingRunRejectsNothing() throws {
        let path = try temporaryFile(Array("stale\n".utf8), suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let appending = RejectsWriter(path: path)
        appending.close()
        #expect(FileManager.default.fileExists(atPath: path))
        let truncating = RejectsWriter(path: path, truncating: true)
        try truncating.write([])
        truncating.close()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func reportsAnUnwritablePath() {
        let writer = RejectsWriter(path: "/nonexistent-dir/rejects.jsonl")
        #expect(throws: InputError.self) {
            try writer.write([RejectedRow(error: IngestError(kind: .malformedRow, line: 1, detail: "x"), raw: "")])
        }
    }
}
