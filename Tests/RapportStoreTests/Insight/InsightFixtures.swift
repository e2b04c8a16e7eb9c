import Foundation
import PostgresNIO
import RapportCore
import RapportInsight

@testable import RapportStore

/// Customer messages written for the insight store tests: four operational problems, each in several
/// phrasings per night, plus messages that are not complaints.
enum InsightFixtures {
    /// Midnight UTC, 2025-11-10.
    static let day0 = Date(timeIntervalSince1970: 1_762_732_800)

    static func at(day: Double, hour: Double = 10) -> Date {
        day0.addingTimeInterval(day * 86_400 + hour * 3600)
    }

    /// Complaints of the first night, per problem.
    static let firstNight: [String: [String]] = [
        "refund": [
            "I still have not received my refund for the returned jacket",
            "where is my refund? returned the parcel three weeks ago and still no refund received",
            "refund not received yet, this is ridiculous",
            "my refund never arrived, still waiting",
            "still no refund received after returning my order",
            "you promised a refund and I have not received it",
        ],
        "charged": [
            "you charged me twice for the same order",
            "I was charged twice on my card for one purchase",
            "double charge again, charged twice for a single order",
            "why have I been charged twice this month",
            "charged twice for my order and nobody fixes it",
            "my card got charged twice, please refund the duplicate",
        ],
        "logout": [
            "the app logs me out after every update",
            "after the latest app update I keep getting logged out",
            "logged out of the app again after updating it",
            "every app update logs me out and I can't log back in",
            "your app update logged me out again, so annoying",
            "since the update the app keeps logging me out",
        ],
        "delivery": [
            "my parcel says delivered but it never arrived",
            "tracking shows delivered but no parcel at my door",
            "parcel marked as delivered, nothing arrived",
            "the courier marked my parcel delivered and it is not here",
            "delivered according to tracking but my parcel never came",
            "says delivered yet the parcel never arrived, awful",
        ],
    ]

    /// Complaints of the second night: the same problems, new words around them.
    static let secondNight: [String: [String]] = [
        "refund": [
            "still have not received my refund, it has been a month",
            "refund still not received, what is going on",
            "no sign of my refund, I returned it weeks ago",
        ],
        "charged": [
            "charged twice again for one order, fix this",
            "I have been charged twice for the same order today",
            "double charged on my card, charged twice for one purchase",
        ],
        "logout": [
            "another app update and I am logged out again",
            "the app logged me out after the update this morning",
            "updated the app and it logs me out constantly",
        ],
        "delivery": [
            "tracking says delivered but my parcel never arrived",
            "parcel marked delivered, never came, again",
            "app says my parcel was delivered, it was not",
        ],
    ]

    /// Inbound messages that are not complaints.
    static let others = [
        "thank you so much for the quick help, love your team",
        "how do I change the email address on my account?",
        "what time does the store on Main Street open on Sunday?",
        "great service today, thanks Sam",
        "dm sent",
    ]

    static func message(
        _ id: String, customer: String, body: String?, at date: Date, channel: RapportCore.Channel = .twitter, direction: RapportCore.Direction = .inbound,
        visibility: RapportCore.Visibility? = nil
    ) throws -> InteractionRecord {
        InteractionRecord(
            source: "insight-test", externalID: id, channel: channel, direction: direction,
            visibility: visibility ?? channel.defaultVisibility, occurredAt: date, customer: .identifier(try Identifier.parse(customer)),
            body: body
        )
    }

    /// One complaint per customer (`twitter:<problem>_<night>_<k>`) for each phrasing of a night.
    static func night(_ complaints: [String: [String]], number: Int, day: Double) throws -> [InteractionRecord] {
        var records: [InteractionRecord] = []
        for (problem, texts) in complaints.sorted(by: { $0.key < $1.key }) {
            for (k, text) in texts.enumerated() {
                records.append(
                    try message(
                        "\(problem)-\(number)-\(k)", customer: "twitter:\(problem)_\(number)_\(k)", body: text,
                        at: at(day: day, hour: 8 + Double(k))))
            }
        }
        return records
    }

    /// The theme of each interaction, by external id.
    static func themes(in database: Database) async throws -> [String: Int64?] {
        let rows = try await database.client.query(
            """
            SELECT x.external_id, n.theme_id FROM interaction_insights n JOIN interactions x ON x.id = n.interaction_id
            """,
            logger: database.logger
        )
        var themes: [String: Int64?] = [:]
        for try await (id, theme) in rows.decode((String, Int64?).self) { themes[id] = theme }
        return themes
    }

    /// The theme most of `ids` are in, and how many of them are.
    static func majorityTheme(of ids: [String], in themes: [String: Int64?]) -> (theme: Int64?, count: Int) {
        var counts: [Int64: Int] = [:]
        for id in ids { if let theme = themes[id] ?? nil { counts[theme, default: 0] += 1 } }
        guard let best = counts.min(by: { ($1.value, $0.key) < ($0.value, $1.key) }) else { return (nil, 0) }
        return (best.key, best.value)
    }

    static func scalar(_ query: PostgresQuery, in database: Database) async throws -> Int64 {
        for try await value in try await database.client.query(query, logger: database.logger).decode(Int64.self) { return value }
        return -1
    }
}
