import Foundation
import Logging
import PostgresNIO

/// The checks that stand between a steward (or an automatic link) and a wrong merge.
///
/// - Two profiles holding different CRM records from the same source are never merged, unless forced.
///   Automatic links never merge two CRM customers at all.
/// - An identifier on the blocklist (`noreply@…`, shared mailboxes, placeholder numbers) never links
///   people: a merge named by one is refused, and it is no evidence for suggestions or automatic links.
/// - A profile may hold at most N identities of a kind (settings `guardrails.max_identities_per_kind`),
///   unless forced: a merge past that usually means a shared device or a bad link.
enum Guardrails {
    /// The violations a merge of `absorbed` into `survivor` would commit.
    static func check(
        survivor: Int64, absorbed: Int64, namedBy identifiers: [(kind: String, value: String)],
        on connection: PostgresConnection, logger: Logger
    ) async throws -> [GuardrailViolation] {
        var violations: [GuardrailViolation] = []
        let crm = try await connection.query(
            """
            SELECT split_part(a.value, ':', 1), a.value, b.value
            FROM identities a JOIN identities b ON split_part(a.value, ':', 1) = split_part(b.value, ':', 1)
            WHERE a.kind = 'crm' AND b.kind = 'crm' AND a.profile_id = \(survivor) AND b.profile_id = \(absorbed) AND a.value <> b.value
            """,
            logger: logger
        )
        for try await (source, left, right) in crm.decode((String, String, String).self) {
            violations.append(
                GuardrailViolation(
                    rule: .crmConflict,
                    message: "both profiles hold a different \(source) CRM record (crm:\(left) and crm:\(right)): two CRM customers are merged only with --force",
                    forcible: true
                )
            )
        }
        for identifier in identifiers {
            if let reason = try await blocklistReason(kind: identifier.kind, value: identifier.value, on: connection, logger: logger) {
                violations.append(
                    GuardrailViolation(
                        rule: .blocklisted,
                        message: "\(identifier.kind):\(identifier.value) is on the blocklist (\(reason)): it must never link people; name the profiles by another identifier",
                        forcible: false
                    )
                )
            }
        }
        let limits = try await maximumIdentitiesPerKind(on: connection, logger: logger)
        let counts = try await connection.query(
            "SELECT kind, count(*)::int8 FROM identities WHERE profile_id IN (\(survivor), \(absorbed)) GROUP BY kind ORDER BY kind",
            logger: logger
        )
        for try await (kind, count) in counts.decode((String, Int64).self) {
            if let limit = limits[kind], count > limit {
                violations.append(
                    GuardrailViolation(
                        rule: .tooManyIdentities,
                        message: "the merged profile would hold \(count) \(kind) identities, more than the limit of \(limit) (settings guardrails.max_identities_per_kind): use --force if this is really one person",
                        forcible: true
                    )
                )
            }
        }
        return violations
    }

    /// The blocklist's reason when `kind:value` matches an entry.
    static func blocklistReason(kind: String, value: String, on connection: PostgresConnection, logger: Logger) async throws -> String? {
        let rows = try await connection.query(
            "SELECT reason FROM blocklist WHERE kind = \(kind) AND \(value) LIKE pattern LIMIT 1", logger: logger
        )
        for try await reason in rows.decode(String.self) { return reason }
        return nil
    }

    static func maximumIdentitiesPerKind(on connection: PostgresConnection, logger: Logger) async throws -> [String: Int64] {
        let rows = try await connection.query(
            "SELECT e.key, e.value::text::int8 FROM settings s, jsonb_each(s.value) e WHERE s.key = 'guardrails.max_identities_per_kind'",
            logger: logger
        )
        var limits: [String: Int64] = [:]
        for try await (kind, limit) in rows.decode((String, Int64).self) { limits[kind] = limit }
        return limits
    }
}
