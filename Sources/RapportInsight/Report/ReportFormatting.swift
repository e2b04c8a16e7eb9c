import Foundation

/// Small formatting rules shared by the text, markdown and HTML renderers, so all three say the same
/// thing the same way.
enum ReportFormatting {
    /// `1234567` → `1,234,567`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }

    /// `1 complaint`, `2 complaints`, `1,204 customers`.
    static func counted(_ value: Int, _ noun: String) -> String {
        "\(count(value)) \(noun)\(value == 1 ? "" : "s")"
    }

    /// A waiting time: `45s`, `12m`, `3h 10m`, `2d 4h`; `—` for none.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "—" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 { return s % 3600 / 60 == 0 ? "\(s / 3600)h" : "\(s / 3600)h \(s % 3600 / 60)m" }
        return s % 86_400 / 3600 == 0 ? "\(s / 86_400)d" : "\(s / 86_400)d \(s % 86_400 / 3600)h"
    }

    /// `0.614` → `61%`; `—` for none.
    static func percent(_ share: Double?) -> String {
        guard let share, share.isFinite else { return "—" }
        return "\(Int((share * 100).rounded()))%"
    }

    /// `2024-03-05 14:02` in UTC.
    static func minute(_ date: Date) -> String {
        let text = ISO8601Date.format(date)  // 2024-03-05T14:02:11Z
        return String(text.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// `2024-03-05`.
    static func day(_ date: Date) -> String { String(ISO8601Date.format(date).prefix(10)) }

    /// `1 day`, `7 days`, `6.5 hours`.
    static func length(days: Double) -> String {
        if days < 1 {
            let hours = days * 24
            let text = hours == hours.rounded() ? "\(Int(hours))" : String(format: "%.1f", hours)
            return hours == 1 ? "1 hour" : "\(text) hours"
        }
        let text = days == days.rounded() ? "\(Int(days))" : String(format: "%.1f", days)
        return days == 1 ? "1 day" : "\(text) days"
    }

    /// A rate such as `2.1/day`.
    static func rate(_ perDay: Double) -> String {
        perDay >= 10 ? "\(Int(perDay.rounded()))/day" : String(format: "%.1f/day", perDay)
    }

    /// A p-value such as `0.003` or `3.2e-12`.
    static func pValue(_ p: Double) -> String {
        if p >= 0.001 { return String(format: "%.3f", p) }
        return String(format: "%.1e", p)
    }

    /// The eight-level bar glyphs; zero is the lowest bar and any non-zero count at least the second,
    /// so a quiet day never looks like a busy one.
    static func sparkline(_ counts: [Int]) -> String {
        let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let top = counts.max() ?? 0
        return String(
            counts.map { count -> Character in
                guard count > 0, top > 0 else { return bars[0] }
                return bars[1 + min(6, Int(Double(count) / Double(top) * 6.999))]
            }
        )
    }

    /// Counts summed into at most `bars` equal groups of consecutive days (the last group may be
    /// shorter), so a long period's sparkline still fits a line.
    static func condensed(_ counts: [Int], to bars: Int) -> [Int] {
        guard counts.count > bars, bars > 0 else { return counts }
        let group = (counts.count + bars - 1) / bars
        return stride(from: 0, to: counts.count, by: group).map { counts[$0..<min(counts.count, $0 + group)].reduce(0, +) }
    }

    /// Words of `text` on lines at most `width` characters wide (a longer word stands alone).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// `text` padded (or cut with "…") to exactly `width` characters, left-aligned.
    static func padRight(_ text: String, _ width: Int) -> String {
        let cut = text.count > width ? String(text.prefix(max(0, width - 1))) + "…" : text
        return cut + String(repeating: " ", count: max(0, width - cut.count))
    }

    /// `text` right-aligned in `width` characters.
    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// The first `limit` items joined with ", ", then `(+N more)`.
    static func list(_ items: [String], limit: Int) -> String {
        let shown = items.prefix(limit).joined(separator: ", ")
        return items.count > limit ? "\(shown) (+\(items.count - limit) more)" : shown
    }
}
