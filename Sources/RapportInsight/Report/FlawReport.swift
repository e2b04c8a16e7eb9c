import Foundation
import RapportCore

/// The process-flaw report for one period: what `rapport report flaws` prints and what the store
/// keeps so reports can be compared night to night.
///
/// Its `Codable` form *is* the `--format json` contract (see `docs/report.md`): one object with
/// `period`, `summary` and `themes`, snake_case keys, ISO-8601 dates. Decoding a stored report and
/// rendering it again gives the same output.
public struct FlawReport: Sendable, Hashable, Codable {
    public var period: ReportPeriod
    public var summary: FlawSummary
    /// Listed themes, most severe first (``FlawTheme/severity``, then complaints, customers, id).
    public var themes: [FlawTheme]
    /// First-reply times per channel for customer messages received in the period, then all channels.
    public var firstReply: [ChannelReplyTimes]
    /// The settings the flags were computed with.
    public var settings: FlawSettings

    public init(
        period: ReportPeriod, summary: FlawSummary, themes: [FlawTheme], firstReply: [ChannelReplyTimes],
        settings: FlawSettings
    ) {
        self.period = period
        self.summary = summary
        self.themes = themes
        self.firstReply = firstReply
        self.settings = settings
    }

    enum CodingKeys: String, CodingKey {
        case period, summary, themes, settings
        case firstReply = "first_reply"
    }

    /// The JSON contract text (pretty-printed, keys sorted so reports diff cleanly).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a report back from its JSON form (as stored).
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(FlawReport.self, from: jsonData)
    }
}

/// The period a report covers and when it was made.
public struct ReportPeriod: Sendable, Hashable, Codable {
    @ISO8601Date public var from: Date
    @ISO8601Date public var to: Date
    /// Replies and unanswered messages are judged as of this time (usually when the report was made).
    @ISO8601Date public var asOf: Date
    @ISO8601Date public var generatedAt: Date
    /// The length of the period in days (fractional when it is not whole days).
    public var days: Double

    public init(period: FlawPeriod, asOf: Date, generatedAt: Date) {
        from = period.from
        to = period.to
        self.asOf = asOf
        self.generatedAt = generatedAt
        days = period.days
    }

    enum CodingKeys: String, CodingKey {
        case from, to, days
        case asOf = "as_of"
        case generatedAt = "generated_at"
    }
}

/// The report's headline numbers.
public struct FlawSummary: Sendable, Hashable, Codable {
    /// Complaints in the period, all themes.
    public var complaints: Int
    /// Distinct customers (profiles) who complained in the period.
    public var customers: Int
    /// Themes with at least one complaint in the period.
    public var activeThemes: Int
    /// Themes shown in the report (enough complaints, or flagged).
    public var listedThemes: Int
    /// Themes that raised at least one flag.
    public var flaggedThemes: Int
    /// How many themes raised each flag.
    public var flagged: FlagCounts
    /// Complaints in the period that repeated the same customer's earlier complaint on the theme.
    public var repeatComplaints: Int
    /// Customers whose private complaint was followed by a public one on the same theme.
    public var escalatedCustomers: Int

    public init(
        complaints: Int, customers: Int, activeThemes: Int, listedThemes: Int, flaggedThemes: Int,
        flagged: FlagCounts, repeatComplaints: Int, escalatedCustomers: Int
    ) {
        self.complaints = complaints
        self.customers = customers
        self.activeThemes = activeThemes
        self.listedThemes = listedThemes
        self.flaggedThemes = flaggedThemes
        self.flagged = flagged
        self.repeatComplaints = repeatComplaints
        self.escalatedCustomers = escalatedCustomers
    }

    enum CodingKeys: String, CodingKey {
        case complaints, customers, flagged
        case activeThemes = "active_themes"
        case listedThemes = "listed_themes"
        case flaggedThemes = "flagged_themes"
        case repeatComplaints = "repeat_complaints"
        case escalatedCustomers = "escalated_customers"
    }
}

/// Themes per flag kind; always carries all four keys.
public struct FlagCounts: Sendable, Hashable, Codable {
    public var repeated = 0
    public var widespread = 0
    public var rising = 0
    public var escalated = 0

    public init(repeated: Int = 0, widespread: Int = 0, rising: Int = 0, escalated: Int = 0) {
        self.repeated = repeated
        self.widespread = widespread
        self.rising = rising
        self.escalated = escalated
    }

    public subscript(flag: FlawFlag) -> Int {
        get {
            switch flag {
            case .repeated: repeated
            case .widespread: widespread
            case .rising: rising
            case .escalated: escalated
            }
        }
        set {
            switch flag {
            case .repeated: repeated = newValue
            case .widespread: widespread = newValue
            case .rising: rising = newValue
            case .escalated: escalated = newValue
            }
        }
    }
}

extension FlawFlag {
    /// The order of sections in the text, markdown and HTML reports, most serious first: a flaw
    /// that has gone public, one customers keep coming back with, one that is growing, one that is
    /// broad.
    public static let reportOrder: [FlawFlag] = [.escalated, .repeated, .rising, .widespread]

    /// The flag's weight in ``FlawTheme/severity``: each flag outweighs all those after it in
    /// ``reportOrder`` together.
    public var severityWeight: Int {
        switch self {
        case .escalated: 8
        case .repeated: 4
        case .rising: 2
        case .widespread: 1
        }
    }

    /// What the flag means, as a section heading's subtitle.
    public var meaning: String {
        switch self {
        case .escalated: "a private complaint, then a public one"
        case .repeated: "the same customer came back"
        case .rising: "well above its own baseline"
        case .widespread: "many distinct customers"
        }
    }
}
