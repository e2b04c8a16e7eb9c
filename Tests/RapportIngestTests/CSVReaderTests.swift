import Foundation
import RapportCore
import Testing

@testable import RapportIngest

@Suite("CSV reader (RFC 4180, streaming)")
struct CSVReaderTests {
    private func rows(_ bytes: [UInt8], options: IngestOptions = .init()) throws -> [CSVRow] {
        var reader = CSVReader(bytes: bytes, options: options)
        var rows: [CSVRow] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    private func rows(_ text: String, options: IngestOptions = .init()) throws -> [CSVRow] {
        try rows(Array(text.utf8), options: options)
    }

    private func records(_ rows: [CSVRow]) -> [CSVRecord] {
        rows.compactMap { if case .record(let record) = $0 { record } else { nil } }
    }

    private func rejects(_ rows: [CSVRow]) -> [RejectedRow] {
        rows.compactMap { if case .rejected(let rejected) = $0 { rejected } else { nil } }
    }

    @Test func readsQuotedFieldsWithCommasQuotesAndNewlines() throws {
        let read = records(try rows("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,end\n"))
        #expect(read.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["plain", "", "end"]])
        #expect(read.map(\.line) == [1, 2, 4])
    }

    @Test func numbersRecordsByTheLineTheyStartOnAfterMultiLineFields() throws {
        let text = "h1,h2\n\"one\ntwo\nthree\",x\nnext,y\n\"a\r\nb\",z\r\nlast,w"
        let read = records(try rows(text))
        #expect(read.map(\.line) == [1, 2, 5, 6, 8])
        #expect(read[2].fields == ["next", "y"])
        #expect(read[3].fields == ["a\r\nb", "z"])
        #expect(read[4].fields == ["last", "w"])
    }

    @Test func handlesCRLFLineEndings() throws {
        let read = records(try rows("a,b\r\n\"q\",c\r\n"))
        #expect(read.map(\.fields) == [["a", "b"], ["q", "c"]])
    }

    @Test func skipsBlankLinesButCountsThem() throws {
        let read = records(try rows("a\n\n\r\nb\n"))
        #expect(read.map(\.fields) == [["a"], ["b"]])
        #expect(read.map(\.line) == [1, 4])
    }

    @Test func keepsAnEmptyQuotedFieldAsARecord() throws {
        #expect(records(try rows("\"\"\n")).map(\.fields) == [[""]])
    }

    @Test func skipsAByteOrderMark() throws {
        let read = records(try rows([0xEF, 0xBB, 0xBF] + Array("tweet_id,x\n1,2\n".utf8)))
        #expect(read.first?.fields == ["tweet_id", "x"])
    }

    @Test func readsALastRecordWithoutNewline() throws {
        #expect(records(try rows("a,b\nc,d")).map(\.fields) == [["a", "b"], ["c", "d"]])
    }

    @Test func keepsABareQuoteInsideAnUnquotedField() throws {
        #expect(records(try rows("5\" screen,ok\n")).map(\.fields) == [["5\" screen", "ok"]])
    }

    @Test func rejectsAnUnterminatedQuoteWithItsStartLine() throws {
        let result = try rows("a,b\nc,\"never closed\nmore\nlines\n")
        #expect(records(result).count == 1)
        let reject = try #require(rejects(result).first)
        #expect(reject.error.kind == .malformedRow)
        #expect(reject.error.line == 2)
        #expect(reject.error.detail.contains("unterminated"))
        #expect(reject.raw.hasPrefix("c,\"never closed"))
    }

    @Test func rejectsInvalidUTF8WithTheLineAndColumnName() throws {
        var reader = CSVReader(bytes: Array("name,text\nok,fine\n".utf8) + [0x62, 0x61, 0x64, 0x2C, 0xC3, 0x28, 0x0A] + Array("after,row\n".utf8))
        reader.columnNames = ["name", "text"]
        var result: [CSVRow] = []
        while let row = try reader.next() { result.append(row) }
        let reject = try #require(rejects(result).first)
        #expect(reject.error.kind == .invalidUTF8)
        #expect(reject.error.line == 3)
        #expect(reject.error.field == "text")
        #expect(records(result).map(\.fields).last == ["after", "row"])
    }

    @Test func rejectsTextAfterAClosingQuote() throws {
        let result = try rows("\"abc\"def,x\nnext,y\n")
        #expect(rejects(result).first?.error.kind == .malformedRow)
        #expect(rejects(result).first?.error.line == 1)
        #expect(records(result).map(\.fields) == [["next", "y"]])
    }

    @Test func rejectsANulByte() throws {
        let result = try rows(Array("a,b".utf8) + [0] + Array("c\nd,e\n".utf8))
        #expect(rejects(result).first?.error.kind == .malformedRow)
        #expect(rejects(result).first?.error.detail.contains("NUL") == true)
        #expect(records(result).map(\.fields) == [["d", "e"]])
    }

    @Test func rejectsAnOversizeFieldWithoutKeepingIt() throws {
        let options = IngestOptions(maxFieldBytes: 16)
        let long = String(repeating: "x", count: 100)
        let result = try rows("a,\"\(long)\"\n\(long),b\nok,fine\n", options: options)
        #expect(rejects(result).map(\.error.kind) == [.oversizeField, .oversizeField])
        #expect(rejects(result).map(\.error.line) == [1, 2])
        #expect(records(result).map(\.fields) == [["ok", "fine"]])
    }

    @Test func readsRecordsThatStraddleChunkBoundariesFromAFile() throws {
        // Small chunks (4 KiB) force quoted fields and CRLFs across reads.
        var text = "id,text\r\n"
        var expected: [[String]] = []
        for index in 0..<600 {
            let body = "line \(index), with \"quotes\"\nand a break " + String(repeating: "z", count: index % 37)
            text += "\(index),\"\(body.replacingOccurrences(of: "\"", with: "\"\""))\"\r\n"
            expected.append(["\(index)", body])
        }
        let path = try temporaryFile(Array(text.utf8), suffix: ".csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try CSVReader(path: path, options: IngestOptions(chunkBytes: 4_096))
        var read: [CSVRecord] = []
        while let row = try reader.next() {
            if case .record(let record) = row { read.append(record) }
        }
        #expect(read.count == 601)
        #expect(Array(read.dropFirst().map(\.fields)) == expected)
        #expect(read.last?.line == 1 + 2 * 599 + 1)
        #expect(reader.linesRead == 1 + 2 * 600)
        #expect(reader.totalBytes == text.utf8.count)
    }

    @Test func reportsAMissingFileAsAnInputError() {
        #expect(throws: InputError.self) { try CSVReader(path: "/nonexistent/rapport/customers.csv") }
    }
}
