import Foundation
import RapportCore
import RapportInsight
import Testing

@Suite("html report")
struct HTMLReportTests {
    @Test func customerTextIsEscapedEverywhere() throws {
        let html = try ReportSamples.mixed().rendered(as: .html)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>o"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; refund, &quot;late&quot; &amp; &#39;lost&#39;"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt; &quot;why&quot; &amp; &#39;when&#39;?"))
        #expect(html.contains("twitter:&lt;b&gt;o&#39;hara&quot;&lt;/b&gt;"))
    }

    @Test func thePageIsSelfContainedWithAChartPerFlaggedTheme() throws {
        let report = try ReportSamples.mixed()
        let html = try report.rendered(as: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src=\"http"))
        let flagged = report.themes.filter { !$0.flags.isEmpty }.count
        #expect(html.components(separatedBy: "<svg").count - 1 == flagged)
        #expect(html.components(separatedBy: "<rect").count - 1 == flagged * 7)
    }

    @Test func escapingCoversAllFiveCharacters() {
        #expect(ReportEscaping.html(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }
}

@Suite("csv report")
struct CSVReportTests {
    /// A minimal RFC 4180 reader, enough to check what the renderer wrote.
    private func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(ch)
                }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                row.append(field)
                field = ""
            } else if ch == "\r\n" || ch == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(ch)
            }
        }
        return rows
    }

    @Test func oneRowPerThemeWithQuotedFieldsReadingBackExactly() throws {
        let report = try ReportSamples.mixed()
        let rows = parse(try report.rendered(as: .csv))
        #expect(rows.count == 1 + report.themes.count)
        let header = try #require(rows.first)
        #expect(header.prefix(6) == ["id", "name", "flags", "severity", "complaints", "customers"])
        #expect(rows.allSatisfy { $0.count == header.count })
        let first = rows[1]
        #expect(first[0] == "1")
        #expect(first[1] == ReportSamples.hostileName)
        #expect(first[2] == "repeated;escalated")
        #expect(first[header.firstIndex(of: "repeated_by") ?? 0] == ReportSamples.hostileCustomer)
        #expect(first[header.firstIndex(of: "trend") ?? 0] == "0 0 0 0 1 0 2")
    }

    @Test func quotesAreDoubledAndFormulasDefused() {
        #expect(ReportEscaping.csvText(#"say "hi", then go"#) == #""say ""hi"", then go""#)
        #expect(ReportEscaping.csvText("=HYPERLINK(\"x\")") == #""'=HYPERLINK(""x"")""#)
        #expect(ReportEscaping.csvText("@sum") == "'@sum")
        #expect(ReportEscaping.csvText("line\nbreak") == "\"line\nbreak\"")
        #expect(ReportEscaping.csvText("plain") == "plain")
    }
}

@Suite("text and markdown reports")
struct TextReportTests {
    @Test func sectionsFollowFlagSeverityAndEachThemeIsDetailedOnce() throws {
        let text = try ReportSamples.mixed().rendered(as: .text)
        let order = ["ESCALATED", "REPEATED", "RISING", "WIDESPREAD", "OTHER THEMES"].map { heading in
            text.range(of: "\n" + heading)?.lowerBound
        }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        #expect(text.components(separatedBy: "▌ charged twice").count - 1 == 1)
        #expect(text.contains("rapport timeline twitter:customer2"))
    }

    @Test func linesStayWithinTheWidthAndQuotesWrap() throws {
        var s = try FlawScenario()
        let long = String(repeating: "the refund never came and nobody answers ", count: 5)
        s.complaint(profile: 1, at: FlawScenario.at(day: -1))
        s.complaint(profile: 1, at: FlawScenario.at(day: 0.5), body: long)
        let text = try s.report().rendered(as: .text, width: 72)
        let quoteLines = text.split(separator: "\n").filter { $0.contains("refund never came") }
        #expect(quoteLines.count >= 2)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 72 })
        #expect(text.contains("▁▁▁▁▁█▇") || text.contains("▁▁▁▁▁██"))
    }

    @Test func terminalControlSequencesNeverReachTheOutput() throws {
        var s = try FlawScenario()
        s.names[1] = "refund\u{1B}[2J late"
        s.complaint(profile: 1, at: FlawScenario.at(day: -1), body: "x")
        s.complaint(profile: 1, at: FlawScenario.at(day: 0.5), customer: "twitter:a\u{7}b", body: "red\u{1B}[31m alert\u{202E}")
        let text = try s.report().rendered(as: .text)
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" || $0 == "\u{202E}" })
        #expect(text.contains("refund [2J late"))
    }

    @Test func anEmptyReportSaysNoThemeWasListed() throws {
        var s = try FlawScenario()
        s.complaint(profile: 1, at: FlawScenario.at(day: 0.5))
        let text = try s.report().rendered(as: .text)
        #expect(text.contains("No theme had enough complaints to list."))
        #expect(text.contains("No customer messages in the period."))
    }

    @Test func markdownShowsCustomerTextLiterally() throws {
        let markdown = try ReportSamples.mixed().rendered(as: .markdown)
        #expect(!markdown.contains("[click](http"))
        #expect(markdown.contains(#"\[click\]\(http://evil.example\) \*\*now\*\* \| done"#))
        #expect(markdown.contains(#"\<script\>alert"#))
        // Outside code spans (which CommonMark shows literally) every "<" is escaped, so no raw HTML
        // reaches a markdown viewer.
        let prose = markdown.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 0 }.map(\.element).joined(separator: " ")
        let scalars = Array(prose.unicodeScalars)
        #expect(scalars.indices.allSatisfy { scalars[$0] != "<" || ($0 > 0 && scalars[$0 - 1] == "\\") })
        #expect(markdown.contains("`rapport timeline twitter:customer2`"))
    }
}
