import Foundation

/// The CSV form of a report: a header, then one row per listed theme in the JSON order (RFC 4180,
/// CRLF line ends). Lists inside a field are joined with `;` (`flags`, `repeated_by`,
/// `escalated_by`, `channels` as `twitter:20;email:14`) and the trend is the daily counts joined
/// with spaces, oldest first.
struct FlawCSVRenderer {
    let report: FlawReport

    static let columns = [
        "id", "name", "flags", "severity", "complaints", "customers", "repeat_count", "repeated_by", "escalated_by",
        "channels", "first_seen", "last_seen", "trend", "period_per_day", "baseline_per_day", "rising_p_value",
    ]

    func render() -> String {
        var lines = [Self.columns.joined(separator: ",")]
        for theme in report.themes {
            // Customer-derived text gets the formula guard and quoting; the rest only quoting.
            let fields: [String] = [
                ReportEscaping.csvField(String(theme.id)),
                ReportEscaping.csvText(theme.name),
                ReportEscaping.csvField(theme.flags.map(\.rawValue).joined(separator: ";")),
                ReportEscaping.csvField(String(theme.severity)),
                ReportEscaping.csvField(String(theme.complaints)),
                ReportEscaping.csvField(String(theme.customers)),
                ReportEscaping.csvField(String(theme.repeatCount)),
                ReportEscaping.csvText(theme.repeatedBy.joined(separator: ";")),
                ReportEscaping.csvText(theme.escalatedBy.joined(separator: ";")),
                ReportEscaping.csvField(
                    theme.channels.map { "\($0.channel.rawValue):\($0.complaints)" }.joined(separator: ";")
                ),
                ReportEscaping.csvField(ISO8601Date.format(theme.firstSeen)),
                ReportEscaping.csvField(ISO8601Date.format(theme.lastSeen)),
                ReportEscaping.csvField(theme.trend.map { String($0.complaints) }.joined(separator: " ")),
                ReportEscaping.csvField(String(format: "%.3f", theme.rising.periodPerDay)),
                ReportEscaping.csvField(String(format: "%.3f", theme.rising.baselinePerDay)),
                ReportEscaping.csvField(String(format: "%.3g", theme.rising.pValue)),
            ]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
