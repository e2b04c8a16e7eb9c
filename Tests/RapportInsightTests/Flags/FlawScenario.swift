import Foundation
import RapportCore
import RapportInsight

/// Builds complaint events relative to a one-day period starting 2024-03-10T00:00Z, so each test
/// states its timeline in days and hours.
struct FlawScenario {
    static let periodStart = Date(timeIntervalSince1970: 1_710_028_800)  // 2024-03-10T00:00:00Z
    static let day: TimeInterval = 86_400

    var period: FlawPeriod
    var settings = FlawSettings()
    var events: [ComplaintEvent] = []
    var replies: [ReplyTiming] = []
    var names: [Int64: String] = [1: "refund not received", 2: "charged twice", 3: "logged out after update"]
    private var nextID: Int64 = 1

    init(days: Double = 1) throws {
        period = try FlawPeriod(from: Self.periodStart, to: Self.periodStart.addingTimeInterval(days * Self.day))
    }

    /// The instant `day` days (and `hours` hours) after the period's start; negative is before it.
    static func at(day: Double, hours: Double = 0) -> Date {
        periodStart.addingTimeInterval(day * Self.day + hours * 3600)
    }

    /// Adds a complaint by `profile` about `theme`; the identifier defaults to the profile's handle
    /// on that channel, and visibility to the channel's default.
    @discardableResult
    mutating func complaint(
        profile: Int64, theme: Int64 = 1, channel: Channel = .twitter, visibility: Visibility? = nil, at date: Date,
        customer: String? = nil, body: String = "my refund still has not arrived", sentiment: Double = -0.6
    ) -> ComplaintEvent {
        let event = ComplaintEvent(
            interactionID: nextID, profileID: profile,
            customer: customer ?? "\(channel == .email ? "email" : "twitter"):customer\(profile)\(channel == .email ? "@example.com" : "")",
            themeID: theme, channel: channel, visibility: visibility ?? channel.defaultVisibility, occurredAt: date,
            body: body, sentiment: sentiment
        )
        nextID += 1
        events.append(event)
        return event
    }

    func report(priorCounts: [ThemeDayCount]? = nil) -> FlawReport {
        FlawAnalysis(settings: settings).report(
            complaints: events, themeNames: names, replies: replies, period: period, priorCounts: priorCounts,
            asOf: period.to, generatedAt: period.to
        )
    }

    func theme(_ id: Int64, in report: FlawReport) -> FlawTheme? {
        report.themes.first { $0.id == id }
    }
}
