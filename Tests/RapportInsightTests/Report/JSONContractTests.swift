import Foundation
import RapportCore
import RapportInsight
import Testing

@Suite("--format json contract")
struct JSONContractTests {
    @Test func topLevelIsPeriodSummaryThemesAndTheDocumentedExtras() throws {
        let report = try ReportSamples.mixed()
        let object = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        #expect(Set(object.keys) == ["period", "summary", "themes", "first_reply", "settings"])
        let period = try #require(object["period"] as? [String: Any])
        #expect(Set(period.keys) == ["from", "to", "days", "as_of", "generated_at"])
        #expect(period["from"] as? String == "2024-03-10T00:00:00Z")
        #expect(period["to"] as? String == "2024-03-11T00:00:00Z")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(
            Set(summary.keys) == [
                "complaints", "customers", "active_themes", "listed_themes", "flagged_themes", "flagged",
                "repeat_complaints", "escalated_customers",
            ]
        )
        let flagged = try #require(summary["flagged"] as? [String: Int])
        #expect(Set(flagged.keys) == ["repeated", "widespread", "rising", "escalated"])
    }

    @Test func everyThemeHasTheContractKeysWithTheirTypes() throws {
        let themes = try ReportSamples.jsonThemes(try ReportSamples.mixed())
        #expect(themes.count == 3)
        for theme in themes {
            #expect(theme["id"] is Int)
            #expect(theme["name"] is String)
            #expect(theme["complaints"] is Int)
            #expect(theme["customers"] is Int)
            let flags = try #require(theme["flags"] as? [String])
            #expect(Set(flags).isSubset(of: ["repeated", "widespread", "rising", "escalated"]))
            #expect(theme["repeated_by"] is [String])
            #expect(
                Set(theme.keys) == [
                    "id", "name", "flags", "severity", "complaints", "customers", "repeat_count", "repeated_by",
                    "escalated_by", "channels", "first_seen", "last_seen", "trend", "rising", "quotes",
                ]
            )
            for key in ["first_seen", "last_seen"] {
                #expect(ISO8601Date.parse(try #require(theme[key] as? String)) != nil)
            }
        }
    }

    @Test func nestedObjectsUseSnakeCaseKeys() throws {
        let theme = try #require(try ReportSamples.jsonThemes(try ReportSamples.mixed()).first)
        let quote = try #require((theme["quotes"] as? [[String: Any]])?.first)
        #expect(
            Set(quote.keys) == [
                "interaction_id", "customer", "channel", "visibility", "occurred_at", "text", "sentiment",
                "timeline_command",
            ]
        )
        let day = try #require((theme["trend"] as? [[String: Any]])?.first)
        #expect(Set(day.keys) == ["day", "complaints", "in_period"])
        let rising = try #require(theme["rising"] as? [String: Any])
        #expect(
            Set(rising.keys) == [
                "period_complaints", "period_days", "baseline_complaints", "baseline_days", "p_value", "rises",
                "period_per_day", "baseline_per_day",
            ]
        )
        let channel = try #require((theme["channels"] as? [[String: Any]])?.first)
        #expect(Set(channel.keys) == ["channel", "complaints", "customers"])
    }

    @Test func themesAreSortedBySeverityAndNameTheirRepeaters() throws {
        let themes = try ReportSamples.jsonThemes(try ReportSamples.mixed())
        #expect(themes.map { $0["id"] as? Int } == [1, 2, 3])
        #expect(themes[0]["flags"] as? [String] == ["repeated", "escalated"])
        #expect(themes[0]["severity"] as? Int == 12)
        #expect(themes[0]["repeated_by"] as? [String] == [ReportSamples.hostileCustomer])
        #expect(themes[0]["escalated_by"] as? [String] == [ReportSamples.hostileCustomer])
        #expect(themes[1]["flags"] as? [String] == ["repeated", "widespread", "rising"])
        #expect((themes[1]["repeated_by"] as? [String])?.count == 6)
        #expect(themes[2]["flags"] as? [String] == [])
        #expect(themes[2]["repeated_by"] as? [String] == [])
    }

    @Test func aStoredReportDecodesToTheSameReport() throws {
        let report = try ReportSamples.mixed()
        let again = try FlawReport(jsonData: report.jsonData())
        #expect(again == report)
        #expect(try again.rendered(as: .text) == report.rendered(as: .text))
    }

    @Test func datesStayTextWithAPlainEncoder() throws {
        let report = try ReportSamples.mixed()
        let plain = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: plain) as? [String: Any])
        #expect((object["period"] as? [String: Any])?["from"] as? String == "2024-03-10T00:00:00Z")
    }
}
