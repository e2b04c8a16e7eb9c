import Foundation

/// The windows and thresholds of the process-flaw flags, with the defaults documented in
/// `docs/report.md`.
///
/// Encoded with snake_case keys (`repeat_window_days`, ...) so a settings file reads like the JSON
/// report; a key left out of a settings file keeps its default.
public struct FlawSettings: Sendable, Hashable, Codable {
    /// **repeated**: a customer's second complaint on a theme counts as a repeat when it comes at most
    /// this many days after their previous one (inclusive), on any channel.
    public var repeatWindowDays: Double
    /// **repeated**: complaints by one customer on one theme less than this many hours apart are one
    /// contact (a burst of tweets, a reply chain), not a customer coming back; 0 turns this off.
    public var repeatMinGapHours: Double
    /// **repeated**: how many distinct repeating customers a theme needs in the period to be flagged.
    public var repeatedMinCustomers: Int
    /// **widespread**: how many distinct customers (profiles) must complain about a theme in the period.
    public var widespreadMinCustomers: Int
    /// **rising**: the length, in whole days, of the trailing baseline that ends where the period starts.
    public var risingBaselineDays: Int
    /// **rising**: the one-sided significance level of the rate-ratio test (see ``RisingTest``).
    public var risingSignificance: Double
    /// **rising**: the least number of complaints in the period, so tiny themes never flag.
    public var risingMinComplaints: Int
    /// **rising**: the least ratio of the period's daily rate to the baseline's daily rate.
    public var risingMinRatio: Double
    /// **escalated**: a public complaint counts as an escalation when the same customer complained
    /// privately on the same theme at most this many days before it.
    public var escalationWindowDays: Double
    /// **escalated**: how many distinct escalating customers a theme needs to be flagged.
    public var escalatedMinCustomers: Int
    /// How many representative quotes to show per theme.
    public var quotesPerTheme: Int
    /// The longest quote shown, in characters; longer bodies are cut at a word and end with "…".
    public var quoteMaxCharacters: Int
    /// A theme with fewer complaints in the period is left out of the report unless it raised a flag.
    public var minComplaints: Int
    /// The daily trend covers the period, extended back to at least this many days so that a one-day
    /// report still shows the days before it.
    public var trendMinDays: Int
    /// A brand reply within this many seconds counts as "answered within the hour".
    public var replyTargetSeconds: Double

    /// The documented defaults.
    public init(
        repeatWindowDays: Double = 14,
        repeatMinGapHours: Double = 1,
        repeatedMinCustomers: Int = 1,
        widespreadMinCustomers: Int = 5,
        risingBaselineDays: Int = 28,
        risingSignificance: Double = 0.01,
        risingMinComplaints: Int = 5,
        risingMinRatio: Double = 2,
        escalationWindowDays: Double = 14,
        escalatedMinCustomers: Int = 1,
        quotesPerTheme: Int = 3,
        quoteMaxCharacters: Int = 280,
        minComplaints: Int = 2,
        trendMinDays: Int = 7,
        replyTargetSeconds: Double = 3600
    ) {
        self.repeatWindowDays = repeatWindowDays
        self.repeatMinGapHours = repeatMinGapHours
        self.repeatedMinCustomers = repeatedMinCustomers
        self.widespreadMinCustomers = widespreadMinCustomers
        self.risingBaselineDays = risingBaselineDays
        self.risingSignificance = risingSignificance
        self.risingMinComplaints = risingMinComplaints
        self.risingMinRatio = risingMinRatio
        self.escalationWindowDays = escalationWindowDays
        self.escalatedMinCustomers = escalatedMinCustomers
        self.quotesPerTheme = quotesPerTheme
        self.quoteMaxCharacters = quoteMaxCharacters
        self.minComplaints = minComplaints
        self.trendMinDays = trendMinDays
        self.replyTargetSeconds = replyTargetSeconds
    }

    /// When the store hands over complaint events only: every complaint in
    /// `[lookbackStart(for:), period.to)` is needed. Older complaints change nothing.
    public func lookbackStart(for period: FlawPeriod) -> Date {
        let days = max(repeatWindowDays, escalationWindowDays, Double(priorCountDays(for: period)))
        return period.from.addingTimeInterval(-days * FlawPeriod.secondsPerDay)
    }

    /// When the store also hands over ``ThemeDayCount``s for the days before the period: the events
    /// before the period are then only needed from this time, and only for the profiles that complain
    /// in the period (they decide **repeated** and **escalated**).
    public func profileLookbackStart(for period: FlawPeriod) -> Date {
        period.from.addingTimeInterval(-max(repeatWindowDays, escalationWindowDays) * FlawPeriod.secondsPerDay)
    }

    /// How many whole days before the period the baseline and the trend's context days cover (day
    /// slices anchored at `period.from`, see ``ThemeDayCount``).
    public func priorCountDays(for period: FlawPeriod) -> Int {
        max(risingBaselineDays, trendContextDays(for: period))
    }

    /// Days of context before the period in the trend, so it spans at least ``trendMinDays``.
    public func trendContextDays(for period: FlawPeriod) -> Int {
        max(0, trendMinDays - period.daySlices)
    }

    /// Why a settings value is unusable.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let setting: String
        public let detail: String
        public var description: String { "\(setting): \(detail)" }
    }

    /// Throws ``Invalid`` naming the first setting that cannot work (a negative window, a
    /// significance level outside (0, 1), ...).
    public func validate() throws(Invalid) {
        let nonNegativeDays: [(String, Double)] = [
            ("repeat_window_days", repeatWindowDays), ("repeat_min_gap_hours", repeatMinGapHours),
            ("escalation_window_days", escalationWindowDays),
        ]
        for (name, value) in nonNegativeDays where !(value >= 0 && value.isFinite) {
            throw Invalid(setting: name, detail: "must be a non-negative number, got \(value)")
        }
        guard risingBaselineDays > 0 else {
            throw Invalid(setting: "rising_baseline_days", detail: "must be a positive number of days")
        }
        guard risingSignificance > 0, risingSignificance < 1 else {
            throw Invalid(setting: "rising_significance", detail: "must lie strictly between 0 and 1")
        }
        guard risingMinRatio >= 1, risingMinRatio.isFinite else {
            throw Invalid(setting: "rising_min_ratio", detail: "must be at least 1")
        }
        guard replyTargetSeconds > 0 else {
            throw Invalid(setting: "reply_target_seconds", detail: "must be positive")
        }
        let counts: [(String, Int, Int)] = [
            ("repeated_min_customers", repeatedMinCustomers, 1), ("widespread_min_customers", widespreadMinCustomers, 1),
            ("rising_min_complaints", risingMinComplaints, 1), ("escalated_min_customers", escalatedMinCustomers, 1),
            ("quotes_per_theme", quotesPerTheme, 0), ("quote_max_characters", quoteMaxCharacters, 20),
            ("min_complaints", minComplaints, 1), ("trend_min_days", trendMinDays, 1),
        ]
        for (name, value, least) in counts where value < least {
            throw Invalid(setting: name, detail: "must be at least \(least), got \(value)")
        }
    }

    enum CodingKeys: String, CodingKey {
        case repeatWindowDays = "repeat_window_days"
        case repeatMinGapHours = "repeat_min_gap_hours"
        case repeatedMinCustomers = "repeated_min_customers"
        case widespreadMinCustomers = "widespread_min_customers"
        case risingBaselineDays = "rising_baseline_days"
        case risingSignificance = "rising_significance"
        case risingMinComplaints = "rising_min_complaints"
        case risingMinRatio = "rising_min_ratio"
        case escalationWindowDays = "escalation_window_days"
        case escalatedMinCustomers = "escalated_min_customers"
        case quotesPerTheme = "quotes_per_theme"
        case quoteMaxCharacters = "quote_max_characters"
        case minComplaints = "min_complaints"
        case trendMinDays = "trend_min_days"
        case replyTargetSeconds = "reply_target_seconds"
    }

    /// Reads a settings object; missing keys keep their defaults, unknown keys are an error so a typo
    /// in a settings file does not pass silently.
    public init(from decoder: any Decoder) throws {
        if let any = try? decoder.container(keyedBy: AnyKey.self) {
            let unknown = any.allKeys.map(\.stringValue).filter { CodingKeys(rawValue: $0) == nil }
            if let first = unknown.sorted().first {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "unknown flaw setting '\(first)'")
                )
            }
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = FlawSettings()
        repeatWindowDays = try c.decodeIfPresent(Double.self, forKey: .repeatWindowDays) ?? d.repeatWindowDays
        repeatMinGapHours = try c.decodeIfPresent(Double.self, forKey: .repeatMinGapHours) ?? d.repeatMinGapHours
        repeatedMinCustomers = try c.decodeIfPresent(Int.self, forKey: .repeatedMinCustomers) ?? d.repeatedMinCustomers
        widespreadMinCustomers =
            try c.decodeIfPresent(Int.self, forKey: .widespreadMinCustomers) ?? d.widespreadMinCustomers
        risingBaselineDays = try c.decodeIfPresent(Int.self, forKey: .risingBaselineDays) ?? d.risingBaselineDays
        risingSignificance = try c.decodeIfPresent(Double.self, forKey: .risingSignificance) ?? d.risingSignificance
        risingMinComplaints = try c.decodeIfPresent(Int.self, forKey: .risingMinComplaints) ?? d.risingMinComplaints
        risingMinRatio = try c.decodeIfPresent(Double.self, forKey: .risingMinRatio) ?? d.risingMinRatio
        escalationWindowDays =
            try c.decodeIfPresent(Double.self, forKey: .escalationWindowDays) ?? d.escalationWindowDays
        escalatedMinCustomers =
            try c.decodeIfPresent(Int.self, forKey: .escalatedMinCustomers) ?? d.escalatedMinCustomers
        quotesPerTheme = try c.decodeIfPresent(Int.self, forKey: .quotesPerTheme) ?? d.quotesPerTheme
        quoteMaxCharacters = try c.decodeIfPresent(Int.self, forKey: .quoteMaxCharacters) ?? d.quoteMaxCharacters
        minComplaints = try c.decodeIfPresent(Int.self, forKey: .minComplaints) ?? d.minComplaints
        trendMinDays = try c.decodeIfPresent(Int.self, forKey: .trendMinDays) ?? d.trendMinDays
        replyTargetSeconds = try c.decodeIfPresent(Double.self, forKey: .replyTargetSeconds) ?? d.replyTargetSeconds
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
