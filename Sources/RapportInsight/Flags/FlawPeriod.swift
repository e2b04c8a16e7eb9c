import Foundation

/// The half-open time range `[from, to)` a flaw report covers.
public struct FlawPeriod: Sendable, Hashable, Codable {
    /// Seconds in one trend day. Days are 24-hour slices anchored at ``from``, not calendar days, so a
    /// report for `--since 24h` has exactly one day and no time zone or daylight-saving shift moves a
    /// complaint between days.
    public static let secondsPerDay: Double = 86_400

    @ISO8601Date public var from: Date
    @ISO8601Date public var to: Date

    /// A period; `to` must not precede `from` (``FlawPeriod/Invalid`` otherwise).
    public init(from: Date, to: Date) throws(Invalid) {
        guard to > from else { throw Invalid(detail: "the period must end after it starts (from \(from), to \(to))") }
        self.from = from
        self.to = to
    }

    /// The period of the given length ending at `end` (`--since 24h`).
    public init(lasting seconds: TimeInterval, endingAt end: Date) throws(Invalid) {
        try self.init(from: end.addingTimeInterval(-seconds), to: end)
    }

    /// The period's length in days (fractional for periods that are not whole days).
    public var days: Double { to.timeIntervalSince(from) / Self.secondsPerDay }

    /// The number of trend days the period spans (its length in days, rounded up; at least 1).
    public var daySlices: Int { max(1, Int((days - 1e-9).rounded(.up))) }

    /// Whether `date` lies in `[from, to)`.
    public func contains(_ date: Date) -> Bool { date >= from && date < to }

    /// Parses a `--since` duration such as `24h`, `7d`, `90m`, `2w` into seconds.
    public static func parseDuration(_ text: String) throws(Invalid) -> TimeInterval {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last, let value = Double(trimmed.dropLast()), value > 0, value.isFinite else {
            throw Invalid(detail: "expected a duration such as 24h, 7d, 90m or 2w, got '\(text)'")
        }
        switch unit {
        case "m": return value * 60
        case "h": return value * 3600
        case "d": return value * secondsPerDay
        case "w": return value * 7 * secondsPerDay
        default: throw Invalid(detail: "unknown duration unit '\(unit)' in '\(text)'; use m, h, d or w")
        }
    }

    /// Why a period cannot be used.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let detail: String
        public var description: String { detail }
    }
}
