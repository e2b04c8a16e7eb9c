import Foundation
import RapportCore

/// One theme's findings for the period: counts, flags, who raised them, trend and quotes.
public struct FlawTheme: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    /// The flags raised, in ``FlawFlag/allCases`` order.
    public var flags: [FlawFlag]
    /// Sum of the flags' ``FlawFlag/severityWeight``: the JSON list is sorted by it, descending.
    public var severity: Int
    /// Complaints in the period.
    public var complaints: Int
    /// Distinct customers (profiles) who complained in the period.
    public var customers: Int
    /// Complaints in the period that repeated the same customer's earlier complaint (see
    /// `docs/report.md`).
    public var repeatCount: Int
    /// Identifiers of the customers who repeated the theme, most complaints first.
    public var repeatedBy: [String]
    /// Identifiers of the customers whose private complaint was followed by a public one.
    public var escalatedBy: [String]
    /// Complaints and customers per channel, most complaints first.
    public var channels: [ChannelCount]
    /// The first and last complaint in the period.
    @ISO8601Date public var firstSeen: Date
    @ISO8601Date public var lastSeen: Date
    /// Complaints per day, oldest first; days before the period are context (`in_period` false).
    public var trend: [TrendDay]
    /// The rising test's inputs and outcome.
    public var rising: RisingEvidence
    public var quotes: [FlawQuote]

    public init(
        id: Int64, name: String, flags: [FlawFlag], complaints: Int, customers: Int, repeatCount: Int,
        repeatedBy: [String], escalatedBy: [String], channels: [ChannelCount], firstSeen: Date, lastSeen: Date,
        trend: [TrendDay], rising: RisingEvidence, quotes: [FlawQuote]
    ) {
        self.id = id
        self.name = name
        self.flags = FlawFlag.allCases.filter(flags.contains)
        self.severity = flags.reduce(0) { $0 + $1.severityWeight }
        self.complaints = complaints
        self.customers = customers
        self.repeatCount = repeatCount
        self.repeatedBy = repeatedBy
        self.escalatedBy = escalatedBy
        self.channels = channels
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.trend = trend
        self.rising = rising
        self.quotes = quotes
    }

    /// The JSON order: severity, then complaints and customers descending, then id.
    public static func moreSevere(_ a: FlawTheme, _ b: FlawTheme) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.complaints != b.complaints { return a.complaints > b.complaints }
        if a.customers != b.customers { return a.customers > b.customers }
        return a.id < b.id
    }

    enum CodingKeys: String, CodingKey {
        case id, name, flags, severity, complaints, customers, channels, trend, rising, quotes
        case repeatCount = "repeat_count"
        case repeatedBy = "repeated_by"
        case escalatedBy = "escalated_by"
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
    }
}

/// A theme's complaints on one channel.
public struct ChannelCount: Sendable, Hashable, Codable {
    public var channel: Channel
    public var complaints: Int
    public var customers: Int

    public init(channel: Channel, complaints: Int, customers: Int) {
        self.channel = channel
        self.complaints = complaints
        self.customers = customers
    }
}

/// One day of a theme's trend: a 24-hour slice starting at `day`.
public struct TrendDay: Sendable, Hashable, Codable {
    @ISO8601Date public var day: Date
    public var complaints: Int
    /// False for the context days before the period.
    public var inPeriod: Bool

    public init(day: Date, complaints: Int, inPeriod: Bool) {
        self.day = day
        self.complaints = complaints
        self.inPeriod = inPeriod
    }

    enum CodingKeys: String, CodingKey {
        case day, complaints
        case inPeriod = "in_period"
    }
}

/// A representative complaint, with who said it and how to open their timeline.
public struct FlawQuote: Sendable, Hashable, Codable {
    public var interactionID: Int64
    public var customer: String
    public var channel: Channel
    public var visibility: Visibility
    @ISO8601Date public var occurredAt: Date
    /// The body on one line, cut to the configured length.
    public var text: String
    public var sentiment: Double
    /// `rapport timeline <identifier>`, shell-quoted when the identifier needs it.
    public var timelineCommand: String

    public init(
        interactionID: Int64, customer: String, channel: Channel, visibility: Visibility, occurredAt: Date,
        text: String, sentiment: Double
    ) {
        self.interactionID = interactionID
        self.customer = customer
        self.channel = channel
        self.visibility = visibility
        self.occurredAt = occurredAt
        self.text = text
        self.sentiment = sentiment
        self.timelineCommand = "rapport timeline " + ReportEscaping.shellQuoted(customer)
    }

    enum CodingKeys: String, CodingKey {
        case customer, channel, visibility, text, sentiment
        case interactionID = "interaction_id"
        case occurredAt = "occurred_at"
        case timelineCommand = "timeline_command"
    }
}
