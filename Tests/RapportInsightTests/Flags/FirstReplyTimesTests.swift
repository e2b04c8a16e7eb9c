import Foundation
import RapportCore
import RapportInsight
import Testing

@Suite("first-reply times")
struct FirstReplyTimesTests {
    private let period: FlawPeriod
    private var asOf: Date { period.to }

    init() throws {
        period = try FlawPeriod(lasting: 86_400, endingAt: FlawScenario.at(day: 1))
    }

    /// A message received `hoursBeforeEnd` before the period's end and answered after `seconds`.
    private func timing(_ channel: Channel, hoursBeforeEnd: Double, repliedAfter seconds: Double?) -> ReplyTiming {
        let received = period.to.addingTimeInterval(-hoursBeforeEnd * 3600)
        return ReplyTiming(channel: channel, receivedAt: received, firstReplyAt: seconds.map { received.addingTimeInterval($0) })
    }

    private func rows(_ timings: [ReplyTiming]) -> [ChannelReplyTimes] {
        ChannelReplyTimes.compute(timings, period: period, asOf: asOf, targetSeconds: 3600)
    }

    @Test func allAnsweredGivesTheUsualQuantiles() throws {
        let timings = [60.0, 120, 180, 240, 7200].map { timing(.twitter, hoursBeforeEnd: 20, repliedAfter: $0) }
        let row = try #require(rows(timings).first)
        #expect(row.channel == .twitter)
        #expect(row.messages == 5)
        #expect(row.medianSeconds == 180)
        #expect(row.p90Seconds == 7200)
        #expect(row.withinTargetShare == 0.8)
    }

    @Test func unansweredMessagesCountAgainstTheShareAndTheMedian() throws {
        var timings = [60.0, 120, 180, 240].map { timing(.facebook, hoursBeforeEnd: 20, repliedAfter: $0) }
        timings += (0..<6).map { _ in timing(.facebook, hoursBeforeEnd: 20, repliedAfter: nil) }
        let row = try #require(rows(timings).first)
        #expect(row.answered == 4)
        #expect(row.unanswered == 6)
        #expect(row.withinTargetShare == 0.4)
        #expect(row.medianSeconds == nil)  // most were never answered: no median exists
        #expect(row.p90Seconds == nil)
    }

    @Test func aStillOpenMessageIsCensoredNotDroppedOrCountedAsLate() throws {
        // Answered after 100 s and 300 s; a third, received 200 s before the report, is still open.
        let timings = [
            timing(.webchat, hoursBeforeEnd: 5, repliedAfter: 100),
            timing(.webchat, hoursBeforeEnd: 5, repliedAfter: 300),
            timing(.webchat, hoursBeforeEnd: 200.0 / 3600, repliedAfter: nil),
        ]
        let row = try #require(rows(timings).first)
        // Kaplan–Meier: S(100) = 2/3; the open message leaves the risk set at 200 s; S(300) = 0.
        #expect(row.medianSeconds == 300)
        #expect(row.pending == 1)
        #expect(row.withinTargetShare == 1)  // the open one is too young to judge
    }

    @Test func aReplyAfterAsOfCountsAsNotYetGiven() throws {
        let late = timing(.email, hoursBeforeEnd: 2, repliedAfter: 3 * 3600)  // replied an hour after the end
        let row = try #require(rows([late]).first)
        #expect(row.answered == 0)
        #expect(row.unanswered == 1)
        #expect(row.withinTargetShare == 0)
    }

    @Test func messagesOutsideThePeriodAreIgnoredAndAllChannelsComeLast() throws {
        let timings = [
            timing(.email, hoursBeforeEnd: 3, repliedAfter: 600),
            timing(.twitter, hoursBeforeEnd: 3, repliedAfter: 60),
            timing(.twitter, hoursBeforeEnd: 30, repliedAfter: 60),  // received before the period
        ]
        let result = rows(timings)
        #expect(result.map(\.channel) == [.twitter, .email, nil])
        #expect(result.map(\.messages) == [1, 1, 2])
        #expect(result.last?.medianSeconds == 60)
    }

    @Test func noMessagesGiveNoRows() {
        #expect(rows([]).isEmpty)
    }

    @Test func encodesEveryKeyWithNullsForMissingEstimates() throws {
        let row = ChannelReplyTimes(
            channel: nil, messages: 1, answered: 0, unanswered: 1, answeredWithinTarget: 0, pending: 1,
            medianSeconds: nil, p90Seconds: nil, withinTargetShare: nil
        )
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(row)) as? [String: Any]
        )
        #expect(object["channel"] as? String == "all")
        #expect(object["median_seconds"] is NSNull)
        #expect(object["within_target_share"] is NSNull)
        #expect(try JSONDecoder().decode(ChannelReplyTimes.self, from: JSONEncoder().encode(row)) == row)
    }
}

@Suite("flaw settings")
struct FlawSettingsTests {
    @Test func documentedDefaults() {
        let d = FlawSettings()
        #expect(d.repeatWindowDays == 14)
        #expect(d.widespreadMinCustomers == 5)
        #expect(d.risingBaselineDays == 28)
        #expect(d.risingSignificance == 0.01)
        #expect(d.escalationWindowDays == 14)
        #expect(d.quotesPerTheme == 3)
    }

    @Test func aPartialSettingsFileKeepsTheOtherDefaults() throws {
        let json = #"{"repeat_window_days": 7, "widespread_min_customers": 10}"#
        let settings = try JSONDecoder().decode(FlawSettings.self, from: Data(json.utf8))
        #expect(settings.repeatWindowDays == 7)
        #expect(settings.widespreadMinCustomers == 10)
        #expect(settings.risingBaselineDays == 28)
    }

    @Test func anUnknownSettingIsAnError() {
        let json = #"{"repeat_windw_days": 7}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FlawSettings.self, from: Data(json.utf8)) }
    }

    @Test func settingsRoundTripWithSnakeCaseKeys() throws {
        var settings = FlawSettings()
        settings.risingMinRatio = 3
        let data = try JSONEncoder().encode(settings)
        #expect(String(decoding: data, as: UTF8.self).contains("\"rising_min_ratio\""))
        #expect(try JSONDecoder().decode(FlawSettings.self, from: data) == settings)
    }

    @Test func validateNamesTheBadSetting() {
        var settings = FlawSettings()
        settings.risingSignificance = 1.5
        #expect(throws: FlawSettings.Invalid.self) { try settings.validate() }
        #expect((try? FlawSettings().validate()) != nil)
    }

    @Test func lookbackCoversTheLongestWindow() throws {
        let period = try FlawPeriod(lasting: 86_400, endingAt: FlawScenario.at(day: 1))
        let settings = FlawSettings()
        #expect(settings.lookbackStart(for: period) == FlawScenario.at(day: -28))
        #expect(settings.profileLookbackStart(for: period) == FlawScenario.at(day: -14))
        #expect(settings.priorCountDays(for: period) == 28)
        #expect(settings.trendContextDays(for: period) == 6)
    }

    @Test func durationsParseForSince() throws {
        #expect(try FlawPeriod.parseDuration("24h") == 86_400)
        #expect(try FlawPeriod.parseDuration("7d") == 7 * 86_400)
        #expect(try FlawPeriod.parseDuration("90m") == 5_400)
        #expect(throws: FlawPeriod.Invalid.self) { try FlawPeriod.parseDuration("soon") }
        #expect(throws: FlawPeriod.Invalid.self) { try FlawPeriod(from: FlawScenario.periodStart, to: FlawScenario.periodStart) }
    }
}
