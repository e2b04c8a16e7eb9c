import Foundation
import PostgresNIO
import RapportCore

/// Everything Rapport holds about one person, for a data-subject access request (GDPR art. 15):
/// `rapport export IDENTIFIER`.
///
/// The document is built by PostgreSQL in one statement inside a read-only repeatable-read
/// transaction, so it is one consistent snapshot, and every row is exported whole (`to_jsonb` of
/// the row): a column added to the schema later is exported without changing this code.
public struct SubjectAccessExport: Sendable {
    /// The format tag at the top of every export; bumped if the document's shape changes.
    public static let format = "rapport-subject-export/1"

    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The export of the person `identifier` belongs to, as pretty-printed JSON text with the keys
    /// `format`, `requested_identifier`, `exported_at`, `profile`, `merged_profiles`, `crm_records`,
    /// `identities`, `interactions` (each with its `identity` and `insight`), `ledger`,
    /// `suggestions` and `report_mentions`.
    public func document(for identifier: Identifier) async throws -> String {
        try await database.transaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: database.logger)
            let subject = try await DataSubject.resolve(identifier, on: connection, lock: false, logger: database.logger)
            let rows = try await connection.query(
                """
                SELECT jsonb_pretty(jsonb_build_object(
                    'format', \(Self.format)::text,
                    'requested_identifier', \(identifier.description)::text,
                    'exported_at', now(),
                    'profile', (SELECT to_jsonb(p) FROM profiles p WHERE p.id = \(subject.profileID)),
                    'merged_profiles', (
                        SELECT COALESCE(jsonb_agg(to_jsonb(p) ORDER BY p.id), '[]') FROM profiles p
                        WHERE p.id = ANY(\(subject.profileIDs)) AND p.id <> \(subject.profileID)
                    ),
                    'crm_records', (
                        SELECT COALESCE(jsonb_agg(to_jsonb(c) ORDER BY c.id), '[]') FROM customers c WHERE c.id = ANY(\(subject.customerIDs))
                    ),
                    'identities', (
                        SELECT COALESCE(jsonb_agg(to_jsonb(i) ORDER BY i.id), '[]') FROM identities i WHERE i.id = ANY(\(subject.identityIDs))
                    ),
                    'interactions', (
                        SELECT COALESCE(jsonb_agg(
                            to_jsonb(x) || jsonb_build_object(
                                'identity', i.kind || ':' || i.value,
                                'insight', CASE WHEN n.interaction_id IS NULL THEN NULL ELSE
                                    jsonb_build_object('kind', n.kind, 'sentiment', n.sentiment, 'cues', to_jsonb(n.cues),
                                                       'theme_id', n.theme_id, 'theme_name', t.name, 'classified_at', n.classified_at) END
                            ) ORDER BY x.occurred_at, x.id), '[]')
                        FROM interactions x
                        JOIN identities i ON i.id = x.identity_id
                        LEFT JOIN LATERAL (
                            SELECT q.interaction_id, q.kind, q.sentiment, q.cues, q.theme_id, q.classified_at FROM interaction_insights q
                            WHERE q.interaction_id = x.id
                            UNION ALL
                            SELECT x.id, e.kind, e.sentiment, e.cues, NULL::int8, e.classified_at FROM insight_batch_entry(x.id) e
                            LIMIT 1
                        ) n ON true
                        LEFT JOIN themes t ON t.id = n.theme_id
                        WHERE x.identity_id = ANY(\(subject.identityIDs))
                    ),
                    'ledger', (
                        SELECT COALESCE(jsonb_agg(to_jsonb(m) ORDER BY m.seq, m.id), '[]') FROM merges m
                        WHERE m.survivor_id = ANY(\(subject.profileIDs)) OR m.absorbed_id = ANY(\(subject.profileIDs))
                    ),
                    'suggestions', (
                        SELECT COALESCE(jsonb_agg(to_jsonb(s) - 'evidence' ORDER BY s.id), '[]') FROM suggestions s
                        WHERE s.left_profile = ANY(\(subject.profileIDs)) OR s.right_profile = ANY(\(subject.profileIDs))
                    ),
                    'report_mentions', (
                        SELECT COALESCE(jsonb_agg(to_jsonb(m) ORDER BY m.report_id, m.theme_id), '[]') FROM (
                            SELECT r.id AS report_id, r.origin, r.generated_at, r.period_from, r.period_to,
                                   (t->>'id')::bigint AS theme_id, t->>'name' AS theme_name,
                                   (SELECT COALESCE(jsonb_agg(q), '[]') FROM jsonb_array_elements(COALESCE(t->'quotes', '[]')) q
                                    WHERE q->>'customer' = ANY(\(subject.identifiers))) AS quotes,
                                   COALESCE(t->'repeated_by', '[]') ?| \(subject.identifiers) AS in_repeated_by,
                                   COALESCE(t->'escalated_by', '[]') ?| \(subject.identifiers) AS in_escalated_by
                            FROM reports r, jsonb_array_elements(r.document->'themes') t
                        ) m
                        WHERE jsonb_array_length(m.quotes) > 0 OR m.in_repeated_by OR m.in_escalated_by
                    )
                ))
                """,
                logger: database.logger
            )
            for try await text in rows.decode(String.self) { return text }
            throw StoreError.query(detail: "the export was not produced")
        }
    }
}
