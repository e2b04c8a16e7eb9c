import Foundation
import Logging
import PostgresNIO
import RapportCore

/// What data stewards do: merge two people with a preview, detach an identity, undo either, and
/// read the ledger. Every change is one transaction that writes a ledger entry.
public struct Stewardship: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    var logger: Logger { database.logger }

    /// The preview of merging the profiles of `a` and `b`; nothing changes.
    public func preview(_ a: Identifier, _ b: Identifier, keep: SurvivorChoice = .automatic) async throws -> MergePreview {
        let queries = ProfileQueries(database: database)
        let (first, second) = (try await queries.resolve(a), try await queries.resolve(b))
        guard first != second else { throw StoreError.refused("\(a) and \(b) already belong to the same profile (profile:\(first))") }
        let (survivor, absorbed) = try await chooseSurvivor(first, second, keep: keep)
        let violations = try await database.client.withConnection { connection in
            try await Guardrails.check(
                survivor: survivor, absorbed: absorbed, namedBy: [(a.kind.rawValue, a.value), (b.kind.rawValue, b.value)],
                on: connection, logger: logger
            )
        }
        return try await makePreview(survivor: survivor, absorbed: absorbed, violations: violations)
    }

    /// Merges the profiles of `a` and `b` through the ledger. Refused when a guardrail objects
    /// (unless `force` and the guardrail allows it). Its cost does not depend on the size of either
    /// history: it locks two profiles, moves the absorbed profile's identity rows and writes one entry.
    public func merge(
        _ a: Identifier, _ b: Identifier, keep: SurvivorChoice = .automatic, steward: String, reason: String, force: Bool = false
    ) async throws -> MergeOutcome {
        let queries = ProfileQueries(database: database)
        let (first, second) = (try await queries.resolve(a), try await queries.resolve(b))
        guard first != second else { throw StoreError.refused("\(a) and \(b) already belong to the same profile (profile:\(first))") }
        let (survivor, absorbed) = try await chooseSurvivor(first, second, keep: keep)
        let named = [(a.kind.rawValue, a.value), (b.kind.rawValue, b.value)]
        let logger = self.logger
        let (mergeID, moved, violations): (Int64, [Int64], [GuardrailViolation]) = try await database.transaction { connection in
            // The identifiers must still name these two profiles once they are locked.
            _ = try await LedgerMoves.lockProfiles([survivor, absorbed], on: connection, logger: logger)
            for (kind, value) in named where kind != "profile" {
                let current = try await Self.profileOf(kind: kind, value: value, on: connection, logger: logger)
                guard current == survivor || current == absorbed else {
                    throw StoreError.refused("\(kind):\(value) moved to another profile while the merge was prepared; run it again")
                }
            }
            let violations = try await Guardrails.check(survivor: survivor, absorbed: absorbed, namedBy: named, on: connection, logger: logger)
            let blocking = violations.filter { !$0.forcible || !force }
            guard blocking.isEmpty else { throw StoreError.refused("merge refused:\n- " + blocking.map(\.message).joined(separator: "\n- ")) }
            let moved = try await LedgerMoves.lockIdentities(ofProfile: absorbed, on: connection, logger: logger)
            let details = "{\"forced\": \(!violations.isEmpty)}"
            let id = try await LedgerMoves.merge(
                survivor: survivor, absorbed: absorbed, steward: steward, reason: reason, automatic: false, detailsJSON: details,
                on: connection, logger: logger
            )
            return (id, moved, violations)
        }
        return MergeOutcome(mergeID: mergeID, survivorID: survivor, absorbedID: absorbed, identityIDs: moved, overridden: violations)
    }

    /// Moves one identity to a new profile of its own (ledgered, reversible).
    public func detach(_ identifier: Identifier, steward: String, reason: String) async throws -> LedgerEntry {
        guard identifier.kind != .profile else { throw StoreError.refused("detach takes an identity (kind:value), not a profile") }
        let logger = self.logger
        let entryID: Int64 = try await database.transaction { connection in
            guard let profile = try await Self.profileOf(kind: identifier.kind.rawValue, value: identifier.value, on: connection, logger: logger)
            else { throw StoreError.unknownIdentifier(identifier.description) }
            _ = try await LedgerMoves.lockProfiles([profile], on: connection, logger: logger)
            let identities = try await LedgerMoves.lockIdentities(ofProfile: profile, on: connection, logger: logger)
            var identityID: Int64?
            for try await id in try await connection.query(
                "SELECT id FROM identities WHERE kind = \(identifier.kind.rawValue) AND value = \(identifier.value) AND profile_id = \(profile)",
                logger: logger
            ).decode(Int64.self) {
                identityID = id
            }
            guard let identityID else { throw StoreError.refused("\(identifier) moved while the detach was prepared; run it again") }
            guard identities.count > 1 else {
                throw StoreError.refused("\(identifier) is the only identity of profile \(profile): there is nothing to detach it from")
            }
            var newProfile: Int64 = 0
            for try await id in try await connection.query("INSERT INTO profiles DEFAULT VALUES RETURNING id", logger: logger).decode(Int64.self) {
                newProfile = id
            }
            try await connection.query("UPDATE identities SET profile_id = \(newProfile) WHERE id = \(identityID)", logger: logger)
            let sequence = try await LedgerMoves.nextSequence(on: connection, logger: logger)
            for try await id in try await connection.query(
                """
                INSERT INTO merges (action, survivor_id, absorbed_id, identity_ids, steward, reason, seq)
                VALUES ('detach', \(profile), \(newProfile), \([identityID]), \(steward), \(reason), \(sequence)) RETURNING id
                """,
                logger: logger
            ).decode(Int64.self) {
                return id
            }
            throw StoreError.query(detail: "the ledger entry was not written")
        }
        return try await entry(entryID)
    }

    static func profileOf(kind: String, value: String, on connection: PostgresConnection, logger: Logger) async throws -> Int64? {
        for try await id in try await connection.query(
            "SELECT profile_id FROM identities WHERE kind = \(kind) AND value = \(value)", logger: logger
        ).decode(Int64.self) {
            return id
        }
        return nil
    }

    func chooseSurvivor(_ first: Int64, _ second: Int64, keep: SurvivorChoice) async throws -> (Int64, Int64) {
        switch keep {
        case .first: return (first, second)
        case .second: return (second, first)
        case .automatic:
            // The one holding a CRM record; else the older.
            let rows = try await database.client.query(
                """
                SELECT p.id FROM profiles p
                WHERE p.id IN (\(first), \(second))
                ORDER BY EXISTS (SELECT 1 FROM identities i WHERE i.profile_id = p.id AND i.kind = 'crm') DESC, p.created_at, p.id
                """,
                logger: logger
            )
            for try await id in rows.decode(Int64.self) { return id == first ? (first, second) : (second, first) }
            throw StoreError.refused("the profiles to merge no longer exist")
        }
    }

    func makePreview(survivor: Int64, absorbed: Int64, violations: [GuardrailViolation]) async throws -> MergePreview {
        let queries = ProfileQueries(database: database)
        let keep = try await queries.profile(survivor)
        let gone = try await queries.profile(absorbed)
        func side(_ profile: ProfileSummary) -> MergePreview.ProfileSide {
            MergePreview.ProfileSide(
                id: profile.id, label: profile.label, crmRecords: profile.crmRecords.map { "\($0.crmSource):\($0.crmID)" },
                identities: profile.identities.map(\.identifier), counts: profile.channelCounts, createdAt: profile.createdAt
            )
        }
        return MergePreview(
            survivor: side(keep), absorbed: side(gone), movingIdentities: gone.identities.map(\.identifier),
            countsAfter: keep.channelCounts.merging(gone.channelCounts, uniquingKeysWith: +), violations: violations
        )
    }
}
