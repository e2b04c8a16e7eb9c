import Foundation

/// Rapport's strict ISO-8601 reading, the one behind `occurred_at`, for the layers that take a
/// timestamp from outside without a row around it (the HTTP API's report periods).
///
/// Foundation's ISO-8601 parsing is lenient where a store cannot be: it reads `2026-02-30` as
/// 2 March, and a six-digit year whose instant PostgreSQL cannot hold (and PostgresNIO cannot even
/// encode: it traps).
public enum ISO8601Timestamp {
    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM|±HH)` (`t` or a space may stand for `T`) with
    /// a four-digit year, a real calendar date and time, on or after 0001-01-01T00:00:00Z; nil otherwise.
    public static func date(from text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes in try? TimestampParser.iso8601(bytes).get() }
    }
}
