import Foundation
import RapportCore
import Testing

@testable import RapportStore

@Suite("Timeline")
struct TimelineTests {
    /// One customer on three identities and four channels, with timestamps that collide.
    static func seed(_ database: Database) async throws -> Int64 {
        var records: [InteractionRecord] = []
        for index in 0..<60 {
            let (customer, channel): (String, RapportCore.Channel) =
                switch index % 4 {
                case 0: ("twitter:@jane", .twitter)
                case 1: ("email:jane@example.com", .email)
                case 2: ("phone:+447700900123", .phone)
                default: ("twitter:@jane", .twitter)
                }
            // Pairs of entries share a timestamp, so pagination must break ties by id.
            records.append(try Fixture.interaction("e\(index)", customer: customer, channel: channel, minutes: Double(index / 2)))
        }
        _ = try await Fixture.load(records, into: database)
        var customers = InMemoryCustomers([
            CustomerRecord(
                crmSource: "acme", crmID: "C9", name: "Jane", emails: [try Identifier.parse("email:jane@example.com")],
                phones: [try Identifier.parse("phone:+447700900123")], handles: [try Identifier.parse("twitter:jane")]
            )
        ])
        _ = try await CustomerImporter(database: database).load(from: &customers)
        return try await ProfileQueries(database: database).resolve(try Identifier.parse("crm:acme:C9"))
    }

    @Test func pagesNeverRepeatOrSkipAnEntry() async throws {
        try await TestDatabase.with { database in
            let profile = try await Self.seed(database)
            let queries = ProfileQueries(database: database)
            var seen: [TimelineEntry] = []
            var cursor: TimelineCursor?
            repeat {
                let page = try await queries.timeline(of: profile, query: TimelineQuery(limit: 7, after: cursor))
                seen += page.entries
                cursor = page.nextCursor
                #expect(page.entries.count <= 7)
            } while cursor != nil
            #expect(seen.count == 60)
            #expect(Set(seen.map(\.externalID)).count == 60)
            let ordered = zip(seen, seen.dropFirst()).allSatisfy { newer, older in
                newer.occurredAt > older.occurredAt || (newer.occurredAt == older.occurredAt && newer.interactionID > older.interactionID)
            }
            #expect(ordered)
        }
    }

    @Test func filtersByChannelAndTime() async throws {
        try await TestDatabase.with { database in
            let profile = try await Self.seed(database)
            let queries = ProfileQueries(database: database)
            let emails = try await queries.timeline(of: profile, query: TimelineQuery(limit: 100, channels: [.email]))
            #expect(emails.entries.count == 15)
            #expect(emails.entries.allSatisfy { $0.channel == "email" })
            let since = Fixture.base.addingTimeInterval(20 * 60)
            let until = Fixture.base.addingTimeInterval(25 * 60)
            let window = try await queries.timeline(of: profile, query: TimelineQuery(limit: 100, since: since, until: until))
            #expect(window.entries.count == 10)
            #expect(window.entries.allSatisfy { $0.occurredAt >= since && $0.occurredAt < until })
        }
    }

    @Test func profileSummarisesChannelsAndContacts() async throws {
        try await TestDatabase.with { database in
            let profile = try await ProfileQueries(database: database).profile(try await Self.seed(database))
            #expect(profile.channelCounts == ["twitter": 30, "email": 15, "phone": 15])
            #expect(profile.crmRecords.map(\.crmID) == ["C9"])
            #expect(profile.firstContact == Fixture.base)
            #expect(profile.identities.count == 4)
        }
    }

    @Test func unknownIdentifierIsAnError() async throws {
        try await TestDatabase.with { database in
            await #expect(throws: StoreError.self) {
                try await ProfileQueries(database: database).resolve(try Identifier.parse("email:nobody@example.com"))
            }
        }
    }
}
