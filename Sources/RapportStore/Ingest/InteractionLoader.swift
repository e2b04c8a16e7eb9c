import Foundation
import Logging
import PostgresNIO
import RapportCore

/// Loads interactions in batches: `COPY` into a session-local staging table, then set-based SQL
/// creates the identities (and profiles) of unknown customers and inserts the interactions,
/// skipping those already stored. Each batch is one transaction, so a crash leaves whole batches and
/// a re-run completes the load (ingest is idempotent on `source` + `external_id`).
///
/// Brand replies known only by the message they answer (twcs) are resolved through that message;
/// replies to a message later in the input wait in a pending table until the end of the load.
public struct InteractionLoader: Sendable {
    public let database: Database
    public var batchSize: Int

    /// Whether a second connection resolves the next batch's identities while the current batch is
    /// copied (see `InteractionLoader+Pipeline.swift`). For bulk loads (`rapport ingest`); off for
    /// the HTTP service, whose concurrent requests would each hold two of the pool's connections.
    public var pipelined: Bool

    public init(database: Database, batchSize: Int = 20_000, pipelined: Bool = false) {
        self.database = database
        self.batchSize = batchSize
        self.pipelined = pipelined
    }

    static let stageColumns = [
        "line", "source", "external_id", "channel", "direction", "visibility", "occurred_at", "customer_kind",
        "customer_value", "reply_to", "thread_id", "in_reply_to", "account", "body", "attributes",
    ]

    /// Reads `reader` to the end and loads what it yields. Rejected rows go to `rejects`.
    public func load<Source: InteractionBatchSource>(
        from reader: inout Source,
        rejects: (([RejectedRow]) throws -> Void)? = nil,
        progress: ((IngestProgress) -> Void)? = nil
    ) async throws -> IngestSummary {
        if pipelined { return try await loadPipelined(from: &reader, rejects: rejects, progress: progress) }
        let logger = database.logger
        return try await database.client.withConnection { connection in
            try await Self.createStagingTables(connection, logger: logger)
            var summary = IngestSummary()
            var next = try reader.nextBatch(maxRows: batchSize)
            // New data takes the direct COPY; after a batch with duplicates (a file loaded again),
            // batches take the staging path until one comes without.
            var direct = true
            var cache = IdentityCache()
            while let batch = next {
                summary.read += batch.records.count + batch.rejects.count
                summary.rejected += batch.rejects.count
                if !batch.rejects.isEmpty { try rejects?(batch.rejects) }
                // Load this batch while the next one is parsed.
                let (tryDirect, known) = (direct, cache)
                async let loaded = Self.loadBatch(batch.records, on: connection, direct: tryDirect ? known : nil, logger: logger)
                next = try reader.nextBatch(maxRows: batchSize)
                let counts = try await loaded
                direct = counts.duplicates == 0
                if let copy = counts.directCopy { cache.absorb(copy) }
                summary.inserted += counts.inserted
                summary.duplicates += counts.duplicates
                progress?(IngestProgress(summary: summary, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes))
            }
            let unresolved = try await Self.finishPending(on: connection, logger: logger)
            summary.inserted += unresolved.counts.inserted
            summary.duplicates += unresolved.counts.duplicates
            summary.rejected += unresolved.rejects.count
            if !unresolved.rejects.isEmpty { try rejects?(unresolved.rejects) }
            return summary
        }
    }

    struct BatchCounts: Sendable {
        var inserted = 0
        var duplicates = 0
        /// Set when the batch took the direct path.
        var directCopy: DirectCopy?
    }

    static func createStagingTables(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.guardedQuery(
            """
            CREATE TEMP TABLE IF NOT EXISTS ingest_stage (
                line integer, source text, external_id text, channel text, direction text, visibility text,
                occurred_at timestamptz, customer_kind text, customer_value text, reply_to text, thread_id text,
                in_reply_to text, account text, body text, attributes jsonb
            ) ON COMMIT DELETE ROWS
            """,
            logger: logger
        )
        try await connection.guardedQuery("CREATE TEMP TABLE IF NOT EXISTS ingest_pending (LIKE ingest_stage)", logger: logger)
        try await connection.guardedQuery("TRUNCATE ingest_pending", logger: logger)
    }

    /// Loads one batch in one transaction: rows of known customers by ``copyResolved(_:on:logger:)``
    /// when their identities were `resolved` ahead, else by ``copyDirect(_:cache:on:logger:)`` when
    /// given a `direct` cache, if that succeeds; otherwise through the staging table. Replies whose
    /// customer is the one they answer always go through the staging table.
    static func loadBatch(
        _ records: [InteractionRecord], on connection: PostgresConnection, direct: IdentityCache? = nil, resolved: Resolution? = nil,
        logger: Logger
    ) async throws -> BatchCounts {
        guard !records.isEmpty else { return BatchCounts() }
        return try await connection.inTransaction(logger: logger) { connection in
            var counts = BatchCounts()
            var staged = records[...]
            let copied: DirectCopy? =
                if let resolved {
                    try await copyResolved(resolved, on: connection, logger: logger)
                } else if let direct {
                    try await copyDirect(records, cache: direct, on: connection, logger: logger)
                } else {
                    nil
                }
            if let copy = copied {
                counts.inserted = copy.copied
                counts.directCopy = copy
                staged = records.filter { if case .customerOf = $0.customer { true } else { false } }[...]
            }
            if !staged.isEmpty {
                var rows = CopyRowWriter(capacity: staged.count * 256)
                for record in staged { rows.append(record) }
                try await connection.guardedCopy(table: "ingest_stage", columns: stageColumns, payload: rows.take(), logger: logger)
            }
            if staged.count == records.count {
                try connection.requireOpen()
                try await createIdentities(connection, logger: logger)
                let inserted = try await insertDirect(connection, logger: logger)
                counts.inserted += inserted.inserted
                counts.duplicates += inserted.duplicates
            }
            let replies = try await insertReplies(from: .stage, connection, logger: logger)
            counts.inserted += replies.inserted
            counts.duplicates += replies.duplicates
            try await connection.guardedQuery(
                """
                INSERT INTO ingest_pending SELECT s.* FROM ingest_stage s
                WHERE s.customer_kind IS NULL
                  AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.source = s.source AND i.external_id = s.external_id)
                """,
                logger: logger
            )
            // Earlier replies whose parent arrived in this batch.
            let pending = try await insertReplies(from: .pending, connection, logger: logger)
            counts.inserted += pending.inserted
            counts.duplicates += pending.duplicates
            try await deleteResolvedPending(connection, logger: logger)
            return counts
        }
    }

    /// One profile and one identity for each customer identifier not seen before, in a message not
    /// stored before.
    static func createIdentities(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.guardedQuery("SELECT pg_advisory_xact_lock(\(IdentityLock.key))", logger: logger)
        try await connection.guardedQuery(
            """
            WITH fresh AS (
                SELECT d.kind, d.value, d.source, d.first_seen, d.last_seen,
                       nextval(pg_get_serial_sequence('profiles', 'id')) AS profile_id
                FROM (
                    SELECT s.customer_kind AS kind, s.customer_value AS value, min(s.source) AS source,
                           min(s.occurred_at) AS first_seen, max(s.occurred_at) AS last_seen
                    FROM ingest_stage s
                    WHERE s.customer_kind IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.kind = s.customer_kind AND i.value = s.customer_value)
                      -- A message already stored creates nobody: reloading an old file after an erasure
                      -- must not bring the erased identifier back.
                      AND NOT EXISTS (SELECT 1 FROM interactions x WHERE x.source = s.source AND x.external_id = s.external_id)
                    GROUP BY s.customer_kind, s.customer_value
                ) d
            ), new_profiles AS (
                INSERT INTO profiles (id) OVERRIDING SYSTEM VALUE SELECT profile_id FROM fresh
            )
            INSERT INTO identities (kind, value, profile_id, origin_profile_id, source, first_seen, last_seen)
            SELECT kind, value, profile_id, profile_id, source, first_seen, last_seen FROM fresh
            """,
            logger: logger
        )
        // `identities.last_seen` is not rewritten per batch (that cost as much as the insert itself):
        // readers take the later of it and the newest interaction, one index probe per identity.
    }

    static func insertDirect(_ connection: PostgresConnection, logger: Logger) async throws -> BatchCounts {
        // The batch holds the identity lock until it commits, so no other load inserts meanwhile: an
        // anti-join and a plain insert (deduplicated within the batch) replace ON CONFLICT, whose
        // speculative insertion costs far more per row.
        try await counted(
            """
            WITH candidates AS (
                SELECT s.source, s.external_id, i.id AS identity_id, s.channel, s.direction, s.visibility, s.occurred_at,
                       s.thread_id, s.in_reply_to, s.account, s.body, s.attributes, s.line
                FROM ingest_stage s JOIN identities i ON i.kind = s.customer_kind AND i.value = s.customer_value
            ), fresh AS (
                SELECT DISTINCT ON (c.source, c.external_id) c.* FROM candidates c
                WHERE NOT EXISTS (SELECT 1 FROM interactions x WHERE x.source = c.source AND x.external_id = c.external_id)
                ORDER BY c.source, c.external_id, c.line
            ), inserted AS (
                INSERT INTO interactions (source, external_id, identity_id, channel, direction, visibility, occurred_at, thread_id, in_reply_to, account, body, attributes)
                SELECT source, external_id, identity_id, channel, direction, visibility, occurred_at, thread_id, in_reply_to, account, body, attributes
                FROM fresh
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM candidates), (SELECT count(*) FROM inserted)
            """,
            connection, logger: logger
        )
    }

    /// Inserts replies whose parent is stored, repeating for chains (a reply to a reply).
    static func insertReplies(from table: StagingTable, _ connection: PostgresConnection, logger: Logger) async throws -> BatchCounts {
        var total = BatchCounts()
        // `table` is a StagingTable: its raw values are this program's table names, never input.
        let present = try await connection.guardedQuery(
            """
            SELECT count(*) FROM \(unescaped: table.rawValue) s
            WHERE s.customer_kind IS NULL
              AND EXISTS (SELECT 1 FROM interactions d WHERE d.source = s.source AND d.external_id = s.external_id)
            """,
            logger: logger
        )
        for try await count in present.decode(Int.self) { total.duplicates += count }
        for _ in 0..<8 {
            let counts = try await counted(
                """
                WITH candidates AS (
                    SELECT s.source, s.external_id, p.identity_id, s.channel, s.direction, s.visibility, s.occurred_at,
                           s.thread_id, s.in_reply_to, s.account, s.body, s.attributes
                    FROM \(unescaped: table.rawValue) s JOIN interactions p ON p.source = s.source AND p.external_id = s.reply_to
                    WHERE s.customer_kind IS NULL
                      AND NOT EXISTS (SELECT 1 FROM interactions d WHERE d.source = s.source AND d.external_id = s.external_id)
                ), inserted AS (
                    INSERT INTO interactions (source, external_id, identity_id, channel, direction, visibility, occurred_at, thread_id, in_reply_to, account, body, attributes) SELECT * FROM candidates
                    ON CONFLICT (source, external_id) DO NOTHING RETURNING 1
                )
                SELECT (SELECT count(*) FROM candidates), (SELECT count(*) FROM inserted)
                """,
                connection, logger: logger
            )
            total.inserted += counts.inserted
            total.duplicates += counts.duplicates
            if counts.inserted == 0 { break }
        }
        return total
    }

    static func deleteResolvedPending(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.guardedQuery(
            "DELETE FROM ingest_pending s USING interactions i WHERE i.source = s.source AND i.external_id = s.external_id",
            logger: logger
        )
    }

    /// At the end of the input: replies that still answer nothing stored are rejected.
    static func finishPending(on connection: PostgresConnection, logger: Logger) async throws -> (counts: BatchCounts, rejects: [RejectedRow]) {
        let counts = try await connection.inTransaction(logger: logger) { connection in
            let counts = try await insertReplies(from: .pending, connection, logger: logger)
            try await deleteResolvedPending(connection, logger: logger)
            return counts
        }
        let rows = try await connection.guardedQuery(
            "SELECT DISTINCT ON (line) line, external_id, reply_to FROM ingest_pending ORDER BY line", logger: logger
        )
        var rejects: [RejectedRow] = []
        for try await (line, externalID, replyTo) in rows.decode((Int, String, String?).self) {
            rejects.append(
                RejectedRow(
                    error: IngestError(
                        kind: .unresolvedReply, line: line, field: "in_reply_to",
                        detail: "\(externalID) answers \(replyTo ?? "nothing"), which is not in the store or the input, so its customer is unknown"
                    ),
                    raw: ""
                )
            )
        }
        try await connection.guardedQuery("TRUNCATE ingest_pending", logger: logger)
        return (counts, rejects)
    }

    /// Runs a `SELECT candidates, inserted` statement and turns it into counts.
    static func counted(_ query: PostgresQuery, _ connection: PostgresConnection, logger: Logger) async throws -> BatchCounts {
        let rows = try await connection.guardedQuery(query, logger: logger)
        for try await (candidates, inserted) in rows.decode((Int, Int).self) {
            return BatchCounts(inserted: inserted, duplicates: candidates - inserted)
        }
        return BatchCounts()
    }
}

/// The session-local tables a load stages rows in; their names are constants, never input.
enum StagingTable: String {
    case stage = "ingest_stage"
    case pending = "ingest_pending"
}

/// The advisory lock that serialises the creation of identities and profiles across sessions.
enum IdentityLock {
    static let key: Int64 = 0x7261_7069  // "rapi"
    /// Taken by a pipelined load's resolver while it creates identities (see `InteractionLoader+Pipeline`).
    static let creationKey: Int64 = 0x7261_7063  // "rapc"
}

extension CopyRowWriter {
    mutating func append(_ record: InteractionRecord) {
        field(record.line)
        field(record.source)
        field(record.externalID)
        field(record.channel.rawValue)
        field(record.direction.rawValue)
        field(record.visibility.rawValue)
        field(timestamp: record.occurredAt)
        switch record.customer {
        case .identifier(let identifier):
            field(identifier.kind.rawValue)
            field(identifier.value)
            field(nil as String?)
        case .customerOf(let externalID):
            field(nil as String?)
            field(nil as String?)
            field(externalID)
        }
        field(record.threadID)
        field(record.inReplyTo)
        field(record.account)
        field(record.body)
        field(record.attributesJSON)
        endRow()
    }
}
