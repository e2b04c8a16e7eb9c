import Foundation
import PostgresNIO
import RapportCore
import Testing

@testable import RapportStore

@Suite("Retention")
struct RetentionTests {
    /// `old` messages 400 to 400+old days ago and `recent` ones within the last days, one customer each.
    static func records(old: Int, recent: Int, prefix: String = "m") throws -> [InteractionRecord] {
        let now = Date()
        var records: [InteractionRecord] = []
        for k in 0..<old {
            records.append(try InsightFixtures.message(
                "\(prefix)-old-\(k)", customer: "twitter:old\(k % 7)", body: "my refund has not arrived, order \(k)",
                at: now.addingTimeInterval(-Double(400 + k) * 86_400)))
        }
        for k in 0..<recent {
            records.append(try InsightFixtures.message(
                "\(prefix)-new-\(k)", customer: "twitter:new\(k % 5)", body: "my parcel is late again, order \(k)",
                at: now.addingTimeInterval(-Double(k % 30) * 3_600)))
        }
        return records
    }

    static let oneYearAgo = Date().addingTimeInterval(-365 * 86_400)

    static func withBodies(before cutoff: Date, in database: Database) async throws -> Int64 {
        try await InsightFixtures.scalar("SELECT count(*) FROM interactions WHERE occurred_at < \(cutoff) AND body IS NOT NULL", in: database)
    }

    @Test func anonymisesOnlyWhatIsOlderAndKeepsTheRows() async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load(try Self.records(old: 23, recent: 11), into: database)
            _ = try await InsightClassification(database: database).run(.new)
            let retention = Retention(database: database)

            let dry = try await retention.apply(before: Self.oneYearAgo, mode: .anonymise, dryRun: true)
            #expect(dry.interactions == 23)
            #expect(try await Self.withBodies(before: Self.oneYearAgo, in: database) == 23)

            let applied = try await retention.apply(before: Self.oneYearAgo, mode: .anonymise, batchSize: 5)
            #expect(applied.interactions == 23)
            #expect(applied.batches == 5)
            #expect(applied.runID != nil)
            #expect(try await Self.withBodies(before: Self.oneYearAgo, in: database) == 0)
            #expect(try await Fixture.count("interactions", in: database) == 34)
            #expect(try await InsightFixtures.scalar("SELECT count(*) FROM interactions WHERE body IS NOT NULL", in: database) == 11)
            let cues = try await InsightFixtures.scalar(
                """
                SELECT count(*) FROM insight_records n JOIN interactions x ON x.id = n.interaction_id
                WHERE x.occurred_at < \(Self.oneYearAgo) AND n.cues <> '{}'
                """, in: database)
            #expect(cues == 0)

            let again = try await retention.apply(before: Self.oneYearAgo, mode: .anonymise)
            #expect(again.interactions == 0)
            #expect(try await retention.runs().count == 2)
        }
    }

    @Test func deleteRemovesRowsAndTheirInsight() async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load(try Self.records(old: 9, recent: 4), into: database)
            _ = try await InsightClassification(database: database).run(.new)
            let insightsBefore = try await Fixture.count("insight_records", in: database)
            let outcome = try await Retention(database: database).apply(before: Self.oneYearAgo, mode: .delete, batchSize: 4)
            #expect(outcome.interactions == 9)
            #expect(try await Fixture.count("interactions", in: database) == 4)
            let orphans = try await InsightFixtures.scalar(
                "SELECT count(*) FROM insight_records n WHERE NOT EXISTS (SELECT 1 FROM interactions x WHERE x.id = n.interaction_id)",
                in: database)
            #expect(orphans == 0)
            #expect(try await Fixture.count("insight_records", in: database) < insightsBefore)
        }
    }

    @Test func runsSafelyBesideIngest() async throws {
        try await TestDatabase.with(connections: 4) { database in
            _ = try await Fixture.load(try Self.records(old: 300, recent: 0), into: database)
            let fresh = try Self.records(old: 0, recent: 400, prefix: "live")
            async let loading = Fixture.load(fresh, into: database, batchSize: 7)
            async let anonymising = Retention(database: database).apply(before: Self.oneYearAgo, mode: .anonymise, batchSize: 3)
            let (loaded, retained) = try await (loading, anonymising)
            #expect(loaded.inserted == 400)
            #expect(retained.interactions == 300)
            #expect(try await Self.withBodies(before: Self.oneYearAgo, in: database) == 0)
            #expect(try await InsightFixtures.scalar("SELECT count(*) FROM interactions WHERE body IS NOT NULL", in: database) == 400)
        }
    }

    @Test func removesOldQuotesFromStoredReports() async throws {
        try await TestDatabase.with { database in
            try await PrivacyFixture.load(into: database)
            let quotes = try await InsightFixtures.scalar(
                "SELECT count(*) FROM reports r, jsonb_array_elements(r.document->'themes') t, jsonb_array_elements(t->'quotes') q", in: database)
            try #require(quotes > 0)
            // The fixture's messages are from November 2025: all older than a day.
            let outcome = try await Retention(database: database).apply(before: Date().addingTimeInterval(-86_400), mode: .anonymise)
            #expect(outcome.reportQuotes == Int(quotes))
            let left = try await InsightFixtures.scalar(
                "SELECT count(*) FROM reports r, jsonb_array_elements(r.document->'themes') t, jsonb_array_elements(t->'quotes') q", in: database)
            #expect(left == 0)
            let report = try await ReportArchive(database: database).report(try await InsightFixtures.scalar("SELECT min(id) FROM reports", in: database))
            #expect(report.summary.complaints > 0)
        }
    }
}
