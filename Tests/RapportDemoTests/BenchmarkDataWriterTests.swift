import Foundation
import RapportCore
import RapportDemo
import Testing

@Suite("Benchmark data writer")
struct BenchmarkDataWriterTests {
    static let columns = BenchmarkColumn.allCases

    private func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rapport-bench-\(UUID().uuidString)-\(name)")
    }

    private func writer(rows: Int = 4_000, seed: UInt64 = 5) -> BenchmarkDataWriter {
        BenchmarkDataWriter(interactions: rows, profiles: 500, seed: seed, recentShare: 0.1, end: DemoFixture.end)
    }

    private func lines(of url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Undoes COPY text escaping for one field; nil for `\N`.
    private func copyField(_ field: Substring) -> String? {
        if field == "\\N" { return nil }
        var result = ""
        var escaped = false
        for character in field {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    @Test func writesTheRequestedRowsWithTheRecentShareInTheLastDay() throws {
        let benchmark = writer()
        let url = temporaryFile("rows.jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let summary = try benchmark.writeJSONL(to: url)
        #expect(summary.rows == 4_000 && summary.recentRows == 400)
        let rows = try lines(of: url).map { try JSONDecoder().decode(DemoRow.self, from: Data($0.utf8)) }
        #expect(rows.count == 4_000)
        let dayBefore = DemoFixture.end.addingTimeInterval(-86_400)
        let start = DemoFixture.end.addingTimeInterval(-30 * 86_400)
        let dates = try rows.map { try #require($0.date) }
        #expect(dates.filter { $0 >= dayBefore && $0 < DemoFixture.end }.count == 400)
        #expect(dates.allSatisfy { $0 >= start && $0 < DemoFixture.end })
        #expect(Set(rows.map(\.customer)).count > 300, "spread over many profiles")
    }

    @Test func everyLineIsValidJSONWithNormalisableCustomers() throws {
        let url = temporaryFile("valid.jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try writer().writeJSONL(to: url)
        for line in try lines(of: url) {
            let row = try JSONDecoder().decode(DemoRow.self, from: Data(line.utf8))
            #expect(Channel(rawValue: row.channel) != nil && Direction(rawValue: row.direction) != nil)
            #expect(Visibility(rawValue: row.visibility) != nil)
            #expect(throws: Never.self) { try Identifier.parse(row.customer) }
        }
    }

    @Test func sameSeedWritesIdenticalBytesAndDifferentSeedDoesNot() throws {
        let first = temporaryFile("a.jsonl")
        let second = temporaryFile("b.jsonl")
        let other = temporaryFile("c.jsonl")
        defer { for url in [first, second, other] { try? FileManager.default.removeItem(at: url) } }
        try writer(seed: 5).writeJSONL(to: first)
        try writer(seed: 5).writeJSONL(to: second)
        try writer(seed: 6).writeJSONL(to: other)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
        #expect(try Data(contentsOf: first) != Data(contentsOf: other))
    }

    @Test func rowRangesWrittenSeparatelyConcatenateToTheWholeFile() throws {
        let benchmark = writer()
        let whole = temporaryFile("whole.jsonl")
        let history = temporaryFile("history.jsonl")
        let recent = temporaryFile("recent.jsonl")
        defer { for url in [whole, history, recent] { try? FileManager.default.removeItem(at: url) } }
        try benchmark.writeJSONL(to: whole)
        let historySummary = try benchmark.writeJSONL(to: history, rows: 0..<benchmark.historyRows)
        let recentSummary = try benchmark.writeJSONL(to: recent, rows: benchmark.recentRange)
        #expect(historySummary.recentRows == 0 && recentSummary.recentRows == recentSummary.rows)
        #expect(try Data(contentsOf: history) + Data(contentsOf: recent) == Data(contentsOf: whole))
    }

    @Test func copyTextHoldsTheSameRowsAsJSONL() throws {
        let benchmark = writer()
        let jsonl = temporaryFile("same.jsonl")
        let copy = temporaryFile("same.copy")
        defer { for url in [jsonl, copy] { try? FileManager.default.removeItem(at: url) } }
        try benchmark.writeJSONL(to: jsonl)
        try benchmark.writeCOPY(to: copy, columns: Self.columns)
        let jsonRows = try lines(of: jsonl).map { try JSONDecoder().decode(DemoRow.self, from: Data($0.utf8)) }
        let copyRows = try lines(of: copy)
        #expect(jsonRows.count == copyRows.count)
        var sawEscapedNewline = false
        var sawNull = false
        for (json, copyLine) in zip(jsonRows, copyRows) {
            let fields = copyLine.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(fields.count == Self.columns.count, "one field per column, no raw tab")
            guard fields.count == Self.columns.count else { continue }
            let values = fields.map(copyField)
            #expect(values[0] == json.source && values[1] == json.externalID && values[2] == json.channel)
            #expect(values[3] == json.direction && values[4] == json.visibility && values[5] == json.occurredAt)
            #expect(values[6] == json.customer)
            let identifier = try Identifier.parse(json.customer)
            #expect(values[7] == identifier.kind.rawValue && values[8] == identifier.value)
            #expect(values[9] == json.threadID && values[10] == json.inReplyTo)
            #expect(values[11] == json.account && values[12] == json.body && values[13] == "{}")
            sawEscapedNewline = sawEscapedNewline || fields[12].contains("\\n")
            sawNull = sawNull || fields[10] == "\\N"
        }
        #expect(sawEscapedNewline && sawNull)
    }

    @Test func repliesFollowTheMessageTheyAnswer() throws {
        let url = temporaryFile("replies.jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try writer().writeJSONL(to: url)
        let rows = try lines(of: url).map { try JSONDecoder().decode(DemoRow.self, from: Data($0.utf8)) }
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.externalID, $0) })
        let replies = rows.filter { $0.direction == "outbound" }
        #expect(replies.count > 200)
        for reply in replies {
            let parentID = try #require(reply.inReplyTo)
            let parent = try #require(byID[parentID])
            #expect(parent.customer == reply.customer && parent.direction == "inbound")
            #expect(parent.occurredAt <= reply.occurredAt)
        }
    }

    @Test func chunksHandedToACallbackMatchTheFile() throws {
        let benchmark = writer()
        let url = temporaryFile("chunks.copy")
        defer { try? FileManager.default.removeItem(at: url) }
        try benchmark.writeCOPY(to: url, columns: [.source, .externalID, .body])
        var streamed: [UInt8] = []
        var chunks = 0
        benchmark.forEachChunk(.copy(columns: [.source, .externalID, .body]), chunkSize: 16 * 1024) { chunk in
            streamed += chunk
            chunks += 1
        }
        #expect(chunks > 1)
        #expect(try Data(streamed) == Data(contentsOf: url))
    }

    @Test func validationExplainsParametersOutOfRange() {
        #expect(BenchmarkDataWriter.validate(interactions: 10, profiles: 5, recentShare: 0.1, historyDays: 30) == nil)
        let noProfiles = BenchmarkDataWriter.validate(interactions: 10, profiles: 0, recentShare: 0.1, historyDays: 30)
        #expect(noProfiles?.description.contains("profiles") == true)
        #expect(BenchmarkDataWriter.validate(interactions: 10, profiles: 5, recentShare: 1.5, historyDays: 30) != nil)
        #expect(BenchmarkDataWriter.validate(interactions: -1, profiles: 5, recentShare: 0.1, historyDays: 30) != nil)
        #expect(BenchmarkDataWriter.validate(interactions: 10, profiles: 5, recentShare: 0.1, historyDays: 1) != nil)
    }

    @Test func bodiesHaveRealisticLengths() throws {
        let url = temporaryFile("lengths.jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try writer().writeJSONL(to: url)
        let lengths = try lines(of: url).map { try JSONDecoder().decode(DemoRow.self, from: Data($0.utf8)).body?.count ?? 0 }
        let mean = Double(lengths.reduce(0, +)) / Double(lengths.count)
        #expect(mean > 50 && mean < 250, "mean body length \(mean)")
        #expect(Set(lengths).count > 50)
    }
}
