import Foundation
import RapportInsight

/// Which inbound interactions a classification run looks at.
public enum ClassificationScope: Sendable, Hashable {
    /// Every inbound interaction stored since the last such run (all of them on the first run). Runs
    /// advance a frontier (`insight_progress`), so this reads only new rows however large the store.
    case new
    /// Inbound interactions that occurred at or after this time and have no insight yet, whenever
    /// they were stored. Does not move the frontier.
    case since(Date)
}

/// Tuning of the classification and theme runs; the defaults suit a nightly batch.
public struct InsightOptions: Sendable, Hashable {
    /// Interactions classified, themed and written per transaction. A crash loses at most one chunk,
    /// which the next run redoes.
    public var chunkSize: Int
    /// Threads classifying a chunk (classification is the part that spreads over cores).
    public var parallelism: Int
    /// Complaints left without a theme are offered to the themes again while they are this recent.
    public var backlogDays: Double
    /// At most this many of them per run (the most recent).
    public var backlogLimit: Int
    /// The persisted vocabulary drops terms seen only once when it grows past this many terms.
    public var vocabularyPruneThreshold: Int
    /// How complaints join themes (thresholds, discovery).
    public var assigner: ThemeAssigner.Options

    public init(
        chunkSize: Int = 50_000, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, backlogDays: Double = 14,
        backlogLimit: Int = 50_000, vocabularyPruneThreshold: Int = 250_000, assigner: ThemeAssigner.Options = .init()
    ) {
        self.chunkSize = max(1, chunkSize)
        self.parallelism = max(1, parallelism)
        self.backlogDays = backlogDays
        self.backlogLimit = max(0, backlogLimit)
        self.vocabularyPruneThreshold = vocabularyPruneThreshold
        self.assigner = assigner
    }
}

/// What a classification run did.
public struct ClassificationSummary: Sendable, Codable, Hashable {
    /// Inbound interactions without an insight that the run read.
    public var considered = 0
    /// Insight rows it wrote.
    public var classified = 0
    /// Of those, per kind (`complaint`, `compliment`, `question`, `comment`).
    public var kinds: [String: Int] = [:]
    /// Complaints placed in a theme (new complaints and backlog).
    public var themed = 0
    /// New complaints left without a theme (offered again on later runs while recent).
    public var unthemed = 0
    /// Backlog complaints from earlier runs that found a theme now.
    public var backlogThemed = 0
    /// Themes born in this run.
    public var newThemes = 0
    /// The earliest time among the complaints this run classified or placed in a theme (nil when
    /// none): reports of periods after it are unaffected by the run.
    public var earliestChange: Date?
    public var seconds = 0.0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case considered, classified, kinds, themed, unthemed, seconds
        case backlogThemed = "backlog_themed"
        case newThemes = "new_themes"
        case earliestChange = "earliest_change"
    }
}

/// The advisory lock that lets one classification or theme run at a time write insights and themes.
enum InsightLock {
    static let key: Int64 = 0x7261_7069_6e73  // "rapins"
}
