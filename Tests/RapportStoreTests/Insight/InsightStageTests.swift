import Foundation
import PostgresNIO
import RapportCore
import RapportInsight
import Testing

@testable import RapportStore

@Suite("Writing insight rows")
struct InsightStageTests {
    static func rows(for ids: [Int64]) -> [InsightRow] {
        ids.map { id in
            InsightRow(
                interactionID: id, occurredAt: Fixture.base, identityID: 1, channel: "twitter", visibility: "public",
                classification: Classification(
                    kind: .complaint, sentiment: -0.5, cues: [#"said "still waiting""#, #"back\slash, {brace}"#, "tab\there", "new\nline", "emoji 🙌", "plain"]),
                themeID: nil, themed: true
            )
        }
    }

    @Test func cuesRoundTripAndASecondWriteAddsNothing() async throws {
        try await TestDatabase.with { database in
            let first = try await database.transaction { connection in
                try await InsightStage.insert(Self.rows(for: [11, 12, 13]), on: connection, logger: database.logger)
            }
            #expect(first == 3)
            // 12 and 13 are stored: the direct COPY fails and the stage path adds only 14.
            let second = try await database.transaction { connection in
                try await InsightStage.create(on: connection, logger: database.logger)
                return try await InsightStage.insert(Self.rows(for: [12, 13, 14]), on: connection, logger: database.logger)
            }
            #expect(second == 1)
            let rows = try await database.client.query(
                "SELECT interaction_id, cues, themed_at IS NOT NULL FROM interaction_insights ORDER BY 1", logger: database.logger)
            var seen: [Int64] = []
            for try await (id, cues, themed) in rows.decode((Int64, [String], Bool).self) {
                seen.append(id)
                #expect(cues == Self.rows(for: [id])[0].classification.cues)
                #expect(themed)
            }
            #expect(seen == [11, 12, 13, 14])
        }
    }

    @Test func joinedCuesDropTheSeparatorAndNulAndKeepEverythingElse() {
        #expect(InsightStage.joinedCues([]) == "")
        #expect(InsightStage.joinedCues(["emoji 🙌 é"]) == "emoji 🙌 é")
        #expect(InsightStage.joinedCues(["a\u{1F}b", "c\u{0}d"]) == "ab\u{1F}cd")
        #expect(InsightStage.joinedCues(["one", "two", "three"]) == "one\u{1F}two\u{1F}three")
    }

    @Test func aBatchRoundTripsThroughTheRecordsView() async throws {
        try await TestDatabase.with { database in
            let rows = [
                InsightRow(
                    interactionID: 21, occurredAt: Fixture.base, identityID: 1, channel: "email", visibility: "private",
                    classification: Classification(kind: .question, sentiment: 0.25, cues: [#"asks "how""#, "emoji 🙌"]), themeID: nil,
                    themed: false),
                InsightRow(
                    interactionID: 20, occurredAt: Fixture.base.addingTimeInterval(60), identityID: 1, channel: "email",
                    visibility: "private", classification: Classification(kind: .comment, sentiment: 0, cues: []), themeID: nil,
                    themed: false),
            ]
            let written = try await database.transaction { connection in
                try await InsightBatch.insert(rows, on: connection, logger: database.logger)
            }
            #expect(written == 2)
            let spans = try await database.client.query(
                "SELECT first_id, last_id, last_occurred_at FROM insight_batches", logger: database.logger)
            for try await (first, last, latest) in spans.decode((Int64, Int64, Date).self) {
                #expect(first == 20 && last == 21)
                #expect(latest == Fixture.base.addingTimeInterval(60))
            }
            let records = try await database.client.query(
                "SELECT interaction_id, kind, sentiment::float8, cues FROM insight_records ORDER BY 1", logger: database.logger)
            var seen: [Int64] = []
            for try await (id, kind, sentiment, cues) in records.decode((Int64, String, Double, [String]).self) {
                seen.append(id)
                if id == 21 {
                    #expect(kind == "question" && sentiment == 0.25 && cues == [#"asks "how""#, "emoji 🙌"])
                } else {
                    #expect(kind == "comment" && sentiment == 0 && cues == [])
                }
            }
            #expect(seen == [20, 21])
        }
    }
}
