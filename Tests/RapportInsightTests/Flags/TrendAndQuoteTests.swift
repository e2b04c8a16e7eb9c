import Foundation
import RapportCore
import RapportInsight
import Testing

@Suite("daily trend")
struct TrendTests {
    @Test func aOneDayPeriodShowsSixContextDaysBeforeIt() throws {
        var s = try FlawScenario()
        s.complaint(profile: 1, at: FlawScenario.at(day: -6, hours: 1))
        s.complaint(profile: 2, at: FlawScenario.at(day: -1, hours: 23))
        s.complaint(profile: 3, at: FlawScenario.at(day: 0))  // the first instant of the period
        s.complaint(profile: 4, at: FlawScenario.at(day: 0, hours: 23.99))
        s.complaint(profile: 5, at: FlawScenario.at(day: 1))  // the period's end is excluded
        s.complaint(profile: 6, at: FlawScenario.at(day: -7))  // before the trend
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.trend.map(\.complaints) == [1, 0, 0, 0, 0, 1, 2])
        #expect(theme.trend.map(\.inPeriod) == [false, false, false, false, false, false, true])
        #expect(theme.trend.first?.day == FlawScenario.at(day: -6))
        #expect(theme.complaints == 2)
        #expect(theme.firstSeen == FlawScenario.at(day: 0))
        #expect(theme.lastSeen == FlawScenario.at(day: 0, hours: 23.99))
    }

    @Test func aLongPeriodIsAllPeriodDays() throws {
        var s = try FlawScenario(days: 10)
        for day in 0..<10 {
            for k in 0..<day { s.complaint(profile: Int64(100 * day + k), at: FlawScenario.at(day: Double(day), hours: 1)) }
        }
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.trend.map(\.complaints) == Array(0..<10))
        #expect(theme.trend.allSatisfy { $0.inPeriod })
    }

    @Test func aPartialLastDayIsItsOwnSlice() throws {
        var s = try FlawScenario(days: 1.5)
        s.complaint(profile: 1, at: FlawScenario.at(day: 1, hours: 6))
        s.complaint(profile: 2, at: FlawScenario.at(day: 0, hours: 6))
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.trend.count == 7)
        #expect(theme.trend.suffix(2).map(\.complaints) == [1, 1])
        #expect(theme.trend.filter(\.inPeriod).count == 2)
    }

    @Test func channelsCountComplaintsAndCustomers() throws {
        var s = try FlawScenario()
        s.complaint(profile: 1, channel: .twitter, at: FlawScenario.at(day: 0, hours: 1))
        s.complaint(profile: 1, channel: .twitter, at: FlawScenario.at(day: 0, hours: 5))
        s.complaint(profile: 2, channel: .twitter, at: FlawScenario.at(day: 0, hours: 6))
        s.complaint(profile: 2, channel: .email, at: FlawScenario.at(day: 0, hours: 7))
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(
            theme.channels == [
                ChannelCount(channel: .twitter, complaints: 3, customers: 2),
                ChannelCount(channel: .email, complaints: 1, customers: 1),
            ]
        )
    }

    @Test func aThemeWithTooFewComplaintsAndNoFlagIsLeftOut() throws {
        var s = try FlawScenario()
        s.complaint(profile: 1, theme: 3, at: FlawScenario.at(day: 0.5))
        let report = s.report()
        #expect(report.themes.isEmpty)
        #expect(report.summary.activeThemes == 1)
        #expect(report.summary.listedThemes == 0)
    }
}

@Suite("representative quotes")
struct QuoteTests {
    @Test func quotesComeFromDistinctCustomersFirst() throws {
        var s = try FlawScenario()
        for hours in 1...5 { s.complaint(profile: 1, at: FlawScenario.at(day: 0, hours: Double(hours))) }
        s.complaint(profile: 2, at: FlawScenario.at(day: 0, hours: 8))
        s.complaint(profile: 3, at: FlawScenario.at(day: 0, hours: 9))
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(Set(theme.quotes.map(\.customer)) == ["twitter:customer1", "twitter:customer2", "twitter:customer3"])
    }

    @Test func typicalComplaintsBeatOutliers() throws {
        var s = try FlawScenario()
        let typical = "my refund has not arrived after two weeks"
        for profile in 1...4 {
            s.complaint(profile: Int64(profile), at: FlawScenario.at(day: 0, hours: Double(profile)), body: typical, sentiment: -0.6)
        }
        s.complaint(
            profile: 5, at: FlawScenario.at(day: 0, hours: 10),
            body: String(repeating: "this is an extremely long rant about everything ", count: 20), sentiment: -0.6
        )
        s.complaint(profile: 6, at: FlawScenario.at(day: 0, hours: 11), body: typical, sentiment: 0.9)
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.quotes.count == 3)
        #expect(!theme.quotes.map(\.customer).contains("twitter:customer5"))
        #expect(!theme.quotes.map(\.customer).contains("twitter:customer6"))
        // Ties go to the most recent.
        #expect(theme.quotes.map(\.customer) == ["twitter:customer4", "twitter:customer3", "twitter:customer2"])
    }

    @Test func aSingleCustomerCanFillTheQuotes() throws {
        var s = try FlawScenario()
        for hours in 1...4 { s.complaint(profile: 1, at: FlawScenario.at(day: 0, hours: Double(hours))) }
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.quotes.count == 3)
        #expect(Set(theme.quotes.map(\.interactionID)).count == 3)
    }

    @Test func quotesCarryTheTimelineCommandShellQuotedWhenNeeded() throws {
        var s = try FlawScenario()
        s.complaint(profile: 1, at: FlawScenario.at(day: 0, hours: 1), customer: "twitter:jane_doe")
        s.complaint(profile: 2, at: FlawScenario.at(day: 0, hours: 2), customer: "crm:acme:it's 42")
        let theme = try #require(s.theme(1, in: s.report()))
        let commands = Dictionary(uniqueKeysWithValues: theme.quotes.map { ($0.customer, $0.timelineCommand) })
        #expect(commands["twitter:jane_doe"] == "rapport timeline twitter:jane_doe")
        #expect(commands["crm:acme:it's 42"] == #"rapport timeline 'crm:acme:it'\''s 42'"#)
    }

    @Test func longBodiesAreCutAtAWordAndLineBreaksFlattened() throws {
        var s = try FlawScenario()
        s.settings.quotesPerTheme = 1
        let body = "first line\nsecond\tline " + String(repeating: "word ", count: 200)
        s.complaint(profile: 1, at: FlawScenario.at(day: 0, hours: 1), body: body)
        s.complaint(profile: 2, at: FlawScenario.at(day: 0, hours: 2), body: body)
        let quote = try #require(s.theme(1, in: s.report())?.quotes.first)
        #expect(quote.text.count <= 280)
        #expect(quote.text.hasPrefix("first line second line word"))
        #expect(quote.text.hasSuffix("word…"))
    }

    @Test func emptyBodiesAreNeverQuoted() throws {
        var s = try FlawScenario()
        s.complaint(profile: 1, at: FlawScenario.at(day: 0, hours: 1), body: "")
        s.complaint(profile: 2, at: FlawScenario.at(day: 0, hours: 2), body: "it broke again")
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.quotes.map(\.text) == ["it broke again"])
    }
}
