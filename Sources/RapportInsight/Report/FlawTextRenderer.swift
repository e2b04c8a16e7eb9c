import Foundation

/// The terminal form of a report. Customer text is put on one line with control characters removed
/// (``ReportEscaping/oneLine(_:)``) so a body cannot move the cursor or recolour the terminal.
struct FlawTextRenderer {
    let report: FlawReport
    let width: Int

    private typealias F = ReportFormatting
    /// The widest sparkline; longer trends are condensed into groups of days.
    static let maxBars = 28

    func render() -> String {
        var out: [String] = []
        header(&out)
        summary(&out)
        firstReply(&out)
        var detailed = Set<Int64>()
        for (flag, themes) in report.sections() {
            out.append("")
            if let flag {
                out.append("\(flag.rawValue.uppercased()) · \(flag.meaning) · \(themeCount(themes.count))")
            } else {
                out.append("OTHER THEMES · \(themeCount(themes.count))")
            }
            table(themes, &out)
            guard flag != nil else { continue }
            for theme in themes where !detailed.contains(theme.id) {
                detailed.insert(theme.id)
                out.append("")
                card(theme, &out)
            }
        }
        if report.themes.isEmpty {
            out.append("")
            out.append("No theme had enough complaints to list.")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func themeCount(_ n: Int) -> String { n == 1 ? "1 theme" : "\(n) themes" }

    private func header(_ out: inout [String]) {
        let p = report.period
        out.append("PROCESS-FLAW REPORT")
        out.append("Period     \(F.minute(p.from)) → \(F.minute(p.to)) UTC (\(F.length(days: p.days)))")
        out.append("Generated  \(F.minute(p.generatedAt)) UTC, replies as of \(F.minute(p.asOf)) UTC")
    }

    private func summary(_ out: inout [String]) {
        let s = report.summary
        out.append("")
        out.append("SUMMARY")
        out.append(
            "  \(F.counted(s.complaints, "complaint")) from \(F.counted(s.customers, "customer")) in "
                + "\(themeCount(s.activeThemes)) (\(s.listedThemes) listed)"
        )
        let kinds = FlawFlag.reportOrder.map { "\($0.rawValue) \(s.flagged[$0])" }.joined(separator: " · ")
        for (i, line) in F.wrap("\(kinds) (\(themeCount(s.flaggedThemes)))", width: width - 13).enumerated() {
            out.append((i == 0 ? "  Flagged    " : "             ") + line)
        }
        out.append(
            "  Repeats    \(F.count(s.repeatComplaints)) · customers who escalated \(F.count(s.escalatedCustomers))"
        )
    }

    private func firstReply(_ out: inout [String]) {
        out.append("")
        out.append("FIRST REPLY · customer messages received in the period")
        guard !report.firstReply.isEmpty else {
            out.append("  No customer messages in the period.")
            return
        }
        let target = "≤ " + F.duration(report.settings.replyTargetSeconds)
        out.append(
            "  " + F.padRight("Channel", 10) + F.padLeft("Messages", 10) + F.padLeft("Answered", 10)
                + F.padLeft("Median", 9) + F.padLeft("p90", 9) + F.padLeft(target, 8)
        )
        for row in report.firstReply {
            out.append(
                "  " + F.padRight(row.channel?.rawValue ?? "all", 10) + F.padLeft(F.count(row.messages), 10)
                    + F.padLeft(F.count(row.answered), 10) + F.padLeft(F.duration(row.medianSeconds), 9)
                    + F.padLeft(F.duration(row.p90Seconds), 9) + F.padLeft(F.percent(row.withinTargetShare), 8)
            )
        }
    }

    private func table(_ themes: [FlawTheme], _ out: inout [String]) {
        let trendWidth = min(Self.maxBars, themes.first?.trend.count ?? 7)
        let nameWidth = max(20, width - 2 - 11 - 10 - 9 - 2 - trendWidth)
        out.append(
            "  " + F.padRight("Theme", nameWidth) + F.padLeft("Complaints", 11) + F.padLeft("Customers", 10)
                + F.padLeft("Repeats", 9) + "  Trend"
        )
        for theme in themes {
            out.append(
                "  " + F.padRight(ReportEscaping.oneLine(theme.name), nameWidth) + F.padLeft(F.count(theme.complaints), 11)
                    + F.padLeft(F.count(theme.customers), 10) + F.padLeft(F.count(theme.repeatCount), 9) + "  "
                    + F.sparkline(F.condensed(theme.trend.map(\.complaints), to: Self.maxBars))
            )
        }
    }

    private func card(_ theme: FlawTheme, _ out: inout [String]) {
        let flags = theme.flags.map(\.rawValue).joined(separator: ", ")
        let suffix = "  (theme #\(theme.id); \(flags))"
        let name = F.padRight(ReportEscaping.oneLine(theme.name), max(10, width - 4 - suffix.count))
        out.append("  ▌ " + name.trimmingCharacters(in: .whitespaces) + suffix)
        func field(_ label: String, _ value: String) {
            let lines = F.wrap(value, width: width - 16)
            for (i, line) in lines.enumerated() { out.append("    " + F.padRight(i == 0 ? label : "", 12) + line) }
        }
        field(
            "Counts",
            "\(F.counted(theme.complaints, "complaint")) · \(F.counted(theme.customers, "customer")) · "
                + "\(F.counted(theme.repeatCount, "repeat"))"
        )
        field("Channels", theme.channels.map { "\($0.channel.rawValue) \(F.count($0.complaints))" }.joined(separator: " · "))
        field("Seen", "\(F.minute(theme.firstSeen)) → \(F.minute(theme.lastSeen)) UTC")
        field("Trend", trendLine(theme))
        if !theme.escalatedBy.isEmpty { field("Escalated", identifiers(theme.escalatedBy)) }
        if !theme.repeatedBy.isEmpty { field("Repeated", identifiers(theme.repeatedBy)) }
        let r = theme.rising
        field(
            "Rising",
            "\(F.count(r.periodComplaints)) in \(F.length(days: r.periodDays)) (\(F.rate(r.periodPerDay))) vs "
                + "\(F.rate(r.baselinePerDay)) over the \(F.length(days: r.baselineDays)) before; p = \(F.pValue(r.pValue))"
        )
        guard !theme.quotes.isEmpty else { return }
        out.append("    Quotes")
        for quote in theme.quotes {
            let lines = F.wrap("“" + ReportEscaping.oneLine(quote.text) + "”", width: width - 8)
            for (i, line) in lines.enumerated() { out.append((i == 0 ? "      " : "       ") + line) }
            let who =
                "       — \(ReportEscaping.oneLine(quote.customer)) · \(quote.channel.rawValue) · "
                + F.minute(quote.occurredAt)
            let command = ReportEscaping.oneLine(quote.timelineCommand)
            if who.count + 3 + command.count <= width {
                out.append(who + " · " + command)
            } else {
                out.append(who)
                out.append("         " + command)
            }
        }
    }

    private func trendLine(_ theme: FlawTheme) -> String {
        let counts = theme.trend.map(\.complaints)
        guard let first = theme.trend.first, let last = theme.trend.last else { return "" }
        let context = theme.trend.filter { !$0.inPeriod }.count
        let inPeriod = theme.trend.count - context
        let scope = context == 0 ? "" : inPeriod == 1 ? " (the period is the last day)" : " (the period is the last \(inPeriod) days)"
        let days = counts.count > Self.maxBars ? " (\((counts.count + Self.maxBars - 1) / Self.maxBars) days a bar)" : ""
        return
            "\(F.sparkline(F.condensed(counts, to: Self.maxBars)))\(days) \(F.day(first.day)) → \(F.day(last.day))\(scope); peak \(counts.max() ?? 0)/day"
    }

    private func identifiers(_ values: [String]) -> String {
        F.list(values.map(ReportEscaping.oneLine), limit: 10)
    }
}
