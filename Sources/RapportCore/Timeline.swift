import Foundation

/// One interaction as it appears in a customer's timeline.
public struct TimelineEntry: Sendable, Hashable, Codable {
    public var interactionID: Int64
    public var occurredAt: Date
    public var channel: String
    public var direction: String
    public var visibility: String
    public var account: String?
    public var body: String?
    public var source: String
    public var externalID: String
    public var threadID: String?
    public var inReplyTo: String?
    /// The identity the interaction was recorded against, as `kind:value`.
    public var identity: String

    public init(
        interactionID: Int64, occurredAt: Date, channel: String, direction: String, visibility: String, account: String?,
        body: String?, source: String, externalID: String, threadID: String?, inReplyTo: String?, identity: String
    ) {
        self.interactionID = interactionID
        self.occurredAt = occurredAt
        self.channel = channel
        self.direction = direction
        self.visibility = visibility
        self.account = account
        self.body = body
        self.source = source
        self.externalID = externalID
        self.threadID = threadID
        self.inReplyTo = inReplyTo
        self.identity = identity
    }

    enum CodingKeys: String, CodingKey {
        case interactionID = "id", occurredAt = "occurred_at", channel, direction, visibility, account, body, source
        case externalID = "external_id", threadID = "thread_id", inReplyTo = "in_reply_to", identity
    }
}

/// A position in a timeline (newest first): entries strictly older than it come next.
///
/// Encoded as an opaque string `<microseconds since 1970>.<interaction id>` so pages never repeat or
/// skip an entry, even when several share a timestamp.
public struct TimelineCursor: Sendable, Hashable, CustomStringConvertible {
    public var occurredAtMicros: Int64
    public var interactionID: Int64

    public init(occurredAtMicros: Int64, interactionID: Int64) {
        self.occurredAtMicros = occurredAtMicros
        self.interactionID = interactionID
    }

    public init(after entry: TimelineEntry) {
        self.occurredAtMicros = Int64((entry.occurredAt.timeIntervalSince1970 * 1_000_000).rounded())
        self.interactionID = entry.interactionID
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ".")
        guard parts.count == 2, let micros = Int64(parts[0]), let id = Int64(parts[1]) else { return nil }
        self.init(occurredAtMicros: micros, interactionID: id)
    }

    public var description: String { "\(occurredAtMicros).\(interactionID)" }
}

/// What a timeline request asks for.
public struct TimelineQuery: Sendable, Hashable {
    public var limit: Int
    public var after: TimelineCursor?
    public var since: Date?
    public var until: Date?
    public var channels: [Channel]

    public init(limit: Int = 50, after: TimelineCursor? = nil, since: Date? = nil, until: Date? = nil, channels: [Channel] = []) {
        self.limit = limit
        self.after = after
        self.since = since
        self.until = until
        self.channels = channels
    }
}

/// One page of a timeline and where the next one starts.
public struct TimelinePage: Sendable, Hashable {
    public var entries: [TimelineEntry]
    public var nextCursor: TimelineCursor?

    public init(entries: [TimelineEntry], nextCursor: TimelineCursor?) {
        self.entries = entries
        self.nextCursor = nextCursor
    }
}

/// An identity linked to a profile, with its provenance.
public struct IdentityInfo: Sendable, Hashable, Codable {
    public var id: Int64
    public var identifier: String
    public var kind: String
    public var value: String
    public var source: String
    public var confidence: Double
    public var firstSeen: Date
    public var lastSeen: Date

    public init(id: Int64, kind: String, value: String, source: String, confidence: Double, firstSeen: Date, lastSeen: Date) {
        self.id = id
        self.identifier = "\(kind):\(value)"
        self.kind = kind
        self.value = value
        self.source = source
        self.confidence = confidence
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }

    enum CodingKeys: String, CodingKey {
        case id, identifier, kind, value, source, confidence, firstSeen = "first_seen", lastSeen = "last_seen"
    }
}

/// A CRM record held by a profile, as imported.
public struct CRMRecordInfo: Sendable, Hashable, Codable {
    public var crmSource: String
    public var crmID: String
    public var name: String?
    public var emails: [String]
    public var phones: [String]
    public var handles: [String]
    /// Extra CRM columns (column name → value).
    public var attributes: [String: String]

    public init(crmSource: String, crmID: String, name: String?, emails: [String], phones: [String], handles: [String], attributes: [String: String]) {
        self.crmSource = crmSource
        self.crmID = crmID
        self.name = name
        self.emails = emails
        self.phones = phones
        self.handles = handles
        self.attributes = attributes
    }

    enum CodingKeys: String, CodingKey {
        case crmSource = "crm_source", crmID = "crm_id", name, emails, phones, handles, attributes
    }
}

/// A live profile: who the person is across channels.
public struct ProfileSummary: Sendable, Hashable, Codable {
    public var id: Int64
    public var displayName: String?
    public var createdAt: Date
    public var identities: [IdentityInfo]
    public var crmRecords: [CRMRecordInfo]
    /// Interactions per channel.
    public var channelCounts: [String: Int]
    public var firstContact: Date?
    public var lastContact: Date?

    public init(
        id: Int64, displayName: String?, createdAt: Date, identities: [IdentityInfo], crmRecords: [CRMRecordInfo],
        channelCounts: [String: Int], firstContact: Date?, lastContact: Date?
    ) {
        self.id = id
        self.displayName = displayName
        self.createdAt = createdAt
        self.identities = identities
        self.crmRecords = crmRecords
        self.channelCounts = channelCounts
        self.firstContact = firstContact
        self.lastContact = lastContact
    }

    /// The name to show: the display name, a CRM name, or the first identifier.
    public var label: String {
        displayName ?? crmRecords.compactMap(\.name).first ?? identities.first?.identifier ?? "profile:\(id)"
    }

    public var interactionCount: Int { channelCounts.values.reduce(0, +) }

    enum CodingKeys: String, CodingKey {
        case id, displayName = "display_name", createdAt = "created_at", identities, crmRecords = "crm_records"
        case channelCounts = "channel_counts", firstContact = "first_contact", lastContact = "last_contact"
    }
}
