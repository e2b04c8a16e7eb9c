import Foundation
import Logging
import PostgresNIO
import RapportCore

/// Looking people up: identifiers to live profiles, profile summaries and timelines.
public struct ProfileQueries: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The live profile an identifier belongs to. `profile:<id>` follows merges to the survivor.
    public func resolve(_ identifier: Identifier) async throws -> Int64 {
        try await database.client.withConnection { connection in
            try await Self.liveProfile(of: identifier, on: connection, logger: database.logger)
        }
    }

    /// ``resolve(_:)`` on a connection the caller holds (inside its transaction).
    static func liveProfile(of identifier: Identifier, on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let rows: PostgresRowSequence
        if identifier.kind == .profile {
            guard let id = Int64(identifier.value) else { throw StoreError.unknownIdentifier(identifier.description) }
            rows = try await connection.query(
                """
                WITH RECURSIVE chain AS (
                    SELECT id, merged_into, 0 AS depth FROM profiles WHERE id = \(id)
                    UNION ALL
                    SELECT p.id, p.merged_into, c.depth + 1 FROM profiles p JOIN chain c ON p.id = c.merged_into WHERE c.depth < 10000
                )
                SELECT id FROM chain WHERE merged_into IS NULL
                """,
                logger: logger
            )
        } else {
            rows = try await connection.query(
                "SELECT profile_id FROM identities WHERE kind = \(identifier.kind.rawValue) AND value = \(identifier.value)", logger: logger
            )
        }
        for try await id in rows.decode(Int64.self) { return id }
        throw StoreError.unknownIdentifier(identifier.description)
    }

    /// Everything about a live profile except its interactions.
    public func profile(_ id: Int64) async throws -> ProfileSummary {
        let client = database.client
        let logger = database.logger
        var header: (String?, Date)?
        for try await row in try await client.query("SELECT display_name, created_at FROM profiles WHERE id = \(id)", logger: logger)
            .decode((String?, Date).self)
        {
            header = row
        }
        guard let header else { throw StoreError.unknownIdentifier("profile:\(id)") }

        var identities: [IdentityInfo] = []
        let identityRows = try await client.query(
            """
            SELECT i.id, i.kind, i.value, i.source, i.confidence::float8, i.first_seen,
                   greatest(i.last_seen, (SELECT max(x.occurred_at) FROM interactions x WHERE x.identity_id = i.id))
            FROM identities i
            WHERE i.profile_id = \(id) ORDER BY i.kind = 'crm' DESC, i.kind, i.value
            """,
            logger: logger
        )
        for try await (identityID, kind, value, source, confidence, firstSeen, lastSeen) in identityRows.decode(
            (Int64, String, String, String, Double, Date, Date).self
        ) {
            identities.append(
                IdentityInfo(id: identityID, kind: kind, value: value, source: source, confidence: confidence, firstSeen: firstSeen, lastSeen: lastSeen)
            )
        }

        let crmRecords = try await crmRecords(ofProfile: id)

        var channelCounts: [String: Int] = [:]
        var firstContact: Date?
        var lastContact: Date?
        let countRows = try await client.query(
            """
            SELECT x.channel, count(*)::int8, min(x.occurred_at), max(x.occurred_at)
            FROM identities i JOIN interactions x ON x.identity_id = i.id
            WHERE i.profile_id = \(id) GROUP BY x.channel
            """,
            logger: logger
        )
        for try await (channel, count, first, last) in countRows.decode((String, Int64, Date, Date).self) {
            channelCounts[channel] = Int(count)
            firstContact = min(firstContact ?? first, first)
            lastContact = max(lastContact ?? last, last)
        }
        return ProfileSummary(
            id: id, displayName: header.0, createdAt: header.1, identities: identities, crmRecords: crmRecords,
            channelCounts: channelCounts, firstContact: firstContact, lastContact: lastContact
        )
    }

    /// The CRM records whose `crm:` identity belongs to the profile.
    public func crmRecords(ofProfile id: Int64) async throws -> [CRMRecordInfo] {
        let rows = try await database.client.query(
            """
            SELECT c.crm_source, c.crm_id, c.name, c.emails, c.phones, c.handles, c.attributes::text
            FROM identities i JOIN customers c ON i.kind = 'crm' AND i.value = lower(c.crm_source) || ':' || c.crm_id
            WHERE i.profile_id = \(id) ORDER BY c.crm_source, c.crm_id
            """,
            logger: database.logger
        )
        var records: [CRMRecordInfo] = []
        for try await (source, crmID, name, emails, phones, handles, attributes) in rows.decode(
            (String, String, String?, [String], [String], [String], String).self
        ) {
            records.append(
                CRMRecordInfo(
                    crmSource: source, crmID: crmID, name: name, emails: emails, phones: phones, handles: handles,
                    attributes: (try? JSONDecoder().decode([String: String].self, from: Data(attributes.utf8))) ?? [:]
                )
            )
        }
        return records
    }

    /// A page of the profile's interactions across every identity, newest first.
    ///
    /// One index range scan per identity (`interactions (identity_id, occurred_at DESC, id DESC)`),
    /// merged and cut to the page; keyset pagination on (occurred_at, id).
    public func timeline(of profileID: Int64, query: TimelineQuery) async throws -> TimelinePage {
        let limit = max(1, min(query.limit, 1000))
        // The cursor travels as exact microseconds, never through a floating-point Date.
        let cursorMicros = query.after?.occurredAtMicros
        let cursorID = query.after?.interactionID
        let channels: [String]? = query.channels.isEmpty ? nil : query.channels.map(\.rawValue)
        let rows = try await database.client.query(
            """
            SELECT x.id, x.occurred_at, x.channel, x.direction, x.visibility, x.account, x.body, x.source, x.external_id,
                   x.thread_id, x.in_reply_to, i.kind || ':' || i.value,
                   (extract(epoch FROM x.occurred_at) * 1000000)::int8
            FROM identities i
            CROSS JOIN LATERAL (
                SELECT * FROM interactions x
                WHERE x.identity_id = i.id
                  AND (\(cursorMicros)::int8 IS NULL
                       OR (x.occurred_at, x.id) < (timestamptz 'epoch' + \(cursorMicros)::int8 * interval '1 microsecond', \(cursorID)::int8))
                  AND (\(query.since)::timestamptz IS NULL OR x.occurred_at >= \(query.since)::timestamptz)
                  AND (\(query.until)::timestamptz IS NULL OR x.occurred_at < \(query.until)::timestamptz)
                  AND (\(channels)::text[] IS NULL OR x.channel = ANY(\(channels)::text[]))
                ORDER BY x.occurred_at DESC, x.id DESC
                LIMIT \(limit + 1)
            ) x
            WHERE i.profile_id = \(profileID)
            ORDER BY x.occurred_at DESC, x.id DESC
            LIMIT \(limit + 1)
            """,
            logger: database.logger
        )
        var entries: [TimelineEntry] = []
        var cursors: [TimelineCursor] = []
        for try await row in rows {
            let (id, occurredAt, channel, direction, visibility, account, body, source, externalID, threadID, inReplyTo, identity, micros) =
                try row.decode((Int64, Date, String, String, String, String?, String?, String, String, String?, String?, String, Int64).self)
            cursors.append(TimelineCursor(occurredAtMicros: micros, interactionID: id))
            entries.append(
                TimelineEntry(
                    interactionID: id, occurredAt: occurredAt, channel: channel, direction: direction, visibility: visibility,
                    account: account, body: body, source: source, externalID: externalID, threadID: threadID,
                    inReplyTo: inReplyTo, identity: identity
                )
            )
        }
        var next: TimelineCursor?
        if entries.count > limit {
            entries.removeLast(entries.count - limit)
            next = cursors[limit - 1]
        }
        return TimelinePage(entries: entries, nextCursor: next)
    }
}
