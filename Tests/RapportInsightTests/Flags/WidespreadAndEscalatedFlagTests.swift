import Foundation
import RapportCore
import RapportInsight
import Testing

@Suite("widespread flag")
struct WidespreadFlagTests {
    @Test func oneCustomerShortOfTheThresholdDoesNotFlag() throws {
        var s = try FlawScenario()
        for profile in 1...4 { s.complaint(profile: Int64(profile), at: FlawScenario.at(day: 0, hours: Double(profile))) }
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.customers == 4)
        #expect(!theme.flags.contains(.widespread))
    }

    @Test func exactlyTheThresholdFlags() throws {
        var s = try FlawScenario()
        for profile in 1...5 { s.complaint(profile: Int64(profile), at: FlawScenario.at(day: 0, hours: Double(profile))) }
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.customers == 5)
        #expect(theme.flags.contains(.widespread))
    }

    @Test func countsDistinctCustomersNotComplaints() throws {
        var s = try FlawScenario()
        for profile in 1...4 { s.complaint(profile: Int64(profile), at: FlawScenario.at(day: 0, hours: Double(profile))) }
        s.complaint(profile: 1, at: FlawScenario.at(day: 0, hours: 20))
        s.complaint(profile: 2, channel: .email, at: FlawScenario.at(day: 0, hours: 21))
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.complaints == 6)
        #expect(theme.customers == 4)
        #expect(!theme.flags.contains(.widespread))
    }

    @Test func customersBeforeThePeriodDoNotCount() throws {
        var s = try FlawScenario()
        for profile in 1...4 { s.complaint(profile: Int64(profile), at: FlawScenario.at(day: 0, hours: Double(profile))) }
        s.complaint(profile: 99, at: FlawScenario.at(day: -1))
        #expect(!(try #require(s.theme(1, in: s.report()))).flags.contains(.widespread))
    }
}

@Suite("escalated flag")
struct EscalatedFlagTests {
    @Test func privateThenPublicEscalates() throws {
        var s = try FlawScenario()
        s.complaint(profile: 12, channel: .email, at: FlawScenario.at(day: -5))
        s.complaint(profile: 12, channel: .twitter, at: FlawScenario.at(day: 0.5))
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.flags.contains(.escalated))
        #expect(theme.escalatedBy == ["twitter:customer12"])
    }

    @Test func publicThenPrivateDoesNotEscalate() throws {
        var s = try FlawScenario()
        s.complaint(profile: 12, channel: .twitter, at: FlawScenario.at(day: -5))
        s.complaint(profile: 12, channel: .email, at: FlawScenario.at(day: 0.5))
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(!theme.flags.contains(.escalated))
        #expect(theme.escalatedBy.isEmpty)
    }

    @Test func visibilityNotChannelDecides() throws {
        // A Twitter DM is private; the public tweet after it is the escalation.
        var s = try FlawScenario()
        s.complaint(profile: 13, channel: .twitter, visibility: .private, at: FlawScenario.at(day: 0, hours: 2))
        s.complaint(profile: 13, channel: .twitter, visibility: .public, at: FlawScenario.at(day: 0, hours: 8))
        #expect(try #require(s.theme(1, in: s.report())).flags.contains(.escalated))
    }

    @Test func privateComplaintOutsideTheWindowDoesNotEscalate() throws {
        var s = try FlawScenario()
        s.complaint(profile: 14, channel: .phone, at: FlawScenario.at(day: -13.5).addingTimeInterval(-1))
        s.complaint(profile: 14, channel: .facebook, at: FlawScenario.at(day: 0.5))
        s.complaint(profile: 15, at: FlawScenario.at(day: 0.6))
        #expect(!(try #require(s.theme(1, in: s.report()))).flags.contains(.escalated))

        var edge = try FlawScenario()
        edge.complaint(profile: 14, channel: .phone, at: FlawScenario.at(day: -13.5))
        edge.complaint(profile: 14, channel: .facebook, at: FlawScenario.at(day: 0.5))
        #expect(try #require(edge.theme(1, in: edge.report())).flags.contains(.escalated))
    }

    @Test func escalationOnAnotherThemeDoesNotCount() throws {
        var s = try FlawScenario()
        s.complaint(profile: 16, theme: 2, channel: .email, at: FlawScenario.at(day: -1))
        s.complaint(profile: 16, theme: 1, channel: .twitter, at: FlawScenario.at(day: 0.5))
        s.complaint(profile: 17, theme: 1, at: FlawScenario.at(day: 0.6))
        #expect(s.report().themes.allSatisfy { !$0.flags.contains(.escalated) })
    }

    @Test func simultaneousPrivateAndPublicAreNotAnEscalation() throws {
        var s = try FlawScenario()
        let t = FlawScenario.at(day: 0, hours: 10)
        s.complaint(profile: 18, channel: .email, at: t)
        s.complaint(profile: 18, channel: .twitter, at: t)
        #expect(!(try #require(s.theme(1, in: s.report()))).flags.contains(.escalated))
    }

    @Test func publicComplaintBeforeThePeriodIsNotThisPeriodsEscalation() throws {
        var s = try FlawScenario()
        s.complaint(profile: 19, channel: .email, at: FlawScenario.at(day: -3))
        s.complaint(profile: 19, channel: .twitter, at: FlawScenario.at(day: -2))
        s.complaint(profile: 19, channel: .email, at: FlawScenario.at(day: 0.5))
        s.complaint(profile: 20, at: FlawScenario.at(day: 0.6))
        #expect(!(try #require(s.theme(1, in: s.report()))).flags.contains(.escalated))
    }

    @Test func summaryCountsEscalatedCustomersAndFlaggedThemes() throws {
        var s = try FlawScenario()
        for profile in [30, 31] as [Int64] {
            s.complaint(profile: profile, channel: .email, at: FlawScenario.at(day: -1))
            s.complaint(profile: profile, channel: .twitter, at: FlawScenario.at(day: 0.5))
        }
        s.complaint(profile: 32, theme: 2, at: FlawScenario.at(day: 0.5))
        s.complaint(profile: 33, theme: 2, at: FlawScenario.at(day: 0.6))
        let report = s.report()
        #expect(report.summary.escalatedCustomers == 2)
        #expect(report.summary.flagged.escalated == 1)
        #expect(report.summary.flagged.repeated == 1)
        #expect(report.summary.flaggedThemes == 1)
        #expect(report.summary.activeThemes == 2)
        #expect(report.summary.complaints == 4)
        #expect(report.summary.customers == 4)
    }
}
