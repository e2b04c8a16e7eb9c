import Foundation
import Logging
import PostgresNIO
import RapportCore

/// The fast path of a batch: when none of its messages is stored yet (the usual case for new
/// data), its rows are copied straight into `interactions` with their identity ids, instead of
/// being written to the staging table and inserted from there, which wrote every row twice.
///
/// The batch's identifiers are resolved first (creating the new ones) from their distinct values,
/// then one `COPY interactions` carries the rows. The unique index on (source, external_id) is the
/// duplicate check: if any row is already stored, or the batch holds a message twice, the COPY fails
/// with a unique violation, everything since the savepoint (new identities included) is rolled
/// back, and the batch takes the staging path, which skips duplicates row by row.
extension InteractionLoader {
    static let interactionColumns = [
        "source", "external_id", "identity_id", "channel", "direction", "visibility", "occurred_at", "thread_id", "in_reply_to",
        "account", "body", "attributes",
    ]

    /// Copies the rows whose customer is an identifier; nil when the batch must take the staging
    /// path instead (nothing of it is then left in the store). Identifiers in `cache` are not looked
    /// up again unless an erasure happened since it was filled (an erasure changes identity values;
    /// nothing else does, and identity ids never change).
    static func copyDirect(
        _ records: [InteractionRecord], cache: IdentityCache, on connection: PostgresConnection, logger: Logger
    ) async throws -> DirectCopy? {
        var customers: [Identifier: CustomerSpan] = [:]
        for record in records {
            guard case .identifier(let identifier) = record.customer else { continue }
            customers[identifier, default: CustomerSpan(record)].widen(record)
        }
        guard !customers.isEmpty else { return DirectCopy(copied: 0, learned: [:], erasureGeneration: cache.erasureGeneration) }
        try await connection.guardedQuery("SAVEPOINT rapport_direct_copy", logger: logger)
        do {
            // Held to the end of the batch's transaction: no erasure can change a cached identity
            // before these rows are stored (it waits, then erases them too).
            try await connection.guardedQuery("SELECT pg_advisory_xact_lock(\(IdentityLock.key))", logger: logger)
            let generation = try await erasureGeneration(on: connection, logger: logger)
            let known = generation == cache.erasureGeneration ? cache.ids : [:]
            let missing = customers.filter { known[$0.key] == nil }
            let learned = missing.isEmpty ? [:] : try await resolveIdentities(missing, on: connection, logger: logger)
            var rows = CopyRowWriter(capacity: records.count * 256)
            var copied = 0
            for record in records {
                guard case .identifier(let identifier) = record.customer else { continue }
                guard let identityID = known[identifier] ?? learned[identifier] else {
                    throw StoreError.query(detail: "identity \(identifier) was not resolved")
                }
                rows.appendInteraction(record, identityID: identityID)
                copied += 1
            }
            try await connection.guardedCopy(table: "interactions", columns: interactionColumns, payload: rows.take(), logger: logger)
            try await connection.guardedQuery("RELEASE SAVEPOINT rapport_direct_copy", logger: logger)
            return DirectCopy(copied: copied, learned: learned, erasureGeneration: generation)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            try await connection.guardedQuery("ROLLBACK TO SAVEPOINT rapport_direct_copy", logger: logger)
            return nil
        }
    }

    /// What a direct copy did, and the identity ids it learnt for the next batches.
    struct DirectCopy: Sendable {
        var copied: Int
        var learned: [Identifier: Int64]
        var erasureGeneration: Int64
    }

    /// Identity ids a load has already resolved, valid while no erasure happened (`erasures`' newest id).
    struct IdentityCache: Sendable {
        /// Beyond this many entries the cache starts over, to keep a load's memory bounded.
        static let capacity = 500_000

        var erasureGeneration: Int64 = -1
        var ids: [Identifier: Int64] = [:]

        mutating func absorb(_ copy: DirectCopy) {
            absorb(copy.learned, generation: copy.erasureGeneration)
        }

        mutating func absorb(_ resolution: Resolution) {
            absorb(resolution.learned, generation: resolution.erasureGeneration)
        }

        private mutating func absorb(_ learned: [Identifier: Int64], generation: Int64) {
            if generation != erasureGeneration || ids.count + learned.count > Self.capacity {
                ids.removeAll(keepingCapacity: true)
                erasureGeneration = generation
            }
            ids.merge(learned) { _, new in new }
        }
    }

    /// The identity id of every identifier, creating a profile and an identity for each new one.
    /// The caller holds the identity lock.
    static func resolveIdentities(
        _ customers: [Identifier: CustomerSpan], on connection: PostgresConnection, logger: Logger
    ) async throws -> [Identifier: Int64] {
        var kinds: [String] = []
        var values: [String] = []
        var sources: [String] = []
        var firstSeen: [String] = []
        var lastSeen: [String] = []
        for (identifier, span) in customers {
            kinds.append(identifier.kind.rawValue)
            values.append(identifier.value)
            sources.append(span.source)
            firstSeen.append(TimestampText.format(span.first))
            lastSeen.append(TimestampText.format(span.last))
        }
        let rows = try await connection.guardedQuery(
            """
            WITH input AS (
                SELECT * FROM unnest(\(kinds)::text[], \(values)::text[], \(sources)::text[], \(firstSeen)::timestamptz[], \(lastSeen)::timestamptz[])
                    AS u(kind, value, source, first_seen, last_seen)
            ), fresh AS (
                SELECT u.*, nextval(pg_get_serial_sequence('profiles', 'id')) AS profile_id FROM input u
                WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.kind = u.kind AND i.value = u.value)
            ), new_profiles AS (
                INSERT INTO profiles (id) OVERRIDING SYSTEM VALUE SELECT profile_id FROM fresh
            ), created AS (
                INSERT INTO identities (kind, value, profile_id, origin_profile_id, source, first_seen, last_seen)
                SELECT kind, value, profile_id, profile_id, source, first_seen, last_seen FROM fresh
                RETURNING id, kind, value
            )
            SELECT id, kind, value FROM created
            UNION ALL
            SELECT i.id, i.kind, i.value FROM identities i JOIN input u ON i.kind = u.kind AND i.value = u.value
            """,
            logger: logger
        )
        var ids: [Identifier: Int64] = [:]
        ids.reserveCapacity(customers.count)
        for try await (id, kind, value) in rows.decode((Int64, String, String).self) {
            guard let kind = IdentifierKind(rawValue: kind) else { continue }
            ids[Identifier(kind: kind, normalisedValue: value)] = id
        }
        return ids
    }

    /// The first source and the time span of one customer's messages in a batch.
    struct CustomerSpan {
        var source: String
        var first: Date
        var last: Date

        init(_ record: InteractionRecord) {
            source = record.source
            first = record.occurredAt
            last = record.occurredAt
        }

        mutating func widen(_ record: InteractionRecord) {
            if record.source < source { source = record.source }
            if record.occurredAt < first { first = record.occurredAt }
            if record.occurredAt > last { last = record.occurredAt }
        }
    }
}

extension CopyRowWriter {
    /// One row in ``InteractionLoader/interactionColumns`` order.
    mutating func appendInteraction(_ record: InteractionRecord, identityID: Int64) {
        field(record.source)
        field(record.externalID)
        field(identityID)
        field(record.channel.rawValue)
        field(record.direction.rawValue)
        field(record.visibility.rawValue)
        field(timestamp: record.occurredAt)
        field(record.threadID)
        field(record.inReplyTo)
        field(record.account)
        field(record.body)
        field(record.attributesJSON)
        endRow()
    }
}
