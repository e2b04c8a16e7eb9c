import Foundation
import Logging
import NIOCore
import PostgresNIO
import RapportInsight

/// One insight row on its way into `interaction_insights`.
struct InsightRow: Sendable {
    var interactionID: Int64
    var occurredAt: Date
    /// The interaction's identity, channel and visibility (copied: interactions never change).
    var identityID: Int64
    var channel: String
    var visibility: String
    var classification: Classification
    /// The theme the complaint joined (nil: none, or not a complaint).
    var themeID: Int64?
    /// True when theme assignment saw the complaint (it is then in the vocabulary).
    var themed: Bool
}

/// The session-local table insight rows are COPYed into before one set-based insert moves them into
/// `interaction_insights` (skipping rows that already have an insight, so a re-run adds nothing).
enum InsightStage {
    static let table = "insight_stage"
    static let columns = ["interaction_id", "kind", "sentiment", "cues", "theme_id", "occurred_at", "identity_id", "channel", "visibility", "themed"]
    /// Cues travel as one text joined by this separator (it cannot occur in a cue: see `append`).
    static let cueSeparator: UInt8 = 0x1F

    static func create(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            CREATE TEMP TABLE IF NOT EXISTS insight_stage (
                interaction_id bigint, kind text, sentiment real, cues text, theme_id bigint, occurred_at timestamptz,
                identity_id bigint, channel text, visibility text, themed boolean
            ) ON COMMIT DELETE ROWS
            """,
            logger: logger
        )
    }

    static let directColumns = [
        "interaction_id", "kind", "sentiment", "cues", "theme_id", "occurred_at", "identity_id", "channel", "visibility", "themed_at",
    ]

    /// Inserts the rows that have no insight yet; returns how many were inserted. Runs inside the
    /// caller's transaction.
    ///
    /// The rows are COPYed straight into `interaction_insights` (the usual case: a run classifies
    /// only what no run has); if one already has an insight (a re-run racing another), the unique
    /// index fails the COPY, it is rolled back to a savepoint, and the rows go through the stage
    /// and one `INSERT … ON CONFLICT DO NOTHING` instead.
    static func insert(_ rows: [InsightRow], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        var direct = CopyRowWriter(capacity: rows.count * 160)
        let themedAt = Date()
        for row in rows { direct.appendInsight(row, themedAt: themedAt) }
        let directPayload = direct.take()
        try await connection.query("SAVEPOINT rapport_insight_copy", logger: logger)
        do {
            try await connection.copyFrom(table: "interaction_insights", columns: directColumns, logger: logger) { copy in
                try await copy.write(directPayload)
            }
            try await connection.query("RELEASE SAVEPOINT rapport_insight_copy", logger: logger)
            return rows.count
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            try await connection.query("ROLLBACK TO SAVEPOINT rapport_insight_copy", logger: logger)
        }
        try await create(on: connection, logger: logger)
        var writer = CopyRowWriter(capacity: rows.count * 96)
        for row in rows { writer.append(row) }
        let payload = writer.take()
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { copy in
            try await copy.write(payload)
        }
        let result = try await connection.query(
            """
            WITH inserted AS (
                INSERT INTO interaction_insights (
                    interaction_id, kind, sentiment, cues, theme_id, occurred_at, identity_id, channel, visibility, themed_at)
                SELECT s.interaction_id, s.kind, s.sentiment, string_to_array(s.cues, E'\\x1f'), s.theme_id, s.occurred_at,
                       s.identity_id, s.channel, s.visibility, CASE WHEN s.themed THEN now() END
                FROM insight_stage s
                ON CONFLICT (interaction_id) DO NOTHING
                RETURNING 1
            )
            SELECT count(*)::int8 FROM inserted
            """,
            logger: logger
        )
        var inserted = 0
        for try await count in result.decode(Int64.self) { inserted = Int(count) }
        try await connection.query("TRUNCATE insight_stage", logger: logger)
        return inserted
    }
}

/// The insights of a chunk's messages that are not complaints, written as one `insight_batches` row
/// of parallel arrays (schema/007_insight_batches.sql): one row per message cost most of a nightly
/// run's writing, and nothing reads these per message except exports.
enum InsightBatch {
    /// Inserts one batch row for `rows` (none when empty); returns how many entries it holds. Runs
    /// inside the caller's transaction. The reading side guarantees that none of the interactions
    /// has an insight yet (runs hold the insight lock and read only unclassified interactions).
    static func insert(_ rows: [InsightRow], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        guard let first = rows.first else { return 0 }
        var ids: [Int64] = []
        var kinds: [String] = []
        var sentiments: [Float] = []
        var cues = TextArrayParameter(capacity: rows.count * 64)
        ids.reserveCapacity(rows.count)
        kinds.reserveCapacity(rows.count)
        sentiments.reserveCapacity(rows.count)
        var lowest = first.interactionID
        var highest = first.interactionID
        var latest = first.occurredAt
        for row in rows {
            ids.append(row.interactionID)
            kinds.append(row.classification.kind.rawValue)
            sentiments.append(Float(InsightStage.clampedSentiment(row.classification.sentiment)))
            cues.append(joining: row.classification.cues, separator: InsightStage.cueSeparator)
            lowest = min(lowest, row.interactionID)
            highest = max(highest, row.interactionID)
            latest = max(latest, row.occurredAt)
        }
        try await connection.query(
            """
            INSERT INTO insight_batches (first_id, last_id, last_occurred_at, interaction_ids, kinds, sentiments, cues)
            VALUES (\(lowest), \(highest), \(latest), \(ids), \(kinds), \(sentiments), \(cues))
            """,
            logger: logger
        )
        return rows.count
    }
}

extension InsightStage {
    /// Cues joined by ``cueSeparator``. A cue quotes the customer's words: the separator and NUL are
    /// dropped should they occur.
    static func joinedCues(_ cues: [String]) -> String {
        var bytes: [UInt8] = []
        TextArrayParameter.forEachJoinedRun(cues, separator: cueSeparator) { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Sentiment clamped to [-1, 1] (the columns' checks); not finite → 0.
    static func clampedSentiment(_ value: Double) -> Double {
        value.isFinite ? min(1, max(-1, value)) : 0
    }
}

extension CopyRowWriter {
    mutating func append(_ row: InsightRow) {
        field(row.interactionID)
        field(row.classification.kind.rawValue)
        field(Self.sentimentText(row.classification.sentiment))
        field(InsightStage.joinedCues(row.classification.cues))
        if let theme = row.themeID { field(theme) } else { field(nil as String?) }
        field(timestamp: row.occurredAt)
        field(row.identityID)
        field(row.channel)
        field(row.visibility)
        field(row.themed ? "t" : "f")
        endRow()
    }

    /// One row in ``InsightStage/directColumns`` order; cues as a PostgreSQL array literal.
    /// Written as bytes (no intermediate strings): it runs for every classified message and was
    /// most of a chunk's write time when built from strings.
    mutating func appendInsight(_ row: InsightRow, themedAt: Date) {
        field(row.interactionID)
        field(row.classification.kind.rawValue)
        field(Self.sentimentText(row.classification.sentiment))
        arrayField(row.classification.cues)
        if let theme = row.themeID { field(theme) } else { field(nil as String?) }
        field(timestamp: row.occurredAt)
        field(row.identityID)
        field(row.channel)
        field(row.visibility)
        if row.themed { field(timestamp: themedAt) } else { field(nil as String?) }
        endRow()
    }

    /// Sentiment clamped to [-1, 1] (the column's check) with enough digits for a `real`.
    static func sentimentText(_ value: Double) -> String {
        String(Float(InsightStage.clampedSentiment(value)))
    }
}
