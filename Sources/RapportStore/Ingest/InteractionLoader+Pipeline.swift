import Logging
import NIOCore
import PostgresNIO
import RapportCore

/// The pipelined load: a second connection resolves the identities of the next batch while the
/// current one is copied, so identity creation, parsing and the `COPY` overlap instead of taking
/// turns on one connection.
///
/// Batch k+1's identifiers are resolved (new profiles and identities created) in a short
/// transaction of their own on the resolver connection, and its COPY rows are encoded with those
/// ids, while batch k's rows go into `interactions` on the loading connection. Two advisory locks
/// keep this safe beside other sessions:
/// - ``IdentityLock/key``, taken *shared* by the resolver and by the batch that copies rows with
///   resolved ids (until it commits), and *exclusively* by everything else that creates or changes
///   identities (erasure, CRM import, automatic links, the staging path). So no erasure can change
///   an identity between its resolution and the commit of the rows that use it, yet resolving and
///   copying do not wait for each other;
/// - ``IdentityLock/creationKey``, taken exclusively by resolvers, so two loads never create the
///   same identity at once.
/// The batch re-reads the erasure generation under its lock and takes the staging path when an
/// erasure happened since its identities were resolved.
///
/// Identities are committed before the rows that use them, so a load killed between the two leaves
/// identities (with their profiles) whose messages the re-run stores; the resolver creates nobody
/// for a batch holding a message already stored (an old file reloaded after an erasure must not
/// bring the erased identifier back): such a batch takes the staging path, which decides row by row.
extension InteractionLoader {
    /// ``load(from:rejects:progress:)`` with the resolver on a second connection of the pool.
    func loadPipelined<Source: InteractionBatchSource>(
        from reader: inout Source,
        rejects: (([RejectedRow]) throws -> Void)?,
        progress: ((IngestProgress) -> Void)?
    ) async throws -> IngestSummary {
        let logger = database.logger
        let batchSize = self.batchSize
        return try await database.client.withConnection { connection in
            try await database.client.withConnection { resolver in
                try await Self.createStagingTables(connection, logger: logger)
                var summary = IngestSummary()
                var next = try reader.nextBatch(maxRows: batchSize)
                // As in the plain load: after a batch with duplicates, batches take the staging path
                // (and nothing is resolved ahead) until one comes without.
                var direct = true
                var cache = IdentityCache()
                var resolution: Resolution?
                if let first = next { resolution = try await Self.resolveAhead(first.records, cache: cache, on: resolver, logger: logger) }
                while let batch = next {
                    summary.read += batch.records.count + batch.rejects.count
                    summary.rejected += batch.rejects.count
                    if !batch.rejects.isEmpty { try rejects?(batch.rejects) }
                    // Resolved identities are committed: the cache may keep them whatever the copy does.
                    if let resolution, !resolution.holdsStoredMessage { cache.absorb(resolution) }
                    let (ahead, known) = (direct ? resolution : nil, direct && resolution == nil ? cache : nil)
                    // This batch creates no identity when its own were resolved ahead; any other
                    // path (the staging path, or the direct path after it) may create some.
                    let createsNone = ahead.map { !$0.holdsStoredMessage } ?? false
                    // Copy this batch while the next one is parsed and its identities resolved.
                    async let loaded = Self.loadBatch(batch.records, on: connection, direct: known, resolved: ahead, logger: logger)
                    next = try reader.nextBatch(maxRows: batchSize)
                    resolution = nil
                    // Resolving the next batch meanwhile is only safe when this one creates no
                    // identity: otherwise the resolver could create a customer the two batches share
                    // from the next batch's rows (its first and last seen would then differ from an
                    // uninterrupted load's, as the crash test found on re-runs).
                    if direct, createsNone, let following = next {
                        resolution = try await Self.resolveAhead(following.records, cache: cache, on: resolver, logger: logger)
                    }
                    let counts = try await loaded
                    direct = counts.duplicates == 0
                    if let copy = counts.directCopy { cache.absorb(copy) }
                    // Otherwise the next batch is resolved now that this one has committed, so the
                    // load is pipelined again from the next batch on.
                    if direct, resolution == nil, let following = next {
                        resolution = try await Self.resolveAhead(following.records, cache: cache, on: resolver, logger: logger)
                    }
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
    }

    /// A batch's identities, resolved ahead of its COPY, with its rows encoded.
    struct Resolution: Sendable {
        /// The erasure generation the ids were resolved under.
        var erasureGeneration: Int64
        /// Identities created or first looked up for this batch.
        var learned: [Identifier: Int64]
        /// The batch's rows whose customer is an identifier, in ``interactionColumns`` order.
        var payload: ByteBuffer
        var rows: Int
        /// Some message of a customer to be created is already stored: the batch must take the
        /// staging path (nothing was created).
        var holdsStoredMessage: Bool
    }

    /// Resolves the identities of `records` in a transaction of its own on `resolver` (creating the
    /// missing ones), then encodes the rows.
    static func resolveAhead(
        _ records: [InteractionRecord], cache: IdentityCache, on resolver: PostgresConnection, logger: Logger
    ) async throws -> Resolution {
        var customers: [Identifier: CustomerSpan] = [:]
        for record in records {
            guard case .identifier(let identifier) = record.customer else { continue }
            customers[identifier, default: CustomerSpan(record)].widen(record)
        }
        guard !customers.isEmpty else {
            return Resolution(erasureGeneration: cache.erasureGeneration, learned: [:], payload: ByteBuffer(), rows: 0, holdsStoredMessage: false)
        }
        let outcome: (generation: Int64, learned: [Identifier: Int64])? = try await resolver.inTransaction(logger: logger) { resolver in
            try await resolver.guardedQuery("SELECT pg_advisory_xact_lock_shared(\(IdentityLock.key))", logger: logger)
            try await resolver.guardedQuery("SELECT pg_advisory_xact_lock(\(IdentityLock.creationKey))", logger: logger)
            let generation = try await erasureGeneration(on: resolver, logger: logger)
            let known = generation == cache.erasureGeneration ? cache.ids : [:]
            let missing = customers.filter { known[$0.key] == nil }
            if missing.isEmpty { return (generation, [:]) }
            if try await anyStored(records.filter { $0.customer.identifier.map { missing[$0] != nil } ?? false }, on: resolver, logger: logger) {
                return nil
            }
            return (generation, try await resolveIdentities(missing, on: resolver, logger: logger))
        }
        guard let outcome else {
            return Resolution(erasureGeneration: -1, learned: [:], payload: ByteBuffer(), rows: 0, holdsStoredMessage: true)
        }
        let known = outcome.generation == cache.erasureGeneration ? cache.ids : [:]
        var rows = CopyRowWriter(capacity: records.count * 256)
        var count = 0
        for record in records {
            guard case .identifier(let identifier) = record.customer else { continue }
            guard let identityID = outcome.learned[identifier] ?? known[identifier] else {
                throw StoreError.query(detail: "identity \(identifier) was not resolved")
            }
            rows.appendInteraction(record, identityID: identityID)
            count += 1
        }
        return Resolution(
            erasureGeneration: outcome.generation, learned: outcome.learned, payload: rows.take(), rows: count, holdsStoredMessage: false)
    }

    /// Copies a batch's rows with ids resolved ahead; nil when the batch must take the staging path
    /// instead (a message already stored, or an erasure since the resolution; nothing is then left).
    static func copyResolved(_ resolution: Resolution, on connection: PostgresConnection, logger: Logger) async throws -> DirectCopy? {
        guard !resolution.holdsStoredMessage else { return nil }
        guard resolution.rows > 0 else { return DirectCopy(copied: 0, learned: [:], erasureGeneration: resolution.erasureGeneration) }
        try await connection.guardedQuery("SAVEPOINT rapport_direct_copy", logger: logger)
        do {
            // Held to the end of the batch's transaction (see the type's comment).
            try await connection.guardedQuery("SELECT pg_advisory_xact_lock_shared(\(IdentityLock.key))", logger: logger)
            guard try await erasureGeneration(on: connection, logger: logger) == resolution.erasureGeneration else {
                try await connection.guardedQuery("ROLLBACK TO SAVEPOINT rapport_direct_copy", logger: logger)
                return nil
            }
            try await connection.guardedCopy(table: "interactions", columns: interactionColumns, payload: resolution.payload, logger: logger)
            try await connection.guardedQuery("RELEASE SAVEPOINT rapport_direct_copy", logger: logger)
            return DirectCopy(copied: resolution.rows, learned: resolution.learned, erasureGeneration: resolution.erasureGeneration)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            try await connection.guardedQuery("ROLLBACK TO SAVEPOINT rapport_direct_copy", logger: logger)
            return nil
        }
    }

    /// The newest erasure's id: identity values a load has cached are valid while it is unchanged.
    static func erasureGeneration(on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        var generation: Int64 = 0
        for try await value in try await connection.guardedQuery("SELECT coalesce(max(id), 0) FROM erasures", logger: logger).decode(Int64.self) {
            generation = value
        }
        return generation
    }

    /// Whether any of `records` is stored already.
    static func anyStored(_ records: [InteractionRecord], on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        guard !records.isEmpty else { return false }
        let sources = records.map(\.source)
        let externalIDs = records.map(\.externalID)
        let rows = try await connection.guardedQuery(
            """
            SELECT EXISTS (
                SELECT 1 FROM unnest(\(sources)::text[], \(externalIDs)::text[]) AS u(source, external_id)
                JOIN interactions x ON x.source = u.source AND x.external_id = u.external_id
            )
            """,
            logger: logger
        )
        for try await stored in rows.decode(Bool.self) { return stored }
        return false
    }
}

extension CustomerReference {
    /// The identifier, when the customer is named by one.
    var identifier: Identifier? {
        if case .identifier(let identifier) = self { identifier } else { nil }
    }
}
