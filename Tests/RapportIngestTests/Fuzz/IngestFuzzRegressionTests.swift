import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// One test per bug the fuzz tests found in the ingest parsers, named for the behaviour now pinned.
@Suite("Ingest regressions found by fuzzing")
struct IngestFuzzRegressionTests {
    /// An integer `external_id`, `thread_id` or `in_reply_to` skipped the 1 KiB limit that the
    /// same value as a string met: 1,100 digits were accepted.
    @Test func refusesIntegerIdentifiersOverTheShortFieldLimit() {
        let digits = "1" + String(repeating: "0", count: 1_100)
        for key in ["external_id", "thread_id", "in_reply_to"] {
            let error = jsonlError(jsonlLine(replacing: [key: digits]), number: 7)
            #expect(error?.kind == .oversizeField && error?.field == key && error?.line == 7, "\(key): \(String(describing: error))")
        }
        #expect(jsonlError(jsonlLine(replacing: ["external_id": "1" + String(repeating: "0", count: 1_023)])) == nil)
    }

    /// `attributes` is stored as `jsonb`, whose numbers are PostgreSQL `numeric`: a valid JSON number
    /// such as `1e-16384` or `1e131072` passed the parser and then failed the whole batch's COPY
    /// ("value overflows numeric format"). The limits are PostgreSQL 15's, measured at the edges.
    @Test func refusesAttributeNumbersPostgreSQLCannotStore() {
        for number in [
            "1e-16384", "1.5e-16383", "0e-16384", "10e-16384", "1e131072", "2e999999999999", "0e1073741823", "1e99999999999999999999",
            "-0e-99999",
        ] {
            let error = jsonlError(jsonlLine(replacing: ["attributes": #"{"n":[1,{"m":\#(number)}]}"#]), number: 3)
            #expect(
                error?.kind == .malformedRow && error?.field == "attributes" && error?.line == 3, "\(number): \(String(describing: error))")
            #expect(error?.detail.contains("out of range") == true, "\(number)")
        }
        for number in ["1e-16383", "1e131071", "1.5e131071", "0.001e131074", "0e131072", "0e1073741822", "-1e308", "123.456e-7", "0"] {
            #expect(jsonlError(jsonlLine(replacing: ["attributes": #"{"n":\#(number)}"#])) == nil, "\(number) is storable")
        }
        // Numbers under keys Rapport ignores are not stored, so they do not matter.
        #expect(jsonlError(jsonlLine(replacing: ["ignored": "1e999999"])) == nil)
    }

    /// `0001-01-01T00:30:00+01:00` is year 0 in UTC, which PostgreSQL's `timestamptz` refuses in text
    /// form ("date/time field value out of range"): the row passed the parser and failed the load.
    @Test func refusesTimestampsBeforeYearOneInUTC() {
        for time in ["0001-01-01T00:30:00+01:00", "0001-01-01T00:00:00+00:01", "0001-01-01 23:58:59.999+23:59"] {
            let error = jsonlError(jsonlLine(replacing: ["occurred_at": "\"\(time)\""]), number: 2)
            #expect(
                error?.kind == .badTimestamp && error?.field == "occurred_at" && error?.line == 2, "\(time): \(String(describing: error))")
            #expect(error?.detail.contains("before 0001-01-01") == true)
        }
        for time in ["0001-01-01T00:00:00Z", "0001-01-01T00:30:00-01:00", "9999-12-31T23:59:59-23:59"] {
            #expect(jsonlError(jsonlLine(replacing: ["occurred_at": "\"\(time)\""])) == nil, "\(time) is storable")
        }
    }

    /// The identifier cache keyed texts by `String`, which compares by canonical equivalence: after
    /// `email:José@example.com` (precomposed), `email:Jose\u{301}@example.com` came back with the
    /// first one's bytes, so the identity a row got depended on the rows before it.
    @Test func givesCanonicallyEquivalentCustomersTheirOwnBytes() throws {
        let precomposed = "email:Jos\u{E9}@example.com"
        let decomposed = "email:Jose\u{301}@example.com"
        let text = [precomposed, decomposed].map { jsonlLine(replacing: ["customer": "\"\($0)\""]) }.joined(separator: "\n")
        let read = try readInteractions(text, format: .jsonl)
        let values = read.records.compactMap { record -> [UInt8]? in
            guard case .identifier(let identifier) = record.customer else { return nil }
            return Array(identifier.value.utf8)
        }
        #expect(values == [Array("jos\u{E9}@example.com".utf8), Array("jose\u{301}@example.com".utf8)])
    }

    /// A value that is not valid JSON (a lone surrogate, a bad escape, nesting past the limit, a
    /// truncated literal) was rejected with no field at all; the reject now names the member.
    @Test func namesTheMemberWhoseValueIsNotValidJSON() {
        let cases: [(key: String, value: String)] = [
            ("body", #""\ud800x""#), ("source", #""\x""#), ("channel", "tru"), ("external_id", "01"), ("customer", #""a"b""#),
            ("attributes", String(repeating: "[", count: 10_000)), ("junk", String(repeating: "{\"a\":", count: 100) + "1"),
        ]
        for (key, value) in cases {
            let error = jsonlError(jsonlLine(replacing: [key: value]), number: 4)
            #expect(error?.kind == .malformedRow && error?.field == key && error?.line == 4, "\(key): \(String(describing: error))")
        }
        // A broken key names nothing: there is no member yet.
        #expect(jsonlError(#"{"source":"x","ext"#)?.field == nil)
    }

    /// The CSV reader validated a record's fields together, so `é` cut in two by a comma
    /// (`\xC3,\xA9`) passed as valid UTF-8 and came out as two U+FFFD fields.
    @Test func refusesAMultiByteCharacterSplitAcrossCSVFields() throws {
        var reader = CSVReader(bytes: Array("a,b,c\nx,".utf8) + [0xC3, 0x2C, 0xA9] + Array("\nnext,1,2\n".utf8))
        reader.columnNames = ["a", "b", "c"]
        var rows: [CSVRow] = []
        while let row = try reader.next() { rows.append(row) }
        guard rows.count == 3, case .rejected(let rejected) = rows[1] else {
            Issue.record("expected the split character refused: \(rows)")
            return
        }
        #expect(rejected.error.kind == .invalidUTF8 && rejected.error.field == "b" && rejected.error.line == 2)
        #expect(rows[2] == .record(CSVRecord(fields: ["next", "1", "2"], line: 3, raw: "next,1,2")))
    }

    /// A field exactly at the field limit was refused as "longer than the limit" when the record
    /// ended in `\r\n` (the `\r` counted against it), and accepted with `\n`.
    @Test func acceptsAFieldAtTheLimitBeforeACRLF() throws {
        let options = IngestOptions(maxLineBytes: 100, maxFieldBytes: 10, chunkBytes: 4_096)
        for ending in ["\n", "\r\n", "\r"] {
            // The last record ends at the end of the input, `\r` and all.
            var reader = CSVReader(
                bytes: Array("0123456789,x\(ending == "\r" ? "\r\n" : ending)0123456789\(ending)".utf8), options: options)
            var rows: [CSVRow] = []
            while let row = try reader.next() { rows.append(row) }
            #expect(
                rows.map { if case .record(let record) = $0 { record.fields } else { [] } } == [["0123456789", "x"], ["0123456789"]],
                "\(ending.debugDescription)")
        }
        // One byte more is still too long, \r or not.
        for text in ["0123456789\r,x\n", "0123456789\r\r\n", "0123456789x\r\n"] {
            var reader = CSVReader(bytes: Array(text.utf8), options: options)
            guard case .rejected(let rejected)? = try reader.next() else {
                Issue.record("\(text.debugDescription) must be refused")
                continue
            }
            #expect(rejected.error.kind == .oversizeField, "\(text.debugDescription)")
        }
    }

    /// A `crm_source` with a `:` in it passed (`crm:x` + `1` is the identity `crm:crm:x:1`, the same
    /// as `crm` + `x:1`), so two different CRM records could be linked to one profile.
    @Test func refusesACRMSourceThatIsNotOneName() throws {
        let text = "crm_source,crm_id\ncrm:x,1\ncrm,x:1\nSales Force,2\n"
        var reader = try CustomerReader(bytes: Array(text.utf8))
        let batch = try #require(try reader.nextBatch(maxRows: 10))
        #expect(batch.records.map(\.crmIdentifier.description) == ["crm:crm:x:1"])
        #expect(batch.rejects.map(\.error.line) == [2, 4])
        #expect(batch.rejects.allSatisfy { $0.error.field == "crm_source" && $0.error.kind == .malformedIdentifier })
    }

    /// A CRM cell's identifiers were de-duplicated by a linear search per item, so a 1 MiB cell of
    /// 80,000 distinct emails cost billions of comparisons: the reader hung on one row (found by a
    /// timing probe of the fuzz generator's many-identifiers case, not by the random runs).
    @Test func readsACellOfEightyThousandEmailsInLinearTime() throws {
        let count = 80_000
        let cell = (0..<count).map { "u\($0)@x.io" }.joined(separator: ";")
        let text = "crm_source,crm_id,emails\nhubspot,1,\(cell);U0@X.IO\n"
        let started = ContinuousClock.now
        var reader = try CustomerReader(bytes: Array(text.utf8), options: IngestOptions(maxLineBytes: 2 << 20, maxFieldBytes: 2 << 20))
        let batch = try #require(try reader.nextBatch(maxRows: 10))
        let took = ContinuousClock.now - started
        #expect(batch.records.first?.emails.count == count, "repeats are kept once")
        // Linear: half a second in a debug build here; the quadratic search took about 3 s for 8,000.
        #expect(took < .seconds(20), "\(took)")
    }
}
