import Foundation
import Logging
import PostgresNIO

/// Rewrites stored flaw reports (`reports.document`, the `--format json` contract) in place when a
/// person is erased or old messages fall out of retention. Only quotes and customer identifiers
/// change; every count, trend and flag stays as it was, so a report compared night to night still
/// tells the same story.
enum ReportRedaction {
    /// What an erased customer is called in `repeated_by` and `escalated_by`.
    static let erasedCustomer = "erased"

    /// Removes the person's quotes and replaces their identifiers in `repeated_by` and
    /// `escalated_by` with ``erasedCustomer``. Returns how many reports changed.
    static func removeSubject(_ subject: DataSubject, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let ids = subject.identifiers
        let rows = try await connection.query(
            """
            UPDATE reports r SET document = jsonb_set(r.document, '{themes}', (
                SELECT jsonb_agg(
                    t || jsonb_build_object(
                        'quotes', (
                            SELECT COALESCE(jsonb_agg(q ORDER BY qo), '[]') FROM jsonb_array_elements(COALESCE(t->'quotes', '[]')) WITH ORDINALITY AS qq(q, qo)
                            WHERE NOT (q->>'customer' = ANY(\(ids)))
                        ),
                        'repeated_by', (
                            SELECT COALESCE(jsonb_agg(CASE WHEN x = ANY(\(ids)) THEN \(erasedCustomer) ELSE x END ORDER BY xo), '[]')
                            FROM jsonb_array_elements_text(COALESCE(t->'repeated_by', '[]')) WITH ORDINALITY AS xx(x, xo)
                        ),
                        'escalated_by', (
                            SELECT COALESCE(jsonb_agg(CASE WHEN x = ANY(\(ids)) THEN \(erasedCustomer) ELSE x END ORDER BY xo), '[]')
                            FROM jsonb_array_elements_text(COALESCE(t->'escalated_by', '[]')) WITH ORDINALITY AS xx(x, xo)
                        )
                    ) ORDER BY o)
                FROM jsonb_array_elements(r.document->'themes') WITH ORDINALITY AS e(t, o)
            ))
            WHERE EXISTS (
                SELECT 1 FROM jsonb_array_elements(r.document->'themes') t
                WHERE COALESCE(t->'repeated_by', '[]') ?| \(ids) OR COALESCE(t->'escalated_by', '[]') ?| \(ids)
                   OR EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(t->'quotes', '[]')) q WHERE q->>'customer' = ANY(\(ids)))
            )
            RETURNING 1
            """,
            logger: logger
        )
        var changed = 0
        for try await _ in rows { changed += 1 }
        return changed
    }

    /// How many stored reports mention the person.
    static func mentioningReports(_ subject: DataSubject, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let ids = subject.identifiers
        let rows = try await connection.query(
            """
            SELECT count(*) FROM reports r WHERE EXISTS (
                SELECT 1 FROM jsonb_array_elements(r.document->'themes') t
                WHERE COALESCE(t->'repeated_by', '[]') ?| \(ids) OR COALESCE(t->'escalated_by', '[]') ?| \(ids)
                   OR EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(t->'quotes', '[]')) q WHERE q->>'customer' = ANY(\(ids)))
            )
            """,
            logger: logger
        )
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }

    /// Blanks whatever `regex` matches anywhere in stored reports' text (other customers' quotes
    /// that mention the person). Returns how many reports changed.
    static func redactMentions(regex: String, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query(
            """
            UPDATE reports SET document = regexp_replace(document::text, \(regex), \(Erasure.placeholder), 'gi')::jsonb
            WHERE document::text ~* \(regex) RETURNING 1
            """,
            logger: logger
        )
        var changed = 0
        for try await _ in rows { changed += 1 }
        return changed
    }

    /// Removes quotes of messages that occurred before `cutoff`. Returns how many quotes went.
    static func removeQuotes(before cutoff: Date, dryRun: Bool, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        var quotes = 0
        let counted = try await connection.query(
            """
            SELECT count(*) FROM reports r, jsonb_array_elements(r.document->'themes') t, jsonb_array_elements(COALESCE(t->'quotes', '[]')) q
            WHERE (q->>'occurred_at')::timestamptz < \(cutoff)
            """,
            logger: logger
        )
        for try await count in counted.decode(Int64.self) { quotes = Int(count) }
        guard quotes > 0, !dryRun else { return quotes }
        try await connection.query(
            """
            UPDATE reports r SET document = jsonb_set(r.document, '{themes}', (
                SELECT jsonb_agg(
                    t || jsonb_build_object('quotes', (
                        SELECT COALESCE(jsonb_agg(q ORDER BY qo), '[]') FROM jsonb_array_elements(COALESCE(t->'quotes', '[]')) WITH ORDINALITY AS qq(q, qo)
                        WHERE (q->>'occurred_at')::timestamptz >= \(cutoff)
                    )) ORDER BY o)
                FROM jsonb_array_elements(r.document->'themes') WITH ORDINALITY AS e(t, o)
            ))
            WHERE EXISTS (
                SELECT 1 FROM jsonb_array_elements(r.document->'themes') t, jsonb_array_elements(COALESCE(t->'quotes', '[]')) q
                WHERE (q->>'occurred_at')::timestamptz < \(cutoff)
            )
            """,
            logger: logger
        )
        return quotes
    }
}
