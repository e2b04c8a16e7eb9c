import Foundation
import PostgresNIO
import RapportCore

/// What an erasure will touch (`rapport erase` shows it before asking) or touched.
public struct ErasureScope: Sendable, Codable, Hashable {
    /// The live profile the identifier resolved to.
    public var profileID: Int64
    /// It and every profile merged into it.
    public var profileIDs: [Int64]
    /// The identities, as `kind:value` (shown before erasure only; never stored).
    public var identifiers: [String]
    public var crmRecords: Int
    public var interactions: Int
    public var ledgerEntries: Int
    public var suggestions: Int
    /// Stored reports that quote the person or list them among repeaters or escalations.
    public var reports: Int

    enum CodingKeys: String, CodingKey {
        case identifiers, interactions, suggestions, reports
        case profileID = "profile_id", profileIDs = "profile_ids", crmRecords = "crm_records", ledgerEntries = "ledger_entries"
    }
}

/// The audit record of one erasure: ids and counts, no personal data.
public struct ErasureRecord: Sendable, Codable, Hashable {
    public var id: Int64
    public var erasedAt: Date
    public var steward: String
    public var reason: String
    public var profileIDs: [Int64]
    public var identityIDs: [Int64]
    public var customerIDs: [Int64]
    /// Rows changed per kind: `identities`, `crm_records`, `interactions`, `insight_cues`, `ledger_entries`,
    /// `suggestions`, `reports` (the person's quotes and listings removed), `report_mentions` (mentions blanked in
    /// other quotes), `mentions_in_other_interactions`, `theme_terms`.
    public var counts: [String: Int]

    enum CodingKeys: String, CodingKey {
        case id, steward, reason, counts
        case erasedAt = "erased_at", profileIDs = "profile_ids", identityIDs = "identity_ids", customerIDs = "customer_ids"
    }
}

/// Erasing a person (GDPR art. 17): `rapport erase IDENTIFIER --reason TEXT --steward NAME`.
///
/// In one transaction, across the profile the identifier resolves to and every profile merged into
/// it: identity values become `erased:<id>`, the CRM records' fields are emptied and their ids
/// replaced, interaction bodies and attributes are removed (the rows stay, so every count in reports
/// and themes stays right), the classification cues are cleared, ledger reasons are replaced,
/// suggestions involving the person are deleted, stored reports lose the person's quotes and name
/// them `erased` among repeaters, and the person's e-mail addresses, phone numbers, `@handles` and
/// full name are blanked where other people's messages and report quotes mention them. An
/// `erasures` row records who, why, when and how much, by ids only.
///
/// Interactions keep `source` and `external_id` (opaque message ids): they are what makes loading
/// an old export again skip the erased messages instead of restoring them.
public struct Erasure: Sendable {
    /// The text that replaces a removed mention or reason.
    public static let placeholder = "[erased]"

    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// What erasing `identifier` would touch; changes nothing.
    public func preview(_ identifier: Identifier) async throws -> ErasureScope {
        try await database.transaction { connection in
            let subject = try await DataSubject.resolve(identifier, on: connection, lock: false, logger: database.logger)
            return try await scope(of: subject, on: connection)
        }
    }

    /// Erases the person `identifier` belongs to and returns the audit record.
    public func erase(_ identifier: Identifier, steward: String, reason: String) async throws -> ErasureRecord {
        let steward = steward.trimmingCharacters(in: .whitespacesAndNewlines)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !steward.isEmpty else { throw StoreError.refused("--steward must name who erases") }
        guard !reason.isEmpty else { throw StoreError.refused("--reason must say why (e.g. the request's ticket number)") }
        let logger = database.logger
        return try await database.transaction { connection in
            // Ingest, CRM import and automatic links create and claim identities under this lock.
            try await connection.query("SELECT pg_advisory_xact_lock(\(IdentityLock.key))", logger: logger)
            let subject = try await DataSubject.resolve(identifier, on: connection, lock: true, logger: logger)
            let lowered = reason.lowercased()
            if subject.personalValues.contains(where: { $0.count >= 3 && lowered.contains($0.lowercased()) }) {
                throw StoreError.refused("the reason contains the person's own data; the audit record must not: give a ticket number instead")
            }
            var counts: [String: Int] = [:]
            counts["reports"] = try await ReportRedaction.removeSubject(subject, on: connection, logger: logger)
            let mentions = MentionPattern(identities: subject.identities, personalValues: subject.personalValues)
            counts["mentions_in_other_interactions"] = try await redactMentions(mentions, of: subject, on: connection)
            if let regex = mentions.regex {
                counts["report_mentions"] = try await ReportRedaction.redactMentions(regex: regex, on: connection, logger: logger)
            }
            counts["theme_terms"] = try await removeThemeTerms(of: subject, on: connection)
            counts["insight_cues"] = try await count(
                """
                UPDATE interaction_insights SET cues = '{}'
                WHERE interaction_id IN (SELECT id FROM interactions WHERE identity_id = ANY(\(subject.identityIDs))) AND cues <> '{}'
                RETURNING 1
                """, on: connection)
                + forgottenBatchCues(of: subject, on: connection)
            counts["interactions"] = try await count(
                """
                UPDATE interactions SET body = NULL, attributes = '{}'
                WHERE identity_id = ANY(\(subject.identityIDs)) AND (body IS NOT NULL OR attributes <> '{}')
                RETURNING 1
                """, on: connection)
            counts["identities"] = try await count(
                "UPDATE identities SET value = 'erased:' || id WHERE id = ANY(\(subject.identityIDs)) RETURNING 1", on: connection)
            counts["crm_records"] = try await count(
                """
                UPDATE customers SET crm_id = 'erased:' || id, name = NULL, emails = '{}', phones = '{}', handles = '{}',
                                     attributes = '{}', updated_at = now()
                WHERE id = ANY(\(subject.customerIDs)) RETURNING 1
                """, on: connection)
            try await connection.query(
                "UPDATE profiles SET display_name = NULL WHERE id = ANY(\(subject.profileIDs)) AND display_name IS NOT NULL", logger: logger)
            counts["ledger_entries"] = try await count(
                """
                UPDATE merges SET reason = \(Self.placeholder), undo_reason = CASE WHEN undo_reason IS NULL THEN NULL ELSE \(Self.placeholder) END
                WHERE survivor_id = ANY(\(subject.profileIDs)) OR absorbed_id = ANY(\(subject.profileIDs)) RETURNING 1
                """, on: connection)
            counts["suggestions"] = try await count(
                """
                DELETE FROM suggestions WHERE left_profile = ANY(\(subject.profileIDs)) OR right_profile = ANY(\(subject.profileIDs))
                RETURNING 1
                """, on: connection)
            let countsJSON = String(decoding: try JSONEncoder().encode(counts), as: UTF8.self)
            let rows = try await connection.query(
                """
                INSERT INTO erasures (steward, reason, profile_ids, identity_ids, customer_ids, counts)
                VALUES (\(steward), \(reason), \(subject.profileIDs), \(subject.identityIDs), \(subject.customerIDs), \(countsJSON)::jsonb)
                RETURNING id, erased_at
                """,
                logger: logger
            )
            for try await (id, erasedAt) in rows.decode((Int64, Date).self) {
                return ErasureRecord(
                    id: id, erasedAt: erasedAt, steward: steward, reason: reason, profileIDs: subject.profileIDs,
                    identityIDs: subject.identityIDs, customerIDs: subject.customerIDs, counts: counts
                )
            }
            throw StoreError.query(detail: "the erasure was not recorded")
        }
    }

    /// Every erasure, newest first.
    public func records() async throws -> [ErasureRecord] {
        let rows = try await database.client.query(
            "SELECT id, erased_at, steward, reason, profile_ids, identity_ids, customer_ids, counts::text FROM erasures ORDER BY id DESC",
            logger: database.logger
        )
        var records: [ErasureRecord] = []
        for try await (id, erasedAt, steward, reason, profiles, identities, customers, counts) in rows.decode(
            (Int64, Date, String, String, [Int64], [Int64], [Int64], String).self
        ) {
            records.append(
                ErasureRecord(
                    id: id, erasedAt: erasedAt, steward: steward, reason: reason, profileIDs: profiles, identityIDs: identities,
                    customerIDs: customers, counts: (try? JSONDecoder().decode([String: Int].self, from: Data(counts.utf8))) ?? [:]
                )
            )
        }
        return records
    }

    private func scope(of subject: DataSubject, on connection: PostgresConnection) async throws -> ErasureScope {
        let rows = try await connection.query(
            """
            SELECT
                (SELECT count(*) FROM interactions WHERE identity_id = ANY(\(subject.identityIDs))),
                (SELECT count(*) FROM merges WHERE survivor_id = ANY(\(subject.profileIDs)) OR absorbed_id = ANY(\(subject.profileIDs))),
                (SELECT count(*) FROM suggestions WHERE left_profile = ANY(\(subject.profileIDs)) OR right_profile = ANY(\(subject.profileIDs)))
            """,
            logger: database.logger
        )
        let reports = try await ReportRedaction.mentioningReports(subject, on: connection, logger: database.logger)
        for try await (interactions, ledger, suggestions) in rows.decode((Int64, Int64, Int64).self) {
            return ErasureScope(
                profileID: subject.profileID, profileIDs: subject.profileIDs, identifiers: subject.identifiers,
                crmRecords: subject.customerIDs.count, interactions: Int(interactions), ledgerEntries: Int(ledger),
                suggestions: Int(suggestions), reports: reports
            )
        }
        throw StoreError.query(detail: "the erasure scope was not computed")
    }

    /// Blanks the person's mentions in other people's messages (their own are emptied whole).
    private func redactMentions(_ mentions: MentionPattern, of subject: DataSubject, on connection: PostgresConnection) async throws -> Int {
        guard let regex = mentions.regex else { return 0 }
        return try await count(
            """
            UPDATE interactions SET body = regexp_replace(body, \(regex), \(Self.placeholder), 'gi')
            WHERE body ~* \(regex) AND NOT (identity_id = ANY(\(subject.identityIDs))) RETURNING 1
            """, on: connection)
    }

    /// Drops every theme term (a stem or a "stem stem" bigram) that contains one of the person's
    /// identifier values or name words from theme centroids, theme names and the theme vocabulary:
    /// a handle someone signs with becomes a term. Returns how many themes changed.
    private func removeThemeTerms(of subject: DataSubject, on connection: PostgresConnection) async throws -> Int {
        var words: Set<String> = []
        for value in subject.personalValues + subject.identities.map(\.value) {
            let lowered = value.lowercased()
            words.insert(lowered)
            if let local = lowered.split(separator: "@").first, lowered.contains("@") { words.insert(String(local)) }
            if lowered.contains(" ") { words.formUnion(lowered.split(separator: " ").map(String.init)) }
        }
        let list = words.filter { $0.count >= 3 && !$0.contains(" ") }.sorted()
        guard !list.isEmpty else { return 0 }
        let wordPattern = "\\m(?:" + list.map(MentionPattern.escaped).joined(separator: "|") + ")\\M"
        let themes = try await count(
            """
            UPDATE themes t SET
                centroid = COALESCE((SELECT jsonb_object_agg(e.k, e.v) FROM jsonb_each(t.centroid) e(k, v)
                                     WHERE NOT (string_to_array(e.k, ' ') && \(list)::text[])), '{}'),
                name = regexp_replace(t.name, \(wordPattern), \(Self.placeholder), 'gi')
            WHERE EXISTS (SELECT 1 FROM jsonb_object_keys(t.centroid) k WHERE string_to_array(k, ' ') && \(list)::text[])
               OR t.name ~* \(wordPattern)
            RETURNING 1
            """, on: connection)
        _ = try await count(
            """
            UPDATE theme_vocabulary v SET vocabulary = jsonb_set(v.vocabulary, '{terms}', COALESCE(
                (SELECT jsonb_object_agg(e.k, e.v) FROM jsonb_each(v.vocabulary->'terms') e(k, v)
                 WHERE NOT (string_to_array(e.k, ' ') && \(list)::text[])), '{}'))
            WHERE jsonb_typeof(v.vocabulary->'terms') = 'object'
              AND EXISTS (SELECT 1 FROM jsonb_object_keys(v.vocabulary->'terms') k WHERE string_to_array(k, ' ') && \(list)::text[])
            RETURNING 1
            """, on: connection)
        return themes
    }

    /// Clears the cues of the subject's messages stored as batch entries (schema/007); returns how many.
    private func forgottenBatchCues(of subject: DataSubject, on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query(
            """
            SELECT insight_batches_forget(
                coalesce((SELECT array_agg(id) FROM interactions WHERE identity_id = ANY(\(subject.identityIDs))), '{}'), false)
            """,
            logger: database.logger
        )
        var total = 0
        for try await changed in rows.decode(Int64.self) { total += Int(changed) }
        return total
    }

    private func count(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> Int {
        var total = 0
        for try await _ in try await connection.query(query, logger: database.logger) { total += 1 }
        return total
    }
}
