import Foundation
import PostgresNIO
import RapportInsight
import Testing

@testable import RapportStore

/// The report's prior daily counts come from the hourly counts the triggers keep
/// (schema/008_complaint_hour_counts.sql); they must equal a count of the complaints themselves,
/// for periods that start on the hour and periods that do not, after every kind of change.
@Suite("Complaint counts per theme and hour")
struct ComplaintHourCountsTests {
    /// Complaints spread over 12 days at uneven minutes, two problems, classified into themes.
    static func load(into database: Database) async throws {
        var records = try InsightFixtures.night(InsightFixtures.firstNight, number: 0, day: 0)
        for day in 1..<12 {
            for (k, text) in (InsightFixtures.firstNight["refund", default: []] + InsightFixtures.firstNight["charged", default: []]).enumerated()
            where (k + day) % 3 != 0 {
                let at = InsightFixtures.at(day: Double(day), hour: Double(k * 2) + Double((k * 17 + day * 7) % 60) / 60)
                records.append(try InsightFixtures.message("d\(day)-\(k)", customer: "twitter:c\(day)_\(k)", body: text, at: at))
            }
        }
        _ = try await Fixture.load(records, into: database)
        _ = try await InsightClassification(database: database).run(.new, now: InsightFixtures.at(day: 12, hour: 0))
    }

    /// The old way: count the complaints index directly.
    static func counted(_ database: Database, period: FlawPeriod, days: Int) async throws -> [String: Int] {
        let start = period.from.addingTimeInterval(-Double(days) * 86_400)
        let rows = try await database.client.query(
            """
            SELECT theme_id, floor(date_part('epoch', occurred_at - \(period.from)::timestamptz) / 86400)::int4, count(*)::int8
            FROM interaction_insights
            WHERE kind = 'complaint' AND theme_id IS NOT NULL AND occurred_at >= \(start) AND occurred_at < \(period.from)
            GROUP BY 1, 2
            """,
            logger: database.logger
        )
        var result: [String: Int] = [:]
        for try await (theme, day, count) in rows.decode((Int64, Int32, Int64).self) { result["\(theme)/\(day)"] = Int(count) }
        return result
    }

    static func kept(_ database: Database, period: FlawPeriod) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for count in try await FlawReporter(database: database).priorCounts(for: period) {
            result["\(count.themeID)/\(count.day)", default: 0] += count.complaints
        }
        return result.filter { $0.value != 0 }
    }

    static func rowCount(_ database: Database) async throws -> Int {
        var count = 0
        for try await n in try await database.client.query("SELECT count(*)::int8 FROM complaint_hour_counts", logger: database.logger)
            .decode(Int64.self)
        {
            count = Int(n)
        }
        return count
    }

    static let periods: [(from: Double, hours: Double)] = [(10, 24), (9.5, 24), (11.0 + 7.25 / 24, 6), (8.0 + 13.9 / 24, 48)]

    static func expectSame(_ database: Database, _ stage: String) async throws {
        for (from, hours) in periods {
            let start = InsightFixtures.at(day: from, hour: 0)
            let period = try FlawPeriod(from: start, to: start.addingTimeInterval(hours * 3600))
            let days = FlawSettings().priorCountDays(for: period)
            let expected = try await counted(database, period: period, days: days)
            #expect(!expected.isEmpty, "\(stage): no complaints before \(start)")
            #expect(try await kept(database, period: period) == expected, "\(stage), period from day \(from)")
        }
    }

    @Test func priorCountsEqualTheComplaintsThroughInsertsUpdatesAndDeletes() async throws {
        try await TestDatabase.with { database in
            try await Self.load(into: database)
            try await Self.expectSame(database, "after classification")

            // What the backlog and a theme change do: complaints move between themes, or lose one.
            try await database.client.query(
                """
                UPDATE interaction_insights SET theme_id = (SELECT min(id) FROM themes)
                WHERE kind = 'complaint' AND interaction_id % 3 = 0
                """, logger: database.logger)
            try await database.client.query(
                "UPDATE interaction_insights SET theme_id = NULL WHERE kind = 'complaint' AND interaction_id % 5 = 0", logger: database.logger)
            try await Self.expectSame(database, "after updates")

            // What erasure and retention do.
            try await database.client.query("DELETE FROM interaction_insights WHERE interaction_id % 4 = 1", logger: database.logger)
            try await Self.expectSame(database, "after deletes")

            // Folding each hour's rows into one changes no count.
            let rowsBefore = try await Self.rowCount(database)
            let start = InsightFixtures.at(day: 12, hour: 0)
            try await FlawReporter(database: database).compactHourCounts(for: try FlawPeriod(from: start, to: start.addingTimeInterval(86_400)))
            #expect(try await Self.rowCount(database) < rowsBefore)
            try await Self.expectSame(database, "after compaction")
        }
    }

    @Test func cutHoursAreTheHoursASliceBoundaryCrosses() throws {
        let day0 = InsightFixtures.at(day: 0, hour: 0)
        // On the hour: nothing to count from the index.
        #expect(FlawReporter.cutHours(from: day0.addingTimeInterval(-3 * 86_400), to: day0).isEmpty)
        // At 14:37: the hour of each of the four boundaries, clipped to [start, end).
        let end = day0.addingTimeInterval(14 * 3600 + 37 * 60)
        let cut = FlawReporter.cutHours(from: end.addingTimeInterval(-3 * 86_400), to: end)
        #expect(cut.count == 4)
        #expect(cut.first?.from == end.addingTimeInterval(-3 * 86_400))
        #expect(cut.first?.to == day0.addingTimeInterval(-3 * 86_400 + 15 * 3600))
        #expect(cut.last?.from == day0.addingTimeInterval(14 * 3600))
        #expect(cut.last?.to == end)
        #expect(cut.dropFirst().dropLast().allSatisfy { $0.to.timeIntervalSince($0.from) == 3600 })
    }
}
