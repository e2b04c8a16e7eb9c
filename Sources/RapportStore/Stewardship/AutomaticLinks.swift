import Foundation
import Logging
import PostgresNIO
import RapportCore

/// What `rapport link --auto` did.
public struct AutomaticLinkSummary: Sendable, Codable, Equatable {
    /// Claims examined: identifiers that a CRM record or an interaction's attributes tie to a profile.
    public var claims = 0
    /// Profiles merged through the ledger (automatic entries a steward can undo).
    public var merged = 0
    /// New identities added to the claiming profile.
    public var added = 0
    /// Skipped: blocklisted values, or both profiles holding CRM records (a steward's call).
    public var skipped = 0
    /// Already on the claiming profile: nothing to do.
    public var alreadyLinked = 0
    public var mergeIDs: [Int64] = []

    public init() {}

    enum CodingKeys: String, CodingKey { case claims, merged, added, skipped, alreadyLinked = "already_linked", mergeIDs = "merge_ids" }
}

/// Links that are certain, made automatically but always through the ledger.
///
/// A claim is an identifier that a profile's own data names: an email or phone in a CRM record's
/// columns, or an `email` / `phone` attribute of an interaction (a web-chat pre-chat form, say).
/// When another profile holds that identifier, the two are one person — unless the value is on the
/// blocklist or both profiles hold CRM records (then a steward decides). The profile without a CRM
/// record is merged into the one with it (else the younger into the older), with `automatic = true`
/// in the ledger so a steward can undo it. A claimed identifier nobody holds becomes an identity of
/// the claiming profile.
public struct AutomaticLinks: Sendable {
    public let database: Database
    public var options: NormalisationOptions

    public init(database: Database, options: NormalisationOptions = .init()) {
        self.database = database
        self.options = options
    }

    public func run(steward: String = "rapport link --auto") async throws -> AutomaticLinkSummary {
        let logger = database.logger
        var summary = AutomaticLinkSummary()
        var claims: [(profile: Int64, identifier: Identifier, source: String)] = []
        let rows = try await database.client.query(
            """
            SELECT i.profile_id, 'email', e, 'crm' FROM identities i
                JOIN customers c ON i.kind = 'crm' AND i.value = lower(c.crm_source) || ':' || c.crm_id CROSS JOIN unnest(c.emails) e
            UNION
            SELECT i.profile_id, 'phone', p, 'crm' FROM identities i
                JOIN customers c ON i.kind = 'crm' AND i.value = lower(c.crm_source) || ':' || c.crm_id CROSS JOIN unnest(c.phones) p
            UNION
            SELECT i.profile_id, k.key, k.value, x.source FROM interactions x JOIN identities i ON i.id = x.identity_id
                CROSS JOIN LATERAL jsonb_each_text(x.attributes) k
            WHERE x.direction = 'inbound' AND k.key IN ('email', 'phone') AND (x.attributes ? 'email' OR x.attributes ? 'phone')
            """,
            logger: logger
        )
        for try await (profile, kind, raw, source) in rows.decode((Int64, String, String, String).self) {
            guard let kind = IdentifierKind(rawValue: kind), let identifier = try? Identifier(kind: kind, rawValue: raw, options: options) else {
                continue
            }
            claims.append((profile, identifier, source))
        }
        summary.claims = claims.count
        for claim in claims {
            let outcome: ClaimOutcome = try await database.transaction { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(IdentityLock.key))", logger: logger)
                let (kind, value) = (claim.identifier.kind.rawValue, claim.identifier.value)
                if try await Guardrails.blocklistReason(kind: kind, value: value, on: connection, logger: logger) != nil { return .skipped }
                let claimant = try await Stewardship.liveProfile(of: claim.profile, on: connection, logger: logger)
                guard let holder = try await Stewardship.profileOf(kind: kind, value: value, on: connection, logger: logger) else {
                    try await connection.query(
                        """
                        INSERT INTO identities (kind, value, profile_id, origin_profile_id, source, confidence)
                        VALUES (\(kind), \(value), \(claimant), \(claimant), \("link:" + claim.source), 1.0)
                        """,
                        logger: logger
                    )
                    return .added
                }
                guard holder != claimant else { return .alreadyLinked }
                var crmHolders = Set<Int64>()
                for try await id in try await connection.query(
                    "SELECT DISTINCT profile_id FROM identities WHERE kind = 'crm' AND profile_id IN (\(claimant), \(holder))", logger: logger
                ).decode(Int64.self) {
                    crmHolders.insert(id)
                }
                if crmHolders.count == 2 { return .skipped }
                let (survivor, absorbed) =
                    crmHolders.contains(holder) || (!crmHolders.contains(claimant) && holder < claimant) ? (holder, claimant) : (claimant, holder)
                let id = try await LedgerMoves.merge(
                    survivor: survivor, absorbed: absorbed, steward: steward,
                    reason: "\(claim.identifier) is claimed by profile \(claim.profile)'s \(claim.source) data and held by profile \(holder)",
                    automatic: true, on: connection, logger: logger
                )
                return .merged(id)
            }
            switch outcome {
            case .added: summary.added += 1
            case .skipped: summary.skipped += 1
            case .alreadyLinked: summary.alreadyLinked += 1
            case .merged(let id):
                summary.merged += 1
                summary.mergeIDs.append(id)
            }
        }
        return summary
    }

    enum ClaimOutcome: Sendable {
        case added, skipped, alreadyLinked
        case merged(Int64)
    }
}
