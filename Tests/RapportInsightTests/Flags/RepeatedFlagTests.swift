import Foundation
import RapportCore
import RapportInsight
import Testing

@Suite("repeated flag")
struct RepeatedFlagTests {
    @Test func repeatExactlyAtTheWindowEdgeFlags() throws {
        var s = try FlawScenario()
        s.complaint(profile: 7, at: FlawScenario.at(day: -13.5))
        s.complaint(profile: 7, at: FlawScenario.at(day: 0.5))  // exactly 14 days later
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.flags.contains(.repeated))
        #expect(theme.repeatedBy == ["twitter:customer7"])
        #expect(theme.repeatCount == 1)
    }

    @Test func repeatOneSecondOutsideTheWindowDoesNotFlag() throws {
        var s = try FlawScenario()
        s.complaint(profile: 7, at: FlawScenario.at(day: -13.5).addingTimeInterval(-1))
        s.complaint(profile: 7, at: FlawScenario.at(day: 0.5))
        s.complaint(profile: 8, at: FlawScenario.at(day: 0.6))  // keeps the theme listed
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(!theme.flags.contains(.repeated))
        #expect(theme.repeatedBy.isEmpty)
        #expect(theme.repeatCount == 0)
    }

    @Test func repeatAcrossChannelsCountsAndNamesTheLatestIdentifier() throws {
        var s = try FlawScenario()
        s.complaint(profile: 3, channel: .email, at: FlawScenario.at(day: -4))
        s.complaint(profile: 3, channel: .twitter, at: FlawScenario.at(day: 0.25))
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.flags.contains(.repeated))
        #expect(theme.repeatedBy == ["twitter:customer3"])
    }

    @Test func twoComplaintsBeforeThePeriodDoNotRepeatInIt() throws {
        var s = try FlawScenario()
        s.complaint(profile: 1, at: FlawScenario.at(day: -3))
        s.complaint(profile: 1, at: FlawScenario.at(day: -2))
        s.complaint(profile: 2, at: FlawScenario.at(day: 0.1))
        s.complaint(profile: 4, at: FlawScenario.at(day: 0.2))
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(!theme.flags.contains(.repeated))
        #expect(theme.complaints == 2)
    }

    @Test func aBurstWithinTheMinimumGapIsOneContact() throws {
        var s = try FlawScenario()
        s.complaint(profile: 5, at: FlawScenario.at(day: 0, hours: 9))
        s.complaint(profile: 5, at: FlawScenario.at(day: 0, hours: 9.1))  // six minutes later
        let burst = try #require(s.theme(1, in: s.report()))
        #expect(!burst.flags.contains(.repeated))

        s.complaint(profile: 5, at: FlawScenario.at(day: 0, hours: 12))  // came back three hours later
        let back = try #require(s.theme(1, in: s.report()))
        #expect(back.flags.contains(.repeated))
        #expect(back.repeatCount == 1)
    }

    @Test func theSameCustomerOnDifferentThemesIsNotARepeat() throws {
        var s = try FlawScenario()
        s.complaint(profile: 9, theme: 1, at: FlawScenario.at(day: -1))
        s.complaint(profile: 9, theme: 2, at: FlawScenario.at(day: 0.5))
        s.complaint(profile: 10, theme: 2, at: FlawScenario.at(day: 0.6))
        let report = s.report()
        #expect(report.themes.allSatisfy { !$0.flags.contains(.repeated) })
    }

    @Test func repeatedByListsEachRepeaterOnceMostComplaintsFirst() throws {
        var s = try FlawScenario()
        for hours in [1.0, 5, 9] { s.complaint(profile: 20, at: FlawScenario.at(day: 0, hours: hours)) }
        s.complaint(profile: 21, at: FlawScenario.at(day: -2))
        s.complaint(profile: 21, at: FlawScenario.at(day: 0, hours: 3))
        s.complaint(profile: 22, at: FlawScenario.at(day: 0, hours: 4))
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.repeatedBy == ["twitter:customer20", "twitter:customer21"])
        #expect(theme.repeatCount == 3)  // two by customer 20, one by customer 21
        #expect(theme.customers == 3)
        #expect(theme.complaints == 5)
    }

    @Test func repeatedMinCustomersRaisesTheBar() throws {
        var s = try FlawScenario()
        s.settings.repeatedMinCustomers = 2
        s.complaint(profile: 1, at: FlawScenario.at(day: -1))
        s.complaint(profile: 1, at: FlawScenario.at(day: 0.5))
        s.complaint(profile: 3, at: FlawScenario.at(day: 0.6))
        let one = try #require(s.theme(1, in: s.report()))
        #expect(!one.flags.contains(.repeated))
        #expect(one.repeatedBy == ["twitter:customer1"])  // still listed, just not flagged

        s.complaint(profile: 2, at: FlawScenario.at(day: -1))
        s.complaint(profile: 2, at: FlawScenario.at(day: 0.5))
        #expect(try #require(s.theme(1, in: s.report())).flags.contains(.repeated))
    }

    @Test func mergedIdentitiesCountAsOneCustomer() throws {
        // The store resolves merged identities to the live profile: two identifiers, one profile.
        var s = try FlawScenario()
        s.complaint(profile: 40, channel: .email, at: FlawScenario.at(day: -6), customer: "email:jane@example.com")
        s.complaint(profile: 40, channel: .twitter, at: FlawScenario.at(day: 0.5), customer: "twitter:janedoe")
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.repeatedBy == ["twitter:janedoe"])
        #expect(theme.customers == 1)
    }
}
