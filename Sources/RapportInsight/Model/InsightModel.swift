import Foundation
import RapportCore

/// The kinds of social conversation (after the seeds' taxonomy). Themes are found among complaints.
public enum InteractionKind: String, Sendable, CaseIterable, Codable, Hashable {
    /// A complaint or criticism.
    case complaint
    /// A compliment or recommendation.
    case compliment
    /// A question.
    case question
    /// A comment or opinion.
    case comment
}

/// What the classifier decided for one interaction, and why.
public struct Classification: Sendable, Hashable, Codable {
    public var kind: InteractionKind
    /// From -1 (very negative) to +1 (very positive).
    public var sentiment: Double
    /// The cues that decided it (matched phrases, punctuation, rules), for a person to read.
    public var cues: [String]

    public init(kind: InteractionKind, sentiment: Double, cues: [String]) {
        self.kind = kind
        self.sentiment = sentiment
        self.cues = cues
    }
}

/// A complaint theme: the operational problem behind a group of complaints.
public struct Theme: Sendable, Hashable, Codable {
    /// Stable across nightly runs; assigned by the store when the theme is born.
    public var id: Int64
    /// Key phrases that name it, e.g. "refund not received".
    public var name: String
    /// Set when the theme comes from the company's taxonomy file.
    public var taxonomyKey: String?
    /// The theme's centroid in the feature space of ``ThemeFeatures`` (term → weight), L2-normalised.
    public var centroid: [String: Double]
    /// How many complaints have joined it.
    public var size: Int

    public init(id: Int64, name: String, taxonomyKey: String? = nil, centroid: [String: Double], size: Int) {
        self.id = id
        self.name = name
        self.taxonomyKey = taxonomyKey
        self.centroid = centroid
        self.size = size
    }
}

/// The process-flaw flags a theme can raise in a period.
public enum FlawFlag: String, Sendable, CaseIterable, Codable, Hashable {
    case repeated, widespread, rising, escalated
}

/// One classified complaint, as the flag analysis reads it.
public struct ComplaintEvent: Sendable, Hashable, Codable {
    public var interactionID: Int64
    public var profileID: Int64
    /// The identifier to show for the customer (and to open their timeline with).
    public var customer: String
    public var themeID: Int64
    public var channel: Channel
    public var visibility: Visibility
    public var occurredAt: Date
    public var body: String
    public var sentiment: Double

    public init(
        interactionID: Int64, profileID: Int64, customer: String, themeID: Int64, channel: Channel,
        visibility: Visibility, occurredAt: Date, body: String, sentiment: Double
    ) {
        self.interactionID = interactionID
        self.profileID = profileID
        self.customer = customer
        self.themeID = themeID
        self.channel = channel
        self.visibility = visibility
        self.occurredAt = occurredAt
        self.body = body
        self.sentiment = sentiment
    }
}

/// A customer message and the brand's first reply to it, for first-reply times per channel.
public struct ReplyTiming: Sendable, Hashable, Codable {
    public var channel: Channel
    public var receivedAt: Date
    /// Nil when the message has not been answered.
    public var firstReplyAt: Date?

    public init(channel: Channel, receivedAt: Date, firstReplyAt: Date?) {
        self.channel = channel
        self.receivedAt = receivedAt
        self.firstReplyAt = firstReplyAt
    }
}
