import Foundation
import Logging
import PostgresNIO
import RapportCore

/// What `rapport import customers` did.
public struct CustomerImportSummary: Sendable, Codable, Equatable {
    public var read = 0
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var rejected = 0
    /// Social-only profiles that a CRM record claimed and that were merged into it (ledgered).
    public var linked = 0
    /// Identifiers claimed by two CRM customers: reported, never merged.
    public var conflicts: [IdentifierConflict] = []

    public init() {}
}

/// An identifier that a CRM record claims but another CRM customer's profile already holds.
public struct IdentifierConflict: Sendable, Codable, Equatable {
    public var line: Int
    public var identifier: String
    /// The CRM record (source:id) whose row claimed it.
    public var claimedBy: String
    /// The CRM record(s) of the profile that holds it.
    public var heldBy: [String]

    enum CodingKeys: String, CodingKey { case line, identifier, claimedBy = "claimed_by", heldBy = "held_by" }
}

/// Upserts CRM records and links their identifiers, in batches.
///
/// Re-importing updates a record in place (keyed by `crm_source` + `crm_id`), never duplicates it.
/// Every identifier becomes an identity on the record's profile. An identifier already on a social-only
/// profile links that profile to the customer through an automatic, ledgered merge (a steward can
/// undo it); one already on another CRM customer's profile is a conflict, reported and left alone.
public struct CustomerImporter: Sendable {
    public let database: Database
    public var batchSize: Int

    public init(database: Database, batchSize: Int = 5_000) {
        self.database = database
        self.batchSize = batchSize
    }

    static let separator = "\u{1F}"

    public func load<Source: CustomerBatchSource>(
        from reader: inout Source, rejects: (([RejectedRow]) throws -> Void)? = nil,
        progress: ((Int, Int, Int?) -> Void)? = nil
    ) async throws -> CustomerImportSummary {
        let logger = database.logger
        var summary = CustomerImportSummary()
        while let batch = try reader.nextBatch(maxRows: batchSize) {
            summary.read += batch.records.count + batch.rejects.count
            summary.rejected += batch.rejects.count
            if !batch.rejects.isEmpty { try rejects?(batch.rejects) }
            if !batch.records.isEmpty {
                let result = try await database.client.withConnection { connection in
                    try await Self.loadBatch(batch.records, on: connection, logger: logger)
                }
                summary.inserted += result.inserted
                summary.updated += result.updated
                summary.unchanged += result.unchanged
                summary.linked += result.linked
                summary.conflicts += result.conflicts
            }
            progress?(summary.read, reader.bytesRead, reader.totalBytes)
        }
        return summary
    }

    static func loadBatch(_ records: [CustomerRecord], on connection: PostgresConnection, logger: Logger) async throws -> CustomerImportSummary {
        try await connection.guardedQuery(
            """
            CREATE TEMP TABLE IF NOT EXISTS crm_stage (
                line integer, crm_source text, crm_id text, crm_key text, name text, emails text, phones text,
                handles text, attributes jsonb
            ) ON COMMIT DELETE ROWS
            """,
            logger: logger
        )
        var rows = CopyRowWriter(capacity: records.count * 200)
        for record in records {
            rows.field(record.line)
            rows.field(record.crmSource)
            rows.field(record.crmID)
            rows.field(record.crmIdentifier.value)
            rows.field(record.name)
            rows.field(record.emails.map(\.value).joined(separator: separator))
            rows.field(record.phones.map(\.value).joined(separator: separator))
            rows.field(record.handles.map(\.description).joined(separator: separator))
            rows.field(attributesJSON(record.attributes))
            rows.endRow()
        }
        let payload = rows.take()
        return try await connection.inTransaction(logger: logger) { connection in
            try connection.requireOpen()
            try await connection.copyFrom(
                table: "crm_stage", columns: ["line", "crm_source", "crm_id", "crm_key", "name", "emails", "phones", "handles", "attributes"],
                logger: logger
            ) { writer in try await writer.write(payload) }
            try await connection.guardedQuery("SELECT pg_advisory_xact_lock(\(IdentityLock.key))", logger: logger)
            // The last row wins when a batch holds the same record twice.
            try await connection.guardedQuery(
                "DELETE FROM crm_stage a USING crm_stage b WHERE a.crm_source = b.crm_source AND a.crm_id = b.crm_id AND a.line < b.line",
                logger: logger
            )
            var summary = CustomerImportSummary()
            let upserted = try await connection.guardedQuery(
                """
                WITH up AS (
                    INSERT INTO customers (crm_source, crm_id, name, emails, phones, handles, attributes)
                    SELECT crm_source, crm_id, name, string_to_array(emails, E'\\x1f'), string_to_array(phones, E'\\x1f'),
                           string_to_array(handles, E'\\x1f'), attributes
                    FROM crm_stage
                    ON CONFLICT (crm_source, crm_id) DO UPDATE
                    SET name = EXCLUDED.name, emails = EXCLUDED.emails, phones = EXCLUDED.phones, handles = EXCLUDED.handles,
                        attributes = EXCLUDED.attributes, updated_at = now()
                    WHERE (customers.name, customers.emails, customers.phones, customers.handles, customers.attributes)
                          IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.emails, EXCLUDED.phones, EXCLUDED.handles, EXCLUDED.attributes)
                    RETURNING (xmax = 0) AS inserted
                )
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted), (SELECT count(*) FROM crm_stage) FROM up
                """,
                logger: logger
            )
            for try await (inserted, updated, staged) in upserted.decode((Int, Int, Int).self) {
                summary.inserted = inserted
                summary.updated = updated
                summary.unchanged = staged - inserted - updated
            }
            // A profile and a crm: identity for each record seen for the first time.
            try await connection.guardedQuery(
                """
                WITH fresh AS (
                    SELECT s.crm_key, s.name, 'crm:' || lower(s.crm_source) AS source,
                           nextval(pg_get_serial_sequence('profiles', 'id')) AS profile_id
                    FROM crm_stage s
                    WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.kind = 'crm' AND i.value = s.crm_key)
                ), new_profiles AS (
                    INSERT INTO profiles (id, display_name) OVERRIDING SYSTEM VALUE SELECT profile_id, name FROM fresh
                )
                INSERT INTO identities (kind, value, profile_id, origin_profile_id, source)
                SELECT 'crm', crm_key, profile_id, profile_id, source FROM fresh
                """,
                logger: logger
            )
            // Each record's claims (kind, value) against its profile.
            try await connection.guardedQuery(
                """
                CREATE TEMP TABLE IF NOT EXISTS crm_claims (line integer, crm_key text, claimant bigint, kind text, value text, source text)
                ON COMMIT DELETE ROWS
                """,
                logger: logger
            )
            try await connection.guardedQuery(
                """
                INSERT INTO crm_claims
                SELECT s.line, s.crm_key, i.profile_id, c.kind, c.value, 'crm:' || lower(s.crm_source)
                FROM crm_stage s
                JOIN identities i ON i.kind = 'crm' AND i.value = s.crm_key
                CROSS JOIN LATERAL (
                    SELECT 'email' AS kind, e AS value FROM unnest(string_to_array(s.emails, E'\\x1f')) e
                    UNION ALL SELECT 'phone', p FROM unnest(string_to_array(s.phones, E'\\x1f')) p
                    UNION ALL SELECT split_part(h, ':', 1), substr(h, length(split_part(h, ':', 1)) + 2)
                              FROM unnest(string_to_array(s.handles, E'\\x1f')) h
                ) c
                """,
                logger: logger
            )
            // Identifiers nobody held yet go to the first record that claims them.
            try await connection.guardedQuery(
                """
                INSERT INTO identities (kind, value, profile_id, origin_profile_id, source)
                SELECT DISTINCT ON (c.kind, c.value) c.kind, c.value, c.claimant, c.claimant, c.source
                FROM crm_claims c
                WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.kind = c.kind AND i.value = c.value)
                ORDER BY c.kind, c.value, c.line
                """,
                logger: logger
            )
            // Identifiers held by another profile: link social-only ones, report CRM conflicts.
            let contested = try await connection.guardedQuery(
                """
                SELECT c.line, c.crm_key, c.claimant, c.kind, c.value, i.profile_id
                FROM crm_claims c JOIN identities i ON i.kind = c.kind AND i.value = c.value
                WHERE i.profile_id <> c.claimant
                ORDER BY c.line, c.kind, c.value
                """,
                logger: logger
            )
            var claims: [(line: Int, crmKey: String, claimant: Int64, identifier: String)] = []
            for try await (line, crmKey, claimant, kind, value, _) in contested.decode((Int, String, Int64, String, String, Int64).self) {
                claims.append((line, crmKey, claimant, "\(kind):\(value)"))
            }
            for claim in claims {
                let (kind, value) = splitIdentifier(claim.identifier)
                let holderRows = try await connection.guardedQuery(
                    """
                    SELECT i.profile_id, coalesce(array_agg(c.value) FILTER (WHERE c.value IS NOT NULL), '{}')
                    FROM identities i LEFT JOIN identities c ON c.profile_id = i.profile_id AND c.kind = 'crm'
                    WHERE i.kind = \(kind) AND i.value = \(value) GROUP BY i.profile_id
                    """,
                    logger: logger
                )
                for try await (holder, crmKeys) in holderRows.decode((Int64, [String]).self) where holder != claim.claimant {
                    if crmKeys.isEmpty {
                        _ = try await LedgerMoves.merge(
                            survivor: claim.claimant, absorbed: holder, steward: "rapport import",
                            reason: "CRM record \(claim.crmKey) claims \(claim.identifier)", automatic: true,
                            on: connection, logger: logger
                        )
                        summary.linked += 1
                    } else {
                        summary.conflicts.append(
                            IdentifierConflict(line: claim.line, identifier: claim.identifier, claimedBy: claim.crmKey, heldBy: crmKeys.sorted())
                        )
                    }
                }
            }
            return summary
        }
    }

    static func splitIdentifier(_ text: String) -> (String, String) {
        guard let colon = text.firstIndex(of: ":") else { return (text, "") }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    static func attributesJSON(_ attributes: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(attributes)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
