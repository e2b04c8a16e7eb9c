import Foundation

/// The markdown form of a report (CommonMark with GitHub tables). Customer text goes through
/// ``ReportEscaping/markdown(_:)``, so it shows literally and cannot inject links, HTML or table cells.
struct FlawMarkdownRenderer {
    let report: FlawReport

    private typealias F = ReportFormatting
    private typealias E = ReportEscaping

    func render() -> String {
        var out: [String] = []
        let p = report.period
        out.append("# Process-flaw report")
        out.append("")
        out.append("**Period:** \(F.minute(p.from)) → \(F.minute(p.to)) UTC (\(F.length(days: p.days)))  ")
        out.append("**Generated:** \(F.minute(p.generatedAt)) UTC, replies as of \(F.minute(p.asOf)) UTC")
        out.append("")
        summary(&out)
        firstReply(&out)
        var detailed = Set<Int64>()
        for (flag, themes) in report.sections() {
            out.append("")
            if let flag {
                out.append("## \(flag.rawValue.capitalized) — \(flag.meaning) (\(themes.count))")
            } else {
                out.append("## Other themes (\(themes.count))")
            }
            out.append("")
            table(themes, &out)
            guard flag != nil else { continue }
            for theme in themes where !detailed.contains(theme.id) {
                detailed.insert(theme.id)
                out.append("")
                card(theme, &out)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func summary(_ out: inout [String]) {
        let s = report.summary
        out.append("## Summary")
        out.append("")
        out.append(
            "- \(F.counted(s.complaints, "complaint")) from \(F.counted(s.customers, "customer")) in \(s.activeThemes) themes "
                + "(\(s.listedThemes) listed)"
        )
        let kinds = FlawFlag.reportOrder.map { "\($0.rawValue) \(s.flagged[$0])" }.joined(separator: ", ")
        out.append("- Flagged themes: \(kinds) (\(s.flaggedThemes) in all)")
        out.append("- Repeat complaints: \(F.count(s.repeatComplaints)); customers who escalated: \(F.count(s.escalatedCustomers))")
        out.append("")
    }

    private func firstReply(_ out: inout [String]) {
        out.append("## First reply per channel")
        out.append("")
        guard !report.firstReply.isEmpty else {
            out.append("No customer messages in the period.")
            return
        }
        let target = "≤ " + F.duration(report.settings.replyTargetSeconds)
        out.append("| Channel | Messages | Answered | Median | p90 | \(target) |")
        out.append("|---|--:|--:|--:|--:|--:|")
        for row in report.firstReply {
            out.append(
                "| \(row.channel?.rawValue ?? "all") | \(F.count(row.messages)) | \(F.count(row.answered)) | "
                    + "\(F.duration(row.medianSeconds)) | \(F.duration(row.p90Seconds)) | \(F.percent(row.withinTargetShare)) |"
            )
        }
    }

    private func table(_ themes: [FlawTheme], _ out: inout [String]) {
        out.append("| Theme | Flags | Complaints | Customers | Repeats | Trend |")
        out.append("|---|---|--:|--:|--:|---|")
        for theme in themes {
            out.append(
                "| \(E.markdown(theme.name)) | \(theme.flags.map(\.rawValue).joined(separator: ", ")) | "
                    + "\(F.count(theme.complaints)) | \(F.count(theme.customers)) | \(F.count(theme.repeatCount)) | "
                    + "\(F.sparkline(F.condensed(theme.trend.map(\.complaints), to: 28))) |"
            )
        }
    }

    private func card(_ theme: FlawTheme, _ out: inout [String]) {
        out.append("### \(E.markdown(theme.name)) (theme #\(theme.id))")
        out.append("")
        out.append("- **Flags:** \(theme.flags.map(\.rawValue).joined(separator: ", "))")
        out.append(
            "- **Complaints:** \(F.count(theme.complaints)) from \(F.counted(theme.customers, "customer")), "
                + "\(F.counted(theme.repeatCount, "repeat"))"
        )
        out.append(
            "- **Channels:** "
                + theme.channels.map { "\($0.channel.rawValue) \(F.count($0.complaints))" }.joined(separator: ", ")
        )
        out.append("- **Seen:** \(F.minute(theme.firstSeen)) → \(F.minute(theme.lastSeen)) UTC")
        let counts = theme.trend.map(\.complaints)
        let days: String
        if theme.trend.count <= 14 {
            days = theme.trend.map { "\(F.day($0.day)): \($0.complaints)\($0.inPeriod ? "" : " (before)")" }.joined(separator: ", ")
        } else {
            let first = theme.trend.first.map { F.day($0.day) } ?? ""
            let last = theme.trend.last.map { F.day($0.day) } ?? ""
            days = "\(first) → \(last), peak \(counts.max() ?? 0)/day"
        }
        out.append("- **Trend:** \(F.sparkline(F.condensed(counts, to: 28))) — \(days)")
        if !theme.escalatedBy.isEmpty {
            out.append("- **Escalated by:** " + F.list(theme.escalatedBy.map(E.markdown), limit: 20))
        }
        if !theme.repeatedBy.isEmpty {
            out.append("- **Repeated by:** " + F.list(theme.repeatedBy.map(E.markdown), limit: 20))
        }
        let r = theme.rising
        out.append(
            "- **Rising test:** \(r.periodComplaints) in \(F.length(days: r.periodDays)) vs "
                + "\(F.rate(r.baselinePerDay)) over the \(F.length(days: r.baselineDays)) before, p = \(F.pValue(r.pValue))"
        )
        for quote in theme.quotes {
            out.append("")
            out.append("> \(E.markdown(quote.text))")
            out.append(">")
            out.append(
                "> — \(E.markdown(quote.customer)), \(quote.channel.rawValue), \(F.minute(quote.occurredAt)) UTC · "
                    + code(quote.timelineCommand)
            )
        }
    }

    /// A code span that holds `text` literally: fenced with more backticks than any run inside it.
    private func code(_ text: String) -> String {
        let oneLine = E.oneLine(text)
        var longest = 0
        var run = 0
        for ch in oneLine {
            run = ch == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = oneLine.hasPrefix("`") || oneLine.hasSuffix("`") ? " " : ""
        return fence + pad + oneLine + pad + fence
    }
}
