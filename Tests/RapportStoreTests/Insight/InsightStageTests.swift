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
}
