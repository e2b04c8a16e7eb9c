import Logging
import PostgresNIO

/// The primitive moves of the merge ledger, run inside a caller's transaction.
///
/// Row locks are always taken in the same order — profiles by ascending id, then identities by
/// ascending id — so concurrent merges and unmerges wait for each other instead of deadlocking, and
/// each sees the other's result. The ledger sequence number is drawn after the locks are held, so
/// ledger order is the order in which conflicting operations took effect.
enum LedgerMoves {
    struct ProfileRow {
        let id: Int64
        let mergedInto: Int64?
    }

    /// Locks the given profiles in id order and returns their rows.
    static func lockProfiles(_ ids: [Int64], on connection: PostgresConnection, logger: Logger) async throws -> [Int64: ProfileRow] {
        let sorted = Array(Set(ids)).sorted()
        let rows = try await connection.query(
            "SELECT id, merged_into FROM profiles WHERE id = ANY(\(sorted)) ORDER BY id FOR UPDATE", logger: logger
        )
        var result: [Int64: ProfileRow] = [:]
        for try await (id, mergedInto) in rows.decode((Int64, Int64?).self) {
            result[id] = ProfileRow(id: id, mergedInto: mergedInto)
        }
        return result
    }

    /// Locks and returns the ids of the identities currently on `profile`.
    static func lockIdentities(ofProfile profile: Int64, on connection: PostgresConnection, logger: Logger) async throws -> [Int64] {
        let rows = try await connection.query(
            "SELECT id FROM identities WHERE profile_id = \(profile) ORDER BY id FOR UPDATE", logger: logger
        )
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return ids
    }

    static func nextSequence(on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        for try await value in try await connection.query("SELECT nextval('ledger_seq')", logger: logger).decode(Int64.self) {
            return value
        }
        throw StoreError.query(detail: "ledger_seq returned nothing")
    }

    /// Moves every identity of `absorbed` to `survivor`, marks `absorbed` merged, and ledgers it.
    /// Both profiles must be live; the caller checks guardrails first.
    static func merge(
        survivor: Int64, absorbed: Int64, steward: String, reason: String, automatic: Bool, detailsJSON: String = "{}",
        on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64 {
        guard survivor != absorbed else { throw StoreError.refused("both identifiers already belong to profile \(survivor)") }
        let profiles = try await lockProfiles([survivor, absorbed], on: connection, logger: logger)
        for id in [survivor, absorbed] {
            guard let row = profiles[id] else { throw StoreError.refused("profile \(id) does not exist") }
            if let into = row.mergedInto {
                throw StoreError.refused("profile \(id) was merged into profile \(into) meanwhile; merge with profile:\(into) instead")
            }
        }
        let moved = try await lockIdentities(ofProfile: absorbed, on: connection, logger: logger)
        try await connection.query("UPDATE identities SET profile_id = \(survivor) WHERE id = ANY(\(moved))", logger: logger)
        try await connection.query("UPDATE profiles SET merged_into = \(survivor) WHERE id = \(absorbed)", logger: logger)
        let sequence = try await nextSequence(on: connection, logger: logger)
        let rows = try await connection.query(
            """
            INSERT INTO merges (action, survivor_id, absorbed_id, identity_ids, steward, reason, automatic, seq, details)
            VALUES ('merge', \(survivor), \(absorbed), \(moved), \(steward), \(reason), \(automatic), \(sequence), \(detailsJSON)::jsonb)
            RETURNING id
            """,
            logger: logger
        )
        for try await id in rows.decode(Int64.self) { return id }
        throw StoreError.query(detail: "the ledger entry was not written")
    }
}
