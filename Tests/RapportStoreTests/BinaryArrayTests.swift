import Foundation
import PostgresNIO
import Testing

@testable import RapportStore

/// ``BinaryArray`` against PostgresNIO's own `[Element]` decoding of the same values, sent by a real
/// server in the binary format.
@Suite struct BinaryArrayTests {
    @Test func decodesWhatPostgresNIODecodes() async throws {
        try await TestDatabase.with(migrated: false, connections: 1) { database in
            let rows = try await database.client.query(
                """
                SELECT a, a, t, t, d, d, f, f, e, e, v, v
                FROM (SELECT ARRAY[0, 1, -1, 9223372036854775807, -9223372036854775808, 1234567890123]::int8[] AS a,
                             ARRAY['', 'plain', 'é ü 🙌 漢字', E'tab\\tnew\\nline', '{brace},"quote"\\back', repeat('long ', 2000)]::text[] AS t,
                             ARRAY['2000-01-01 00:00:00+00', '1999-12-31 23:59:59.999999+00', '2017-10-31 22:10:47.123456+00',
                                   '1970-01-01 00:00:00+00', '2099-12-31 23:59:59.999999+00', '2024-02-29 12:00:00.5+00']::timestamptz[] AS d,
                             ARRAY[0, -0.0, 1.5, -1, 1e-300, 1.7976931348623157e308, 'Infinity']::float8[] AS f,
                             '{}'::int8[] AS e,
                             ARRAY['a', 'bé']::varchar[] AS v) x
                """,
                logger: database.logger
            )
            var seen = 0
            for try await row in rows {
                let columns = try row.decode(
                    (
                        BinaryArray<Int64>, [Int64], BinaryArray<String>, [String], BinaryArray<Date>, [Date], BinaryArray<Double>, [Double],
                        BinaryArray<Int64>, [Int64], BinaryArray<String>, [String]
                    ).self)
                #expect(columns.0.elements == columns.1 && columns.0.elements.count == 6)
                #expect(columns.2.elements == columns.3 && columns.2.elements.count == 6)
                #expect(columns.4.elements == columns.5)
                #expect(columns.4.elements.count == 6)
                #expect(columns.4.elements[0] == Date(timeIntervalSince1970: 946_684_800))
                #expect(columns.6.elements == columns.7)
                #expect(columns.6.elements.last == .infinity)
                #expect(columns.8.elements.isEmpty && columns.9.isEmpty)
                #expect(columns.10.elements == ["a", "bé"] && columns.10.elements == columns.11)
                seen += 1
            }
            #expect(seen == 1)
        }
    }

    @Test func refusesNullsOtherTypesAndMoreDimensions() async throws {
        try await TestDatabase.with(migrated: false, connections: 1) { database in
            for (sql, label) in [
                ("SELECT ARRAY[1, NULL, 3]::int8[]", "a null element"),
                ("SELECT ARRAY[1, 2]::int4[]", "int4 elements read as int8"),
                ("SELECT ARRAY[[1, 2], [3, 4]]::int8[]", "two dimensions"),
            ] {
                let rows = try await database.client.query(PostgresQuery(unsafeSQL: sql), logger: database.logger)
                await #expect(throws: (any Error).self, "\(label)") {
                    for try await _ in rows.decode(BinaryArray<Int64>.self) {}
                }
            }
            let texts = try await database.client.query("SELECT ARRAY['x', NULL]::text[]", logger: database.logger)
            await #expect(throws: (any Error).self) {
                for try await _ in texts.decode(BinaryArray<String>.self) {}
            }
        }
    }

    @Test func decodingATruncatedBufferFails() throws {
        // One int8 element: header (1 dimension, no nulls, int8), count 1, lower bound 1, length 8, value.
        var bytes: [UInt8] = []
        for word: Int32 in [1, 0, 20, 1, 1, 8] { withUnsafeBytes(of: word.bigEndian) { bytes += $0 } }
        withUnsafeBytes(of: Int64(42).bigEndian) { bytes += $0 }
        #expect(try bytes.withUnsafeBytes { try BinaryArray<Int64>.decode($0) } == [42])
        for cut in [1, 4, 12, 20, 27] {
            #expect(throws: (any Error).self, "cut at \(cut)") { try bytes.prefix(cut).withUnsafeBytes { try BinaryArray<Int64>.decode($0) } }
        }
        #expect(throws: (any Error).self, "trailing bytes") { try (bytes + [0]).withUnsafeBytes { try BinaryArray<Int64>.decode($0) } }
    }

    @Test func textArrayParameterJoinsAsTheStagedRowsDo() async throws {
        let messages: [[String]] = [
            [], [""], ["complaint: problem word \"broken\""], ["a", "b", "c"], ["sep\u{1F}inside", "nul\u{0}inside", "\u{1F}\u{0}"],
            ["é ü 🙌 漢字", "{brace},\"quote\"\\back", "tab\tnew\nline"], [String(repeating: "long ", count: 3000), "x"],
        ]
        var parameter = TextArrayParameter(capacity: 8)
        for cues in messages { parameter.append(joining: cues, separator: InsightStage.cueSeparator) }
        #expect(parameter.count == messages.count)
        try await TestDatabase.with(migrated: false, connections: 1) { database in
            let rows = try await database.client.query(
                "SELECT \(parameter)::text[], cardinality(\(parameter)::text[]), \(TextArrayParameter())::text[] = '{}'", logger: database.logger)
            var seen = 0
            for try await (texts, cardinality, emptyIsEmpty) in rows.decode(([String], Int, Bool).self) {
                #expect(texts == messages.map(InsightStage.joinedCues))
                #expect(texts[4] == "sepinside\u{1F}nulinside\u{1F}")
                #expect(cardinality == messages.count)
                #expect(emptyIsEmpty)
                seen += 1
            }
            #expect(seen == 1)
        }
    }
}
