import Foundation
import HummingbirdTesting
import RapportServer
import RapportStore
import Testing

/// `rapport serve --nightly-at HH:MM`: when the job runs, and that a run classifies and stores the
/// report the API then serves.
@Suite("Nightly schedule of rapport serve")
struct NightlyScheduleTests {
    static func utc(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test(arguments: [
        ("02:30", "2026-03-05T01:00:00Z", "2026-03-05T02:30:00Z"),  // later today
        ("02:30", "2026-03-05T02:30:00Z", "2026-03-06T02:30:00Z"),  // exactly now: tomorrow
        ("02:30", "2026-03-05T23:59:59Z", "2026-03-06T02:30:00Z"),
        ("00:00", "2026-12-31T12:00:00Z", "2027-01-01T00:00:00Z"),  // across a year
        ("23:59", "2028-02-28T23:59:30Z", "2028-02-29T23:59:00Z"),  // leap day
    ])
    func nextRunIsTheNextUTCTimeOfDay(time: String, now: String, expected: String) throws {
        let at = try #require(NightlySchedule.TimeOfDay(time))
        #expect(NightlySchedule.nextRun(after: try Self.utc(now), at: at) == (try Self.utc(expected)))
    }

    @Test func timeOfDayIsHHMMIn24Hours() {
        #expect(NightlySchedule.TimeOfDay("07:05")?.description == "07:05")
        for bad in ["7:05", "24:00", "12:60", "12-30", "", "12:30:00", "ab:cd", "-1:30"] {
            #expect(NightlySchedule.TimeOfDay(bad) == nil, "\(bad)")
        }
    }

    @Test func aRunClassifiesStoresAndServesTheReport() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                try await LookupRouteTests.seed(server, client)
                let schedule = NightlySchedule(
                    database: server.database, at: try #require(NightlySchedule.TimeOfDay("02:30")), logger: TestServer.logger)
                let outcome = try #require(await schedule.runOnce(endingAt: try Self.utc("2026-03-07T00:00:00Z")))
                #expect(outcome.classification.classified == 7)
                let list = try await client.execute(uri: "/v1/reports", method: .get, headers: server.headers(.reader))
                #expect(list.status == .ok)
                #expect(String(buffer: list.body).contains("\"nightly\""), "the stored report is listed as a nightly one")
                let shown = try await client.execute(uri: "/v1/reports/\(outcome.reportID)", method: .get, headers: server.headers(.reader))
                #expect(shown.status == .ok)
                // A second run finds nothing new to classify.
                let again = try #require(await schedule.runOnce(endingAt: try Self.utc("2026-03-07T00:00:00Z")))
                #expect(again.classification.classified == 0)
            }
        }
    }
}
