import Foundation

/// The HTML form of a report: one self-contained page (inline CSS, an inline SVG bar chart per theme,
/// no scripts, no external resources), fit to mail or to open from disk. Every value that reaches the
/// page goes through ``ReportEscaping/html(_:)`` — customer bodies, identifiers and theme names above
/// all.
struct FlawHTMLRenderer {
    let report: FlawReport

    private typealias F = ReportFormatting

    private func h(_ text: String) -> String { ReportEscaping.html(text) }

    func render() -> String {
        let p = report.period
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Process-flaw report \(h(F.minute(p.from))) → \(h(F.minute(p.to))) UTC</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <h1>Process-flaw report</h1>
            <p class="period">\(h(F.minute(p.from))) → \(h(F.minute(p.to))) UTC (\(h(F.length(days: p.days)))) ·
            generated \(h(F.minute(p.generatedAt))) UTC, replies as of \(h(F.minute(p.asOf))) UTC</p>

            """
        summary(&out)
        firstReply(&out)
        var detailed = Set<Int64>()
        for (flag, themes) in report.sections() {
            let title = flag.map { "\($0.rawValue.capitalized) <small>\(h($0.meaning))</small>" } ?? "Other themes"
            out += "<section class=\"flag-\(flag?.rawValue ?? "none")\">\n<h2>\(title) <span class=\"n\">\(themes.count)</span></h2>\n"
            table(themes, &out)
            if flag != nil {
                for theme in themes where !detailed.contains(theme.id) {
                    detailed.insert(theme.id)
                    card(theme, &out)
                }
            }
            out += "</section>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    private func summary(_ out: inout String) {
        let s = report.summary
        out += "<section class=\"summary\">\n<h2>Summary</h2>\n<ul>\n"
        out += "<li><b>\(F.counted(s.complaints, "complaint"))</b> from <b>\(F.counted(s.customers, "customer"))</b> in "
        out += "\(s.activeThemes) themes (\(s.listedThemes) listed)</li>\n"
        let kinds = FlawFlag.reportOrder.map { "<span class=\"tag \($0.rawValue)\">\($0.rawValue) \(s.flagged[$0])</span>" }
        out += "<li>Flagged themes: \(kinds.joined(separator: " ")) (\(s.flaggedThemes) in all)</li>\n"
        out += "<li>Repeat complaints: \(F.count(s.repeatComplaints)); customers who escalated: "
        out += "\(F.count(s.escalatedCustomers))</li>\n"
        out += "</ul>\n</section>\n"
    }

    private func firstReply(_ out: inout String) {
        out += "<section class=\"replies\">\n<h2>First reply per channel</h2>\n"
        guard !report.firstReply.isEmpty else {
            out += "<p>No customer messages in the period.</p>\n</section>\n"
            return
        }
        let target = h("≤ " + F.duration(report.settings.replyTargetSeconds))
        out += "<table><thead><tr><th>Channel</th><th>Messages</th><th>Answered</th><th>Median</th><th>p90</th>"
        out += "<th>\(target)</th></tr></thead><tbody>\n"
        for row in report.firstReply {
            out += "<tr\(row.channel == nil ? " class=\"total\"" : "")><td>\(h(row.channel?.rawValue ?? "all"))</td>"
            out += "<td>\(F.count(row.messages))</td><td>\(F.count(row.answered))</td>"
            out += "<td>\(h(F.duration(row.medianSeconds)))</td><td>\(h(F.duration(row.p90Seconds)))</td>"
            out += "<td>\(h(F.percent(row.withinTargetShare)))</td></tr>\n"
        }
        out += "</tbody></table>\n</section>\n"
    }

    private func table(_ themes: [FlawTheme], _ out: inout String) {
        out += "<table class=\"themes\"><thead><tr><th>Theme</th><th>Flags</th><th>Complaints</th>"
        out += "<th>Customers</th><th>Repeats</th></tr></thead><tbody>\n"
        for theme in themes {
            out += "<tr><td><a href=\"#theme-\(theme.id)\">\(h(theme.name))</a></td><td>\(tags(theme.flags))</td>"
            out += "<td>\(F.count(theme.complaints))</td><td>\(F.count(theme.customers))</td>"
            out += "<td>\(F.count(theme.repeatCount))</td></tr>\n"
        }
        out += "</tbody></table>\n"
    }

    private func tags(_ flags: [FlawFlag]) -> String {
        flags.map { "<span class=\"tag \($0.rawValue)\">\($0.rawValue)</span>" }.joined(separator: " ")
    }

    private func card(_ theme: FlawTheme, _ out: inout String) {
        out += "<article class=\"theme\" id=\"theme-\(theme.id)\">\n"
        out += "<h3>\(h(theme.name)) <small>theme #\(theme.id)</small> \(tags(theme.flags))</h3>\n"
        out += chart(theme)
        out += "<dl>\n"
        out += "<dt>Counts</dt><dd>\(F.counted(theme.complaints, "complaint")) · \(F.counted(theme.customers, "customer")) · "
        out += "\(F.counted(theme.repeatCount, "repeat"))</dd>\n"
        let channels = theme.channels.map { "\(h($0.channel.rawValue)) \(F.count($0.complaints))" }
        out += "<dt>Channels</dt><dd>\(channels.joined(separator: " · "))</dd>\n"
        out += "<dt>Seen</dt><dd>\(h(F.minute(theme.firstSeen))) → \(h(F.minute(theme.lastSeen))) UTC</dd>\n"
        if !theme.escalatedBy.isEmpty { out += "<dt>Escalated by</dt><dd>\(people(theme.escalatedBy))</dd>\n" }
        if !theme.repeatedBy.isEmpty { out += "<dt>Repeated by</dt><dd>\(people(theme.repeatedBy))</dd>\n" }
        let r = theme.rising
        out += "<dt>Rising test</dt><dd>\(r.periodComplaints) in \(h(F.length(days: r.periodDays))) vs "
        out += "\(h(F.rate(r.baselinePerDay))) over the \(h(F.length(days: r.baselineDays))) before, "
        out += "p = \(h(F.pValue(r.pValue)))</dd>\n</dl>\n"
        for quote in theme.quotes {
            out += "<blockquote><p>\(h(quote.text))</p><footer>— \(h(quote.customer)) · \(h(quote.channel.rawValue)) · "
            out += "\(h(F.minute(quote.occurredAt))) UTC · <code>\(h(quote.timelineCommand))</code></footer></blockquote>\n"
        }
        out += "</article>\n"
    }

    private func people(_ identifiers: [String]) -> String {
        identifiers.map { "<code>\(h($0))</code>" }.joined(separator: ", ")
    }

    /// Bars per day; the context days before the period are grey, the period's days coloured.
    private func chart(_ theme: FlawTheme) -> String {
        let days = theme.trend
        guard !days.isEmpty else { return "" }
        let width = 560.0
        let height = 90.0
        let top = Double(max(1, days.map(\.complaints).max() ?? 1))
        let slot = width / Double(days.count)
        let bar = max(1, slot * 0.8)
        var svg = "<svg class=\"trend\" viewBox=\"0 0 \(Int(width)) \(Int(height + 16))\" role=\"img\" "
        svg += "aria-label=\"complaints per day\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for (i, day) in days.enumerated() {
            let barHeight = Double(day.complaints) / top * height
            let x = Double(i) * slot + (slot - bar) / 2
            let y = height - barHeight
            svg += "<rect x=\"\(fixed(x))\" y=\"\(fixed(y))\" width=\"\(fixed(bar))\" height=\"\(fixed(max(barHeight, 0.5)))\" "
            svg += "class=\"\(day.inPeriod ? "in" : "before")\"><title>\(h(F.day(day.day))): \(day.complaints)</title></rect>\n"
        }
        if let first = days.first, let last = days.last {
            svg += "<text x=\"0\" y=\"\(Int(height + 13))\">\(h(F.day(first.day)))</text>"
            svg += "<text x=\"\(Int(width))\" y=\"\(Int(height + 13))\" text-anchor=\"end\">\(h(F.day(last.day)))</text>\n"
            svg += "<text x=\"\(Int(width / 2))\" y=\"\(Int(height + 13))\" text-anchor=\"middle\">max \(Int(top))/day</text>\n"
        }
        return svg + "</svg>\n"
    }

    private func fixed(_ value: Double) -> String { String(format: "%.1f", value) }

    private static let css = """
        body{font:15px/1.45 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:2em auto;max-width:60em;\
        padding:0 1em;color:#1d2330}
        h1{margin-bottom:.2em}h2{border-bottom:2px solid #e3e6ec;padding-bottom:.2em;margin-top:1.8em}
        h2 small,h3 small{font-weight:normal;color:#6b7280;font-size:.7em}.n{color:#6b7280;font-weight:normal}
        .period{color:#4b5563}table{border-collapse:collapse;margin:.6em 0;width:100%}
        th,td{padding:.25em .6em;border-bottom:1px solid #e3e6ec;text-align:right}
        th:first-child,td:first-child{text-align:left}.themes td:nth-child(2),.themes th:nth-child(2){text-align:left}
        tr.total td{font-weight:bold}a{color:#1f4fd1;text-decoration:none}
        .tag{display:inline-block;border-radius:.8em;padding:0 .55em;font-size:.78em;color:#fff;background:#6b7280}
        .tag.escalated{background:#b42318}.tag.repeated{background:#c4320a}.tag.rising{background:#7a2e98}
        .tag.widespread{background:#175cd3}
        article.theme{border:1px solid #e3e6ec;border-radius:8px;padding:.4em 1em 1em;margin:1em 0}
        dl{display:grid;grid-template-columns:9em 1fr;gap:.2em .8em;margin:.6em 0}dt{color:#6b7280}dd{margin:0}
        svg.trend{width:100%;max-width:560px;height:auto}svg.trend rect.in{fill:#c4320a}
        svg.trend rect.before{fill:#c9ced6}svg.trend text{font-size:11px;fill:#6b7280}
        blockquote{margin:.7em 0;padding:.3em .9em;border-left:4px solid #e3e6ec;background:#f8f9fb}
        blockquote p{margin:.2em 0}blockquote footer{color:#6b7280;font-size:.88em}
        code{font-size:.9em;background:#eef0f4;padding:0 .25em;border-radius:3px}
        """
}
