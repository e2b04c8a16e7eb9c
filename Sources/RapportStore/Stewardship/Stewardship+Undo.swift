import Foundation
import Logging
import PostgresNIO
import RapportCore

/// The outcome of undoing a ledger entry.
public struct UndoOutcome: Sendable, Codable {
    public var entry: LedgerEntry
    /// Identities moved back.
    public var returned: [String]
    /// Identities the entry had moved that are already where the replay puts them (nothing to move).
    public var leftInPlace: [String]

    enum CodingKeys: String, CodingKey { case entry, returned, leftInPlace = "left_in_place" }
}

extension Stewardship {
    /// Undoes a merge or a detach, exactly: afterwards every identity is where it would be had the
    /// entry never been made.
    ///
    /// The store's state is always what replaying the active (not undone) ledger entries in order
    /// gives, starting from each identity's origin profile: a merge moves whatever identities are on
    /// the absorbed profile, a detach moves its identity if it is still on the profile it left. Undoing
    /// an entry removes it from that replay; the identities it could have affected (its own, and any
    /// that ever passed through its profiles) are recomputed and moved where the replay puts them,
    /// and a merged-away profile comes back to life. So an unmerge works after the survivor absorbed
    /// others (their identities stay) or was merged into a third profile (the identities come back
    /// from there), in any order, and undoing every entry restores every timeline exactly.
    public func undo(_ entryID: Int64, steward: String, reason: String) async throws -> UndoOutcome {
        let logger = self.logger
        for _ in 0..<5 {
            let attempt: (returned: [String], left: [String])? = try await database.transaction { connection in
                let entryRows = try await connection.query(
                    "SELECT action, survivor_id, absorbed_id, identity_ids, undone_at FROM merges WHERE id = \(entryID) FOR UPDATE",
                    logger: logger
                )
                var found: (String, Int64, Int64, [Int64], Date?)?
                for try await row in entryRows.decode((String, Int64, Int64, [Int64], Date?).self) { found = row }
                guard let (action, survivor, absorbed, identityIDs, undoneAt) = found else {
                    throw StoreError.refused("there is no ledger entry \(entryID) (see `rapport history IDENTIFIER`)")
                }
                if let undoneAt { throw StoreError.refused("ledger entry \(entryID) was already undone at \(undoneAt)") }
                let plan = try await LedgerReplay.plan(undoing: entryID, survivor: survivor, absorbed: absorbed, identityIDs: identityIDs, on: connection, logger: logger)
                // Lock what moves (profiles, then identities, in id order) and check nothing moved meanwhile.
                let locked = try await LedgerMoves.lockProfiles(plan.profiles, on: connection, logger: logger)
                let current = try await LedgerReplay.owners(of: plan.identities, lock: true, on: connection, logger: logger)
                guard current == plan.currentOwners, plan.profiles.allSatisfy({ locked[$0] != nil }) else { return nil }
                // A merge committed between planning and locking may have absorbed a profile the plan
                // moves identities to, without moving any of them: planned again under the locks, the
                // plan must be the same, or it is retried.
                let replanned = try await LedgerReplay.plan(
                    undoing: entryID, survivor: survivor, absorbed: absorbed, identityIDs: identityIDs, on: connection, logger: logger)
                guard replanned == plan else { return nil }
                var returned: [String] = []
                var left: [String] = []
                for (destination, ids) in Dictionary(grouping: plan.moves.keys, by: { plan.moves[$0] ?? 0 }) {
                    try await connection.query("UPDATE identities SET profile_id = \(destination) WHERE id = ANY(\(ids))", logger: logger)
                }
                let labels = try await LedgerReplay.identifiers(of: identityIDs, on: connection, logger: logger)
                for id in identityIDs {
                    if plan.moves[id] != nil { returned.append(labels[id] ?? "identity \(id)") } else { left.append(labels[id] ?? "identity \(id)") }
                }
                if action == "merge" {
                    try await connection.query("UPDATE profiles SET merged_into = NULL WHERE id = \(absorbed)", logger: logger)
                } else {
                    // A detached identity's profile that is left empty folds back into the profile it left.
                    let destination = try await Self.liveProfile(of: survivor, on: connection, logger: logger)
                    if destination != absorbed {
                        try await connection.query(
                            """
                            UPDATE profiles SET merged_into = \(destination)
                            WHERE id = \(absorbed) AND merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM identities WHERE profile_id = \(absorbed))
                            """,
                            logger: logger
                        )
                    }
                }
                let sequence = try await LedgerMoves.nextSequence(on: connection, logger: logger)
                let moved = Array(plan.moves.keys).sorted()
                try await connection.query(
                    """
                    UPDATE merges SET undone_at = now(), undone_by = \(steward), undo_reason = \(reason), undo_seq = \(sequence),
                           details = details || jsonb_build_object('returned_identity_ids', \(moved)::int8[])
                    WHERE id = \(entryID)
                    """,
                    logger: logger
                )
                return (returned, left)
            }
            if let attempt {
                return UndoOutcome(entry: try await entry(entryID), returned: attempt.returned, leftInPlace: attempt.left)
            }
        }
        throw StoreError.refused("ledger entry \(entryID) kept changing under concurrent merges; run the unmerge again")
    }

    /// Every ledger entry that touched the profile of `identifier`, oldest first.
    public func history(_ identifier: Identifier) async throws -> [LedgerEntry] {
        let profile = try await ProfileQueries(database: database).resolve(identifier)
        let rows = try await database.client.query(
            """
            WITH RECURSIVE tree AS (
                SELECT id FROM profiles WHERE id = \(profile)
                UNION
                SELECT p.id FROM profiles p JOIN tree t ON p.merged_into = t.id
            ), related AS (
                SELECT id FROM tree
                UNION SELECT origin_profile_id FROM identities WHERE profile_id = \(profile)
            )
            SELECT m.id FROM merges m
            WHERE m.survivor_id IN (SELECT id FROM related) OR m.absorbed_id IN (SELECT id FROM related)
               OR m.identity_ids && (SELECT array_agg(id) FROM identities WHERE profile_id = \(profile))
            ORDER BY m.seq
            """,
            logger: logger
        )
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return try await entries(ids)
    }

    /// One ledger entry.
    public func entry(_ id: Int64) async throws -> LedgerEntry {
        guard let entry = try await entries([id]).first else { throw StoreError.refused("there is no ledger entry \(id)") }
        return entry
    }

    func entries(_ ids: [Int64]) async throws -> [LedgerEntry] {
        guard !ids.isEmpty else { return [] }
        let rows = try await database.client.query(
            """
            SELECT m.id, m.action, m.survivor_id, m.absorbed_id, m.identity_ids,
                   coalesce((SELECT array_agg(i.kind || ':' || i.value ORDER BY i.id) FROM identities i WHERE i.id = ANY(m.identity_ids)), '{}'),
                   m.steward, m.reason, m.automatic, m.created_at, m.undone_at, m.undone_by, m.undo_reason
            FROM merges m WHERE m.id = ANY(\(ids)) ORDER BY m.seq
            """,
            logger: logger
        )
        var result: [LedgerEntry] = []
        for try await row in rows {
            let (id, action, survivor, absorbed, identityIDs, identifiers, steward, reason, automatic, createdAt, undoneAt, undoneBy, undoReason) =
                try row.decode((Int64, String, Int64, Int64, [Int64], [String], String, String, Bool, Date, Date?, String?, String?).self)
            result.append(
                LedgerEntry(
                    id: id, action: LedgerEntry.Action(rawValue: action) ?? .merge, survivorID: survivor, absorbedID: absorbed,
                    identityIDs: identityIDs, identifiers: identifiers, steward: steward, reason: reason, automatic: automatic,
                    createdAt: createdAt, undoneAt: undoneAt, undoneBy: undoneBy, undoReason: undoReason
                )
            )
        }
        return result
    }

    /// The live profile at the end of `profile`'s `merged_into` chain.
    static func liveProfile(of profile: Int64, on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let rows = try await connection.query(
            """
            WITH RECURSIVE chain AS (
                SELECT id, merged_into, 0 AS depth FROM profiles WHERE id = \(profile)
                UNION ALL
                SELECT p.id, p.merged_into, c.depth + 1 FROM profiles p JOIN chain c ON p.id = c.merged_into WHERE c.depth < 10000
            )
            SELECT id FROM chain WHERE merged_into IS NULL
            """,
            logger: logger
        )
        for try await id in rows.decode(Int64.self) { return id }
        throw StoreError.refused("profile \(profile) leads to no live profile")
    }
}
