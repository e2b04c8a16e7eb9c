import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// The inputs with nothing in them: empty, blank, a byte-order mark alone, a header alone, in
/// every line-end spelling. None is a row; a CSV without its header is refused as a whole.
@Suite("Empty and header-only inputs")
struct EmptyAndHeaderOnlyInputTests {
    static let blanks: [[UInt8]] = [[], [0x0A], [0x0D, 0x0A], [0x0A, 0x0A], [0x20, 0x09, 0x0A, 0x0D, 0x0A], [0x20]]
    static let prefixes: [[UInt8]] = [[], [0xEF, 0xBB, 0xBF]]

    @Test func blankJSONLHasNoRowsButCountsItsLines() throws {
        for prefix in Self.prefixes {
            for blank in Self.blanks {
                for format in [InputFormat.jsonl, nil] {
                    var reader = try InteractionReader(bytes: prefix + blank, format: format)
                    #expect(reader.format == .jsonl)
                    var lines = 0
                    while let batch = try reader.nextBatch(maxRows: 10) {
                        #expect(batch.rowsRead == 0, "\(prefix + blank)")
                        lines += batch.linesRead
                    }
                    let expected =
                        blank.split(separator: 0x0A, omittingEmptySubsequences: false).count - (blank.last == 0x0A || blank.isEmpty ? 1 : 0)
                    #expect(lines == expected, "\(prefix + blank): \(lines) lines")
                }
            }
        }
    }

    @Test func aCSVHeaderAloneHasNoRows() throws {
        for prefix in Self.prefixes {
            for ending in [[], [0x0A], [0x0D, 0x0A], [0x0A, 0x0A, 0x0D, 0x0A]] as [[UInt8]] {
                let twcs = prefix + Array("tweet_id,author_id,inbound,created_at,text,in_response_to_tweet_id".utf8) + ending
                for format in [InputFormat.twcs, nil] {
                    var reader = try InteractionReader(bytes: twcs, format: format)
                    #expect(reader.format == .twcs)
                    #expect(try reader.nextBatch(maxRows: 10).map(\.rowsRead) ?? 0 == 0)
                }
                var customers = try CustomerReader(bytes: prefix + Array("crm_source,crm_id,name".utf8) + ending)
                #expect(try customers.nextBatch(maxRows: 10).map(\.rowsRead) ?? 0 == 0)
            }
        }
    }

    @Test func aCSVWithoutItsHeaderIsRefusedAsAWhole() {
        for prefix in Self.prefixes {
            for blank in Self.blanks {
                let bytes = prefix + blank
                #expect(throws: InputError.self, "\(bytes)") { try CustomerReader(bytes: bytes) }
                #expect(throws: InputError.self, "\(bytes)") { try InteractionReader(bytes: bytes, format: .twcs) }
            }
        }
        // A header the reader cannot read (a quote never closed, invalid UTF-8) is refused too.
        for header in [Array("crm_source,\"crm_id".utf8), Array("crm_source,crm_id".utf8) + [0xFF]] {
            #expect(throws: InputError.self) { try CustomerReader(bytes: header) }
        }
    }
}
