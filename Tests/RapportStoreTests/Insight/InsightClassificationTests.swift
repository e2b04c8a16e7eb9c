import Foundation
import RapportCore
import RapportInsight
import Testing

@testable import RapportStore

@Suite("Classifying stored interactions")
struct InsightClassificationTests {
    /// A night of complaints plus other messages, brand replies and a message without text.
    static func mixedNight() throws -> [InteractionRecord] {
        var records = try InsightFixtures.night(InsightFixtures.firstNight, number: 1, day: 0)
        for (k, text) in InsightFixtures.others.enumerated() {
            records.append(try InsightFixtures.message("other-\(k)", customer: "email:other\(k)@example.com", body: text, at: InsightFixtures.at(day: 0, hour: 15), channel: .email))
        }
        records.append(
            try InsightFixtures.message("reply-0", customer: "twitter:refund_1_0", body: "Sorry to hear that, please DM us", at: InsightFixtures.at(day: 0, hour: 9), direction: .outbound))
        records.append(try InsightFixtures.message("no-text", customer: "phone:+442071234567", body: nil, at: InsightFixtures.at(day: 0, hour: 16), channel: .phone))
        return records
    }

    @Test func classifiesEveryInboundMessageWithTextOnce() async throws {
        try await TestDatabase.with { database in
            let records = try Self.mixedNight()
            _ = try await Fixture.load(records, into: database)
            let expected = records.filter { $0.direction == .inbound && !($0.body ?? "").isEmpty }.count

            let first = try await InsightClassification(database: database).run(.new)
            #expect(first.considered == expected)
            #expect(first.classified == expected)
            #expect(try await Fixture.count("insight_records", in: database) == expected)
            let outbound = try await InsightFixtures.scalar(
                "SELECT count(*)::int8 FROM insight_records n JOIN interactions x ON x.id = n.interaction_id WHERE x.direction = 'outbound' OR x.body IS NULL",
                in: database)
            #expect(outbound == 0)
        }
    }

    @Test func classifyIsIdempotent() async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load(try Self.mixedNight(), into: database)
            let first = try await InsightClassification(database: database).run(.new)
            #expect(first.classified > 0)
            let rows = try await Fixture.count("insight_records", in: database)
            let themes = try await Fixture.count("themes", in: database)

            let again = try await InsightClassification(database: database).run(.new)
            #expect(again.considered == 0)
            #expect(again.classified == 0)
            let sinceEver = try await InsightClassification(database: database).run(.since(Date(timeIntervalSince1970: 0)))
            #expect(sinceEver.considered == 0)
            #expect(sinceEver.classified == 0)
            #expect(try await Fixture.count("insight_records", in: database) == rows)
            #expect(try await Fixture.count("themes", in: database) == themes)
        }
    }

    @Test func laterRunsClassifyOnlyWhatWasStoredSince() async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load(try Self.mixedNight(), into: database)
            let first = try await InsightClassification(database: database).run(.new)
            let later = try InsightFixtures.night(InsightFixtures.secondNight, number: 2, day: 1)
            _ = try await Fixture.load(later, into: database)

            let second = try await InsightClassification(database: database).run(.new)
            #expect(second.considered == later.count)
            #expect(second.classified == later.count)
            #expect(try await Fixture.count("insight_records", in: database) == first.classified + later.count)
        }
    }

    @Test func sinceFindsOldMessagesWithoutAnInsight() async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load(try Self.mixedNight(), into: database)
            _ = try await InsightClassification(database: database).run(.new)
            // A message that occurred before the others but had no insight yet (as if written by an
            // older version): --since finds it whatever its id.
            let old = try InsightFixtures.message("late-1", customer: "twitter:late", body: "my refund never arrived", at: InsightFixtures.at(day: -3))
            _ = try await Fixture.load([old], into: database)
            try await database.client.query(
                "INSERT INTO insight_progress (singleton, classified_through) VALUES (true, 1000000) ON CONFLICT (singleton) DO UPDATE SET classified_through = 1000000",
                logger: database.logger)

            let byFrontier = try await InsightClassification(database: database).run(.new)
            #expect(byFrontier.considered == 0)
            let bySince = try await InsightClassification(database: database).run(.since(InsightFixtures.at(day: -4)))
            #expect(bySince.considered == 1)
            #expect(bySince.classified == 1)
        }
    }

    @Test func storesKindSentimentAndCues() async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load(try Self.mixedNight(), into: database)
            _ = try await InsightClassification(database: database).run(.new)
            let rows = try await database.client.query(
                """
                SELECT x.body, n.kind, n.sentiment::float8, n.cues FROM insight_records n JOIN interactions x ON x.id = n.interaction_id
                """,
                logger: database.logger)
            let classifier = InteractionClassifier()
            var checked = 0
            for try await (body, kind, sentiment, cues) in rows.decode((String, String, Double, [String]).self) {
                let expected = classifier.classify(body)
                #expect(kind == expected.kind.rawValue, "\(body)")
                #expect(abs(sentiment - expected.sentiment) < 1e-5, "\(body)")
                #expect(cues == expected.cues, "\(body)")
                checked += 1
            }
            #expect(checked > 20)
        }
    }

    @Test func themeSizesCountEachComplaintOnce() async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load(try Self.mixedNight(), into: database)
            _ = try await InsightClassification(database: database).run(.new)
            _ = try await Fixture.load(try InsightFixtures.night(InsightFixtures.secondNight, number: 2, day: 1), into: database)
            _ = try await InsightClassification(database: database).run(.new)
            _ = try await InsightClassification(database: database).run(.new)

            let sizes = try await InsightFixtures.scalar("SELECT coalesce(sum(size), 0)::int8 FROM themes", in: database)
            let themed = try await InsightFixtures.scalar(
                "SELECT count(*)::int8 FROM interaction_insights WHERE theme_id IS NOT NULL", in: database)
            #expect(themed > 0)
            #expect(sizes == themed)
            let misplaced = try await InsightFixtures.scalar(
                "SELECT count(*)::int8 FROM insight_records WHERE theme_id IS NOT NULL AND kind <> 'complaint'", in: database)
            #expect(misplaced == 0)
        }
    }

    @Test func smallChunksClassifyEveryMessageOnceAndKeepThemeSizesExact() async throws {
        try await TestDatabase.with { database in
            let records = try Self.mixedNight() + InsightFixtures.night(InsightFixtures.secondNight, number: 2, day: 1)
            _ = try await Fixture.load(records, into: database)
            let expected = records.filter { $0.direction == .inbound && !($0.body ?? "").isEmpty }.count
            let chunked = InsightClassification(database: database, options: InsightOptions(chunkSize: 4))
            let summary = try await chunked.run(.new)
            #expect(summary.considered == expected)
            #expect(summary.classified == expected)
            #expect(try await chunked.run(.new).classified == 0)
            #expect(try await Fixture.count("insight_records", in: database) == expected)
            let sizes = try await InsightFixtures.scalar("SELECT coalesce(sum(size), 0)::int8 FROM themes", in: database)
            let themed = try await InsightFixtures.scalar("SELECT count(*)::int8 FROM interaction_insights WHERE theme_id IS NOT NULL", in: database)
            #expect(sizes == themed)
            #expect(Int(themed) == summary.themed)
            // No foreign key checks it (schema/006): every theme an insight names exists.
            let orphans = try await InsightFixtures.scalar(
                "SELECT count(*)::int8 FROM interaction_insights n WHERE n.theme_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM themes t WHERE t.id = n.theme_id)",
                in: database)
            #expect(themed > 0)
            #expect(orphans == 0)
        }
    }

    @Test func complaintsGetARowEachAndOtherKindsOneBatchRowPerChunk() async throws {
        try await TestDatabase.with { database in
            let records = try Self.mixedNight()
            _ = try await Fixture.load(records, into: database)
            let summary = try await InsightClassification(database: database, options: InsightOptions(chunkSize: 8)).run(.new)
            let complaints = summary.kinds["complaint"] ?? 0
            #expect(complaints > 0)
            #expect(summary.classified - complaints > 0)
            #expect(try await InsightFixtures.scalar("SELECT count(*)::int8 FROM interaction_insights", in: database) == Int64(complaints))
            #expect(try await InsightFixtures.scalar("SELECT count(*)::int8 FROM interaction_insights WHERE kind <> 'complaint'", in: database) == 0)
            let entries = try await InsightFixtures.scalar("SELECT coalesce(sum(cardinality(interaction_ids)), 0)::int8 FROM insight_batches", in: database)
            #expect(entries == Int64(summary.classified - complaints))
            // At most one batch row per chunk of 8, each within its id span and holding no complaint.
            let batches = try await InsightFixtures.scalar("SELECT count(*)::int8 FROM insight_batches", in: database)
            #expect(batches >= 1 && batches <= Int64((summary.considered + 7) / 8))
            let outOfSpan = try await InsightFixtures.scalar(
                """
                SELECT count(*)::int8 FROM insight_batches b, unnest(b.interaction_ids) u(id)
                WHERE u.id < b.first_id OR u.id > b.last_id OR 'complaint' = ANY(b.kinds)
                """, in: database)
            #expect(outOfSpan == 0)
            let twice = try await InsightFixtures.scalar(
                "SELECT count(*)::int8 FROM (SELECT interaction_id FROM insight_records GROUP BY 1 HAVING count(*) > 1) d", in: database)
            #expect(twice == 0)
            // The point lookup finds every batch entry.
            let found = try await InsightFixtures.scalar(
                """
                SELECT count(*)::int8 FROM insight_batches b, unnest(b.interaction_ids, b.kinds) u(id, kind)
                WHERE (SELECT e.kind FROM insight_batch_entry(u.id) e) = u.kind
                """, in: database)
            #expect(found == entries)
        }
    }

    @Test func forgettingBatchEntriesClearsCuesOrRemovesThemAndDropsEmptyBatches() async throws {
        try await TestDatabase.with { database in
            try await database.client.query(
                """
                INSERT INTO insight_batches (first_id, last_id, last_occurred_at, interaction_ids, kinds, sentiments, cues)
                VALUES (10, 14, now(), '{10,12,14}', '{question,comment,compliment}', '{0,0.5,1}', ARRAY['question: "how"', '', 'praise: "thanks"']),
                       (20, 21, now(), '{20,21}', '{comment,comment}', '{0,0}', '{a,b}')
                """, logger: database.logger)
            // Clearing: 10 and 12 are in the first batch, but 12 has no cue to clear; 99 is nowhere.
            #expect(try await InsightFixtures.scalar("SELECT insight_batches_forget('{10,12,99}', false)", in: database) == 1)
            #expect(try await InsightFixtures.scalar("SELECT count(*)::int8 FROM insight_records WHERE cues <> '{}'", in: database) == 3)
            #expect(try await InsightFixtures.scalar("SELECT count(*)::int8 FROM insight_records", in: database) == 5)
            // Removing: 14 leaves the first batch with two entries; 20 and 21 empty the second, which goes.
            #expect(try await InsightFixtures.scalar("SELECT insight_batches_forget('{14,20,21}', true)", in: database) == 3)
            #expect(try await InsightFixtures.scalar("SELECT count(*)::int8 FROM insight_batches", in: database) == 1)
            let rows = try await database.client.query(
                "SELECT interaction_ids, kinds, cues FROM insight_batches", logger: database.logger)
            for try await (ids, kinds, cues) in rows.decode(([Int64], [String], [String]).self) {
                #expect(ids == [10, 12])
                #expect(kinds == ["question", "comment"])
                #expect(cues == ["", ""])
            }
            #expect(try await InsightFixtures.scalar("SELECT insight_batches_forget('{}', true)", in: database) == 0)
        }
    }
}
