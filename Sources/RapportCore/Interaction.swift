import Foundation

/// The channels an interaction can arrive on. An unknown channel is an ingest error.
public enum Channel: String, Sendable, CaseIterable, Codable, Hashable {
    case twitter, facebook, instagram, email, phone, webchat, sms, whatsapp, store

    /// Channels whose messages the public can see by default; the rest are private.
    public var defaultVisibility: Visibility {
        switch self {
        case .twitter, .facebook, .instagram: .public
        default: .private
        }
    }
}

/// Whether the customer (`inbound`) or the brand (`outbound`) sent an interaction.
public enum Direction: String, Sendable, CaseIterable, Codable, Hashable {
    case inbound, outbound
}

/// Whether an interaction was visible to the public (a tweet) or private (a DM, an email, a call).
public enum Visibility: String, Sendable, CaseIterable, Codable, Hashable {
    case `public`, `private`
}

/// Who an interaction belongs to: a known identifier, or, for a brand reply whose customer is only
/// known through the message it answers (twcs), the customer of that earlier interaction.
public enum CustomerReference: Sendable, Hashable {
    case identifier(Identifier)
    /// The customer of the interaction with this `external_id` in the same `source`.
    case customerOf(externalID: String)
}

/// One validated interaction read from an input, ready to load. Immutable once stored.
public struct InteractionRecord: Sendable, Hashable {
    public var source: String
    public var externalID: String
    public var channel: Channel
    public var direction: Direction
    public var visibility: Visibility
    public var occurredAt: Date
    public var customer: CustomerReference
    public var threadID: String?
    public var inReplyTo: String?
    /// The brand account that sent or received it (e.g. `AmazonHelp`).
    public var account: String?
    public var body: String?
    /// Extra attributes as a JSON object text (`{}` when none).
    public var attributesJSON: String
    /// The 1-based line of the input this record was read from.
    public var line: Int

    public init(
        source: String, externalID: String, channel: Channel, direction: Direction, visibility: Visibility,
        occurredAt: Date, customer: CustomerReference, threadID: String? = nil, inReplyTo: String? = nil,
        account: String? = nil, body: String? = nil, attributesJSON: String = "{}", line: Int = 0
    ) {
        self.source = source
        self.externalID = externalID
        self.channel = channel
        self.direction = direction
        self.visibility = visibility
        self.occurredAt = occurredAt
        self.customer = customer
        self.threadID = threadID
        self.inReplyTo = inReplyTo
        self.account = account
        self.body = body
        self.attributesJSON = attributesJSON
        self.line = line
    }
}

/// One CRM customer record as exported by a CRM.
public struct CustomerRecord: Sendable, Hashable {
    public var crmSource: String
    public var crmID: String
    public var name: String?
    public var emails: [Identifier]
    public var phones: [Identifier]
    public var handles: [Identifier]
    /// Unknown extra columns, kept as attributes (column name → value).
    public var attributes: [String: String]
    public var line: Int

    public init(
        crmSource: String, crmID: String, name: String? = nil, emails: [Identifier] = [], phones: [Identifier] = [],
        handles: [Identifier] = [], attributes: [String: String] = [:], line: Int = 0
    ) {
        self.crmSource = crmSource
        self.crmID = crmID
        self.name = name
        self.emails = emails
        self.phones = phones
        self.handles = handles
        self.attributes = attributes
        self.line = line
    }

    /// The CRM identity of this record, `crm:<source>:<id>`.
    public var crmIdentifier: Identifier {
        Identifier(kind: .crm, normalisedValue: "\(crmSource.lowercased()):\(crmID)")
    }

    /// Every identifier the record claims, the CRM one first.
    public var allIdentifiers: [Identifier] { [crmIdentifier] + emails + phones + handles }
}
