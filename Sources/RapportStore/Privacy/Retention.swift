import Foundation
import PostgresNIO

/// What retention does to an interaction older than the policy.
public enum RetentionMode: String, Sendable, Codable, CaseIterable {
    /// Remove the body, attributes and classification cues; keep the row (who, when, channel, kind,
    /// theme), so every count, trend and report stays right and reloading old files adds nothing.
    case anonymise
    /// Delete the row and its insight. Counts for old periods drop; reloading an old file would
    /// bring its messages back (until the next retention run).
    case delete
}

/// The result of `rapport retention apply`.
public struct RetentionOutcome: Sendable, Codable, Hashable {
    public var cutoff: Date
    public var mode: RetentionMode
    public var dryRun: Bool
    /// Interactions anonymised or deleted (with `dryRun`, that would be).
    public var interactions: Int
    /// Quotes of such messages removed from stored reports.
    public var reportQuotes: Int
    public var batches: Int
    /// The `retention_runs` row; nil for a dry run.
    public var runID: Int64?

    enum CodingKeys: String, CodingKey {
        case cutoff, mode, interactions, batches
        case dryRun = "dry_run", reportQuotes = "report_quotes", runID = "run_id"
    }
}

/// One row of `retention_runs`.
public struct RetentionRun: Sendable, Codable, Hashable {
    public var id: Int64
    public var startedAt: Date
    public var finishedAt: Date
    public var cutoff: Date
    public var mode: RetentionMode
    public var interactions: Int
    public var reportQuotes: Int

    enum CodingKeys: String, CodingKey {
        case id, cutoff, mode, interactions
        case startedAt = "started_at", finishedAt = "finished_at", reportQuotes = "report_quotes"
    }
}

/// Applies a retention policy to interactions: `rapport retention apply --older-than DURATION`.
///
/// Works in batches of `batchSize` interactions, oldest first, each batch its own short transaction
/// walking the `occurred_at` index by keyset, so it runs safely beside ingest and the HTTP service:
/// no long lock, no long transaction, and an interrupted run simply continues next time. Messages
/// loaded with an old date while it runs are caught by the next run.
public struct Retention: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Anonymises or deletes every interaction that occurred before `cutoff`, and removes their
    /// quotes from stored reports. `progress` is called after each batch with the running total.
    public func apply(
        before cutoff: Date, mode: RetentionMode, batchSize: Int = 5_000, dryRun: Bool = false,
        progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> RetentionOutcome {
        let started = Date()
        let logger = database.logger
        let batchSize = max(1, batchSize)
        var outcome = RetentionOutcome(cutoff: cutoff, mode: mode, dryRun: dryRun, interactions: 0, reportQuotes: 0, batches: 0)
        if dryRun {
            outcome.interactions = try await countInScope(before: cutoff, mode: mode)
            outcome.reportQuotes = try await database.transaction { connection in
                try await ReportRedaction.removeQuotes(before: cutoff, dryRun: true, on: connection, logger: logger)
            }
            return outcome
        }
        var position: (occurredAt: Date, id: Int64)?
        while true {
            let rows = try await database.client.query(Self.batchQuery(mode: mode, cutoff: cutoff, after: position, limit: batchSize), logger: logger)
            var last: (Int64, Date, Int64)?
            // The fourth column only makes the batch entries' statement run (schema/007).
            for try await (changed, occurredAt, id, _) in rows.decode((Int64, Date, Int64, Int64).self) { last = (changed, occurredAt, id) }
            guard let (changed, occurredAt, id) = last else { break }
            position = (occurredAt, id)
            outcome.batches += 1
            outcome.interactions += Int(changed)
            progress(outcome.interactions)
        }
        let interactions = outcome.interactions
        let (quotes, runID) = try await database.transaction { connection in
            let quotes = try await ReportRedaction.removeQuotes(before: cutoff, dryRun: false, on: connection, logger: logger)
            let rows = try await connection.query(
                """
                INSERT INTO retention_runs (started_at, cutoff, mode, interactions, report_quotes)
                VALUES (\(started), \(cutoff), \(mode.rawValue), \(Int64(interactions)), \(Int64(quotes))) RETURNING id
                """,
                logger: logger
            )
            var id: Int64?
            for try await value in rows.decode(Int64.self) { id = value }
            return (quotes, id)
        }
        outcome.reportQuotes = quotes
        outcome.runID = runID
        return outcome
    }

    /// Past runs, newest first.
    public func runs() async throws -> [RetentionRun] {
        let rows = try await database.client.query(
            "SELECT id, started_at, finished_at, cutoff, mode, interactions, report_quotes FROM retention_runs ORDER BY id DESC",
            logger: database.logger
        )
        var runs: [RetentionRun] = []
        for try await (id, started, finished, cutoff, mode, interactions, quotes) in rows.decode((Int64, Date, Date, Date, String, Int64, Int64).self) {
            runs.append(
                RetentionRun(
                    id: id, startedAt: started, finishedAt: finished, cutoff: cutoff, mode: RetentionMode(rawValue: mode) ?? .anonymise,
                    interactions: Int(interactions), reportQuotes: Int(quotes)
                )
            )
        }
        return runs
    }

    private func countInScope(before cutoff: Date, mode: RetentionMode) async throws -> Int {
        let query: PostgresQuery
        switch mode {
        case .anonymise:
            query = "SELECT count(*) FROM interactions WHERE occurred_at < \(cutoff) AND (body IS NOT NULL OR attributes <> '{}')"
        case .delete:
            query = "SELECT count(*) FROM interactions WHERE occurred_at < \(cutoff)"
        }
        for try await count in try await database.client.query(query, logger: database.logger).decode(Int64.self) { return Int(count) }
        return 0
    }

    /// One batch as one statement: the next `limit` interactions before `cutoff` after `position`,
    /// changed; returns (rows changed, the batch's last occurred_at and id), or no row when done.
    static func batchQuery(mode: RetentionMode, cutoff: Date, after position: (occurredAt: Date, id: Int64)?, limit: Int) -> PostgresQuery {
        let (from, id) = position ?? (Date.distantPast, 0)
        switch mode {
        case .anonymise:
            return """
                WITH batch AS (
                    SELECT id, occurred_at FROM interactions
                    WHERE occurred_at < \(cutoff) AND occurred_at >= \(from) AND (occurred_at, id) > (\(from), \(id))
                    ORDER BY occurred_at, id LIMIT \(Int64(limit))
                ), changed AS (
                    UPDATE interactions x SET body = NULL, attributes = '{}' FROM batch b
                    WHERE x.id = b.id AND (x.body IS NOT NULL OR x.attributes <> '{}') RETURNING x.id
                ), cues AS (
                    UPDATE interaction_insights n SET cues = '{}' FROM batch b WHERE n.interaction_id = b.id AND n.cues <> '{}' RETURNING 1
                ), batch_cues AS MATERIALIZED (
                    SELECT insight_batches_forget(coalesce((SELECT array_agg(id) FROM batch), '{}'), false) AS changed
                )
                SELECT (SELECT count(*) FROM changed), l.occurred_at, l.id, (SELECT changed FROM batch_cues)
                FROM (SELECT occurred_at, id FROM batch ORDER BY occurred_at DESC, id DESC LIMIT 1) l
                """
        case .delete:
            return """
                WITH batch AS (
                    SELECT id, occurred_at FROM interactions
                    WHERE occurred_at < \(cutoff) AND occurred_at >= \(from) AND (occurred_at, id) > (\(from), \(id))
                    ORDER BY occurred_at, id LIMIT \(Int64(limit))
                ), insights AS (
                    DELETE FROM interaction_insights n USING batch b WHERE n.interaction_id = b.id RETURNING 1
                ), batch_entries AS MATERIALIZED (
                    SELECT insight_batches_forget(coalesce((SELECT array_agg(id) FROM batch), '{}'), true) AS changed
                ), gone AS (
                    DELETE FROM interactions x USING batch b WHERE x.id = b.id RETURNING x.id
                )
                SELECT (SELECT count(*) FROM gone), l.occurred_at, l.id, (SELECT changed FROM batch_entries)
                FROM (SELECT occurred_at, id FROM batch ORDER BY occurred_at DESC, id DESC LIMIT 1) l
                """
        }
    }
}
