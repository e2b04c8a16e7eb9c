import Foundation
import Logging
import PostgresNIO
import RapportInsight

/// Which candidates the next chunk reads: inbound interactions with a body and no insight, in id
/// order after `after` (keyset pagination, so each chunk is one short index range scan).
struct CandidateQuery: Sendable {
    var after: Int64
    /// The frontier of a `.new` run (nil for `.since`).
    var upTo: Int64?
    /// The `.since` bound (nil for `.new`).
    var since: Date?
    var limit: Int

    /// The query for the chunk after `chunk`.
    func following(_ chunk: CandidateChunk) -> CandidateQuery {
        var next = self
        next.after = chunk.ids.last ?? after
        return next
    }

    func fetch(from database: Database) async throws -> CandidateChunk {
        let started = ContinuousClock.now
        defer { database.logger.debug("insight chunk read", metadata: ["after": "\(after)", "read_s": "\((ContinuousClock.now - started).seconds)"]) }
        // One row of arrays: decoding arrays is several times cheaper than one row per message.
        // The insight side of the anti-join is bounded like the candidates, so it is an index range
        // scan over the chunk's ids, not the whole table.
        let rows = try await database.client.query(
            """
            SELECT coalesce(array_agg(c.id ORDER BY c.id), '{}'), coalesce(array_agg(c.occurred_at ORDER BY c.id), '{}'),
                   coalesce(array_agg(c.body ORDER BY c.id), '{}'), coalesce(array_agg(c.identity_id ORDER BY c.id), '{}'),
                   coalesce(array_agg(c.channel ORDER BY c.id), '{}'), coalesce(array_agg(c.visibility ORDER BY c.id), '{}')
            FROM (
                SELECT x.id, x.occurred_at, x.body, x.identity_id, x.channel, x.visibility FROM interactions x
                WHERE x.id > \(after) AND (\(upTo)::int8 IS NULL OR x.id <= \(upTo)::int8)
                  AND (\(since)::timestamptz IS NULL OR x.occurred_at >= \(since)::timestamptz)
                  AND x.direction = 'inbound' AND x.body IS NOT NULL AND x.body <> ''
                  AND NOT EXISTS (
                      SELECT 1 FROM interaction_insights n
                      WHERE n.interaction_id = x.id AND n.interaction_id > \(after)
                        AND (\(upTo)::int8 IS NULL OR n.interaction_id <= \(upTo)::int8))
                ORDER BY x.id
                LIMIT \(limit)
            ) c
            """,
            logger: database.logger
        )
        var chunk = CandidateChunk()
        for try await (ids, times, bodies, identities, channels, visibilities) in rows.decode(
            ([Int64], [Date], [String], [Int64], [String], [String]).self
        ) {
            chunk.ids = ids
            chunk.occurredAt = times
            chunk.bodies = bodies
            chunk.identityIDs = identities
            chunk.channels = channels
            chunk.visibilities = visibilities
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

    func apply(to database: Database) async throws -> Outcome {
        let logger = database.logger
        let started = ContinuousClock.now
        defer { logger.debug("insight chunk written", metadata: ["rows": "\(rows.count)", "write_s": "\((ContinuousClock.now - started).seconds)"]) }
        return try await database.transaction { connection in
            try await ThemeCatalog.insert(newThemes, on: connection, logger: logger)
            try await ThemeCatalog.update(changedThemes, on: connection, logger: logger)
            try await backlog.apply(on: connection, logger: logger)
            if let vocabulary { try await ThemeCatalog.saveVocabulary(vocabulary, on: connection, logger: logger) }
            try await InsightStage.create(on: connection, logger: logger)
            return Outcome(inserted: try await InsightStage.insert(rows, on: connection, logger: logger))
        }
    }

    /// Writes `write`, if any.
    static func apply(_ write: ChunkWrite?, to database: Database) async throws -> Outcome? {
        guard let write else { return nil }
        return try await write.apply(to: database)
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
