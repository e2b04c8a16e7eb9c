import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RapportIngest
import RapportServer
import Testing

@testable import RapportServer

/// One test per bug the HTTP fuzz tests found, named for the behaviour now pinned.
@Suite("HTTP regressions found by fuzzing")
struct ServerFuzzRegressionTests {
    /// A customer key with a line break made the converted CSV header two lines long, and every
    /// reject of a JSON customer batch was reported under the wrong item (or under none).
    @Test func reportsCustomerRejectsUnderTheirItemWhenAKeyHoldsALineBreak() throws {
        let body = #"[{"crm_source":"hubspot","crm_id":"1","two\nlines":"x"},{"crm_source":"hubspot","crm_id":" "},{"crm_source":"x","crm_id":"3"}]"#
        let converted = try CustomerRows.csv(fromJSON: Array(body.utf8))
        var reader = try CustomerReader(bytes: converted.csv)
        let batch = try #require(try reader.nextBatch(maxRows: 10))
        #expect(batch.rejects.map(\.error.line) == [converted.startLines[1]])
        #expect(batch.records.map(\.line) == [converted.startLines[0], converted.startLines[2]])
        #expect(batch.records.map(\.crmID) == ["1", "3"])
    }
}
