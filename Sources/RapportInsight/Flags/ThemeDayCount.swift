import Foundation

/// A theme's complaint count on one day before the period, for stores that count the baseline in
/// SQL instead of handing over every old complaint.
///
/// Days are 24-hour slices anchored at the period's start: `day` −1 is
/// `[from − 24 h, from)`, −2 the slice before it, and so on. In SQL:
/// `floor(extract(epoch FROM occurred_at - $from) / 86400)::int AS day ... GROUP BY theme_id, day`
/// over `[from − priorCountDays days, from)` (see ``FlawSettings/priorCountDays(for:)``).
public struct ThemeDayCount: Sendable, Hashable, Codable {
    public var themeID: Int64
    /// Negative: the slice's offset in days from the period's start.
    public var day: Int
    public var complaints: Int

    public init(themeID: Int64, day: Int, complaints: Int) {
        self.themeID = themeID
        self.day = day
        self.complaints = complaints
    }
}
