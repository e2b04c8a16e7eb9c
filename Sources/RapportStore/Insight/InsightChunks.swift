import Foundation
import Logging
import PostgresNIO
import RapportInsight

/// Which candidates the next chunk reads: inbound interactions with a body and no insight, in id
/// order after `after` (keyset pagination, so each chunk is one short index range scan).
///
/// Insights are in two places (schema/007_insight_batches.sql): complaint rows, looked up by primary
/// key, and batch entries, excluded by hashing the ids of the batches whose id span overlaps the
/// range read. A `.new` run reads up to its frontier, past which batches are rare (only a `.since`
/// run writes there). A `.since` run has no upper bound, so it walks windows of `limit` inbound
/// interactions: it first finds where the window ends, then reads the window's candidates.
struct CandidateQuery: Sendable {
    var after: Int64
    /// The frontier of a `.new` run (nil for `.since`).
    var upTo: Int64?
    /// The `.since` bound (nil for `.new`).
    var since: Date?
    var limit: Int

    /// The query for the chunk after `chunk`, or nil when `chunk` was the last.
    func following(_ chunk: CandidateChunk) -> CandidateQuery? {
        guard let start = chunk.nextAfter else { return nil }
        var next = self
        next.after = start
        return next
    }

    func fetch(from database: Database) async throws -> CandidateChunk {
        let started = ContinuousClock.now
        defer { database.logger.debug("insight chunk read", metadata: ["after": "\(after)", "read_s": "\((ContinuousClock.now - started).seconds)"]) }
        var bound = upTo
        var windowFull = false
        if bound == nil {
            let rows = try await database.client.query(
                """
                SELECT max(id), count(*)::int8 FROM (
                    SELECT x.id FROM interactions x
                    WHERE x.id > \(after) AND (\(since)::timestamptz IS NULL OR x.occurred_at >= \(since)::timestamptz)
                      AND x.direction = 'inbound' AND x.body IS NOT NULL AND x.body <> ''
                    ORDER BY x.id
                    LIMIT \(limit)
                ) w
                """,
                logger: database.logger
            )
            for try await (end, count) in rows.decode((Int64?, Int64).self) {
                bound = end
                windowFull = count >= limit
            }
            guard bound != nil else { return CandidateChunk() }
        }
        // One row of arrays: decoding arrays is several times cheaper than one row per message.
        // The arrays are aligned because one aggregation feeds every row to all six in the same
        // order; no aggregate sorts its input (six sorts of the chunk cost more than the scan).
        // Both anti-joins are bounded like the candidates: a merge over the primary key's range,
        // and a hash of the overlapping batches' ids.
        let rows = try await database.client.query(
            """
            SELECT coalesce(array_agg(c.id), '{}'), coalesce(array_agg(c.occurred_at), '{}'),
                   coalesce(array_agg(c.body), '{}'), coalesce(array_agg(c.identity_id), '{}'),
                   coalesce(array_agg(c.channel), '{}'), coalesce(array_agg(c.visibility), '{}')
            FROM (
                SELECT x.id, x.occurred_at, x.body, x.identity_id, x.channel, x.visibility FROM interactions x
                WHERE x.id > \(after) AND x.id <= \(bound)
                  AND (\(since)::timestamptz IS NULL OR x.occurred_at >= \(since)::timestamptz)
                  AND x.direction = 'inbound' AND x.body IS NOT NULL AND x.body <> ''
                  AND NOT EXISTS (
                      SELECT 1 FROM interaction_insights n
                      WHERE n.interaction_id = x.id AND n.interaction_id > \(after) AND n.interaction_id <= \(bound))
                  AND x.id NOT IN (
                      SELECT u.id FROM insight_batches b CROSS JOIN LATERAL unnest(b.interaction_ids) AS u(id)
                      WHERE int8range(b.first_id, b.last_id, '[]') && int8range(\(after), \(bound), '(]'))
                ORDER BY x.id
                LIMIT \(limit)
            ) c
            """,
            logger: database.logger
        )
        var chunk = CandidateChunk()
        for try await (ids, times, bodies, identities, channels, visibilities) in rows.decode(
            (BinaryArray<Int64>, BinaryArray<Date>, BinaryArray<String>, BinaryArray<Int64>, BinaryArray<String>, BinaryArray<String>).self
        ) {
            chunk.ids = ids.elements
            chunk.occurredAt = times.elements
            chunk.bodies = bodies.elements
            chunk.identityIDs = identities.elements
            chunk.channels = channels.elements
            chunk.visibilities = visibilities.elements
        }
        if upTo != nil {
            chunk.nextAfter = chunk.count >= limit ? chunk.ids.max() : nil
        } else {
            chunk.nextAfter = windowFull ? bound : nil
        }
        return chunk
    }

    /// `query`'s chunk, or an empty one without a query.
    static func fetch(_ query: CandidateQuery?, from database: Database) async throws -> CandidateChunk {
        guard let query else { return CandidateChunk() }
        return try await query.fetch(from: database)
    }
}

/// Candidate interactions read for one chunk, column by column.
struct CandidateChunk: Sendable {
    var ids: [Int64] = []
    var occurredAt: [Date] = []
    var bodies: [String] = []
    var identityIDs: [Int64] = []
    var channels: [String] = []
    var visibilities: [String] = []
    /// Where the next chunk's read starts (nil: this was the last). A `.since` window whose
    /// interactions all have insights gives an empty chunk that is not the last.
    var nextAfter: Int64?

    init() {}

    var count: Int { ids.count }
}

/// Everything one chunk writes, in one transaction.
struct ChunkWrite: Sendable {
    var rows: [InsightRow]
    /// Themes born in this chunk, with the ids the sequence gave them.
    var newThemes: [Theme] = []
    /// Existing themes that gained complaints (centroids and sizes as they are now).
    var changedThemes: [Theme] = []
    /// The vocabulary after this chunk's complaints were learnt (nil: unchanged).
    var vocabulary: ThemeVocabulary?
    /// Backlog complaints that found a theme.
    var backlog = ThemeBacklog.Placements()

    struct Outcome: Sendable {
        var inserted: Int
    }

    /// Writes the chunk in one transaction that commits after `previous` (the chunk before it) did.
    ///
    /// Its insight rows go in first: they conflict with nothing an earlier chunk writes, so two
    /// chunks' rows can go in at once on two connections (the costly part: random inserts into the
    /// complaints' identity index). The themes, their sizes and centroids and the vocabulary describe
    /// every chunk up to this one, so they are written only once the earlier chunk has committed; then
    /// this one commits. A crash therefore never leaves a theme counting a complaint whose insight
    /// row was lost. If `previous` failed, this transaction rolls back too.
    func apply(to database: Database, after previous: Task<Outcome, Error>? = nil) async throws -> Outcome {
        let logger = database.logger
        let started = ContinuousClock.now
        defer { logger.debug("insight chunk written", metadata: ["rows": "\(rows.count)", "write_s": "\((ContinuousClock.now - started).seconds)"]) }
        return try await database.transaction { connection in
            // The commit need not wait for its WAL flush: a crash can lose only the last chunks, which
            // the next run classifies again (their interactions still have no insight). WAL order
            // keeps it consistent: the frontier is written later, with a synchronous commit, which
            // flushes these commits with it.
            try await connection.query("SET LOCAL synchronous_commit = off", logger: logger)
            // Complaints one row each (themes, flags and reports read them); the rest as one batch row.
            var complaints: [InsightRow] = []
            var others: [InsightRow] = []
            for row in rows {
                if row.classification.kind == .complaint { complaints.append(row) } else { others.append(row) }
            }
            var inserted = try await InsightBatch.insert(others, on: connection, logger: logger)
            if !complaints.isEmpty {
                inserted += try await InsightStage.insert(complaints, on: connection, logger: logger)
            }
            _ = try await previous?.value
            try await ThemeCatalog.insert(newThemes, on: connection, logger: logger)
            try await ThemeCatalog.update(changedThemes, on: connection, logger: logger)
            try await backlog.apply(on: connection, logger: logger)
            if let vocabulary { try await ThemeCatalog.saveVocabulary(vocabulary, on: connection, logger: logger) }
            return Outcome(inserted: inserted)
        }
    }
}

/// Complaints of earlier runs that theme assignment saw but left without a theme: offered to the
/// themes again (they are already in the vocabulary, so they are not learnt twice).
struct ThemeBacklog: Sendable {
    var ids: [Int64] = []
    var texts: [String] = []
    var occurredAt: [Date] = []

    static let empty = ThemeBacklog()
    var isEmpty: Bool { ids.isEmpty }

    /// The most recent such complaints that occurred at or after `since`.
    static func load(since: Date, limit: Int, database: Database) async throws -> ThemeBacklog {
        guard limit > 0 else { return .empty }
        var backlog = ThemeBacklog()
        let rows = try await database.client.query(
            """
            SELECT n.interaction_id, n.occurred_at, x.body FROM interaction_insights n JOIN interactions x ON x.id = n.interaction_id
            WHERE n.kind = 'complaint' AND n.themed_at IS NOT NULL AND n.theme_id IS NULL AND n.occurred_at >= \(since)
              AND x.body IS NOT NULL
            ORDER BY n.occurred_at DESC, n.interaction_id DESC
            LIMIT \(limit)
            """,
            logger: database.logger
        )
        for try await (id, occurredAt, body) in rows.decode((Int64, Date, String).self) {
            backlog.ids.append(id)
            backlog.occurredAt.append(occurredAt)
            backlog.texts.append(body)
        }
        return backlog
    }

    /// The backlog complaints that `themes` (one per backlog complaint, in order) placed.
    func placements(_ themes: ArraySlice<Int64?>) -> Placements {
        var result = Placements()
        for (k, theme) in zip(ids.indices, themes) {
            guard let theme else { continue }
            result.ids.append(ids[k])
            result.themes.append(theme)
            result.earliest = min(result.earliest ?? occurredAt[k], occurredAt[k])
        }
        return result
    }

    /// Backlog complaints and the themes they found.
    struct Placements: Sendable {
        var ids: [Int64] = []
        var themes: [Int64] = []
        var earliest: Date?

        func apply(on connection: PostgresConnection, logger: Logger) async throws {
            guard !ids.isEmpty else { return }
            try await connection.query(
                """
                UPDATE interaction_insights n SET theme_id = u.theme_id
                FROM unnest(\(ids)::int8[], \(themes)::int8[]) AS u(interaction_id, theme_id)
                WHERE n.interaction_id = u.interaction_id AND n.theme_id IS NULL
                """,
                logger: logger
            )
        }
    }
}
