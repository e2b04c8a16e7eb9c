import Logging
import PostgresNIO

/// Replaying the merge ledger: where identities are when some entries are left out.
///
/// Replay starts every identity on its origin profile and applies the active entries in ledger
/// order: a merge moves every identity on its absorbed profile to its survivor; a detach moves its
/// identities that are still on the profile it left to the new profile. The store's identities are
/// always where this replay puts them; undoing an entry means replaying without it.
enum LedgerReplay {
    struct Plan: Equatable {
        /// Identities whose place was recomputed, and their current profiles.
        var identities: [Int64]
        var currentOwners: [Int64: Int64]
        /// Identity → the profile it moves to.
        var moves: [Int64: Int64]
        /// Every profile involved (current and new owners), to lock.
        var profiles: [Int64]
    }

    struct Entry {
        let action: String
        let survivor: Int64
        let absorbed: Int64
        let identityIDs: [Int64]
    }

    /// What undoing `entryID` moves. The identities considered are the entry's own and those of every
    /// entry (active or undone) that touched its profiles, plus those that started on them.
    static func plan(
        undoing entryID: Int64, survivor: Int64, absorbed: Int64, identityIDs: [Int64], on connection: PostgresConnection, logger: Logger
    ) async throws -> Plan {
        var tracked = Set(identityIDs)
        let related = try await connection.query(
            """
            SELECT DISTINCT unnest(identity_ids) FROM merges
            WHERE survivor_id IN (\(survivor), \(absorbed)) OR absorbed_id IN (\(survivor), \(absorbed))
            UNION SELECT id FROM identities WHERE origin_profile_id IN (\(survivor), \(absorbed))
            """,
            logger: logger
        )
        for try await id in related.decode(Int64.self) { tracked.insert(id) }
        let identities = tracked.sorted()
        var owner: [Int64: Int64] = [:]
        for try await (id, origin) in try await connection.query(
            "SELECT id, origin_profile_id FROM identities WHERE id = ANY(\(identities))", logger: logger
        ).decode((Int64, Int64).self) {
            owner[id] = origin
        }
        let entries = try await connection.query(
            "SELECT action, survivor_id, absorbed_id, identity_ids FROM merges WHERE undone_at IS NULL AND id <> \(entryID) ORDER BY seq",
            logger: logger
        )
        for try await (action, entrySurvivor, entryAbsorbed, ids) in entries.decode((String, Int64, Int64, [Int64]).self) {
            apply(Entry(action: action, survivor: entrySurvivor, absorbed: entryAbsorbed, identityIDs: ids), to: &owner)
        }
        let current = try await owners(of: identities, lock: false, on: connection, logger: logger)
        var moves: [Int64: Int64] = [:]
        for id in identities {
            if let target = owner[id], let now = current[id], target != now { moves[id] = target }
        }
        let profiles = Set(moves.values).union(moves.keys.compactMap { current[$0] }).union([survivor, absorbed])
        return Plan(identities: identities, currentOwners: current, moves: moves, profiles: profiles.sorted())
    }

    /// One replay step over the identities in `owner`.
    static func apply(_ entry: Entry, to owner: inout [Int64: Int64]) {
        switch entry.action {
        case "merge":
            for (id, profile) in owner where profile == entry.absorbed { owner[id] = entry.survivor }
        default:
            for id in entry.identityIDs where owner[id] == entry.survivor { owner[id] = entry.absorbed }
        }
    }

    static func owners(of identities: [Int64], lock: Bool, on connection: PostgresConnection, logger: Logger) async throws -> [Int64: Int64] {
        let rows =
            lock
            ? try await connection.query(
                "SELECT id, profile_id FROM identities WHERE id = ANY(\(identities)) ORDER BY id FOR UPDATE", logger: logger)
            : try await connection.query("SELECT id, profile_id FROM identities WHERE id = ANY(\(identities))", logger: logger)
        var result: [Int64: Int64] = [:]
        for try await (id, profile) in rows.decode((Int64, Int64).self) { result[id] = profile }
        return result
    }

    static func identifiers(of identities: [Int64], on connection: PostgresConnection, logger: Logger) async throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        for try await (id, label) in try await connection.query(
            "SELECT id, kind || ':' || value FROM identities WHERE id = ANY(\(identities))", logger: logger
        ).decode((Int64, String).self) {
            result[id] = label
        }
        return result
    }
}
