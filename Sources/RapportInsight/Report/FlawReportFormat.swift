import Foundation

/// The output formats of `rapport report flaws --format`.
public enum FlawReportFormat: String, Sendable, CaseIterable, Codable, Hashable {
    /// For a terminal: aligned columns, sparkline trends, wrapped quotes.
    case text
    /// For a wiki or a chat message.
    case markdown
    /// A self-contained page (inline CSS, an SVG chart per theme), for e-mail or a browser.
    case html
    /// The documented contract (`period`, `summary`, `themes`), for scripts.
    case json
    /// One row per theme, for spreadsheets.
    case csv
}

extension FlawReport {
    /// The report in `format`. Every value a customer could have written is escaped for that format.
    /// - Parameter width: the line width of the text format.
    public func rendered(as format: FlawReportFormat, width: Int = 80) throws -> String {
        switch format {
        case .text: return FlawTextRenderer(report: self, width: max(60, width)).render()
        case .markdown: return FlawMarkdownRenderer(report: self).render()
        case .html: return FlawHTMLRenderer(report: self).render()
        case .csv: return FlawCSVRenderer(report: self).render()
        case .json: return String(decoding: try jsonData(), as: UTF8.self) + "\n"
        }
    }

    /// The listed themes in report order: one group per flag kind in ``FlawFlag/reportOrder`` (a
    /// theme with several flags is in several groups), then the themes with no flag.
    func sections() -> [(flag: FlawFlag?, themes: [FlawTheme])] {
        var result: [(FlawFlag?, [FlawTheme])] = FlawFlag.reportOrder.map { flag in
            (flag, themes.filter { $0.flags.contains(flag) })
        }
        result.append((nil, themes.filter(\.flags.isEmpty)))
        return result.filter { !$0.1.isEmpty }
    }
}
