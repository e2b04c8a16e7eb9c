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
}
