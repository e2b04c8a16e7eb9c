import Foundation
import PostgresNIO
import RapportCore
import Testing

@testable import RapportStore

@Suite("Automatic links")
struct AutomaticLinkTests {
    static func chat(_ id: String, visitor: String, attributes: String) throws -> InteractionRecord {
        InteractionRecord(
            source: "chat", externalID: id, channel: .webchat, direction: .inbound, visibility: .private, occurredAt: Fixture.base,
            customer: .identifier(try Identifier.parse(visitor)), body: "hello", attributesJSON: attributes
        )
    }

    @Test func chatFormEmailLinksTheVisitorToTheCustomerThroughTheLedger() async throws {
        try await TestDatabase.with { database in
            var customers = InMemoryCustomers([
                CustomerRecord(crmSource: "acme", crmID: "C1", name: "Jane", emails: [try Identifier.parse("email:jane@example.com")])
            ])
            _ = try await CustomerImporter(database: database).load(from: &customers)
            _ = try await Fixture.load(
                [
                    try Self.chat("c1", visitor: "webchat:visitor-1", attributes: #"{"email": "Jane@Example.com"}"#),
                    try Self.chat("c2", visitor: "webchat:visitor-2", attributes: #"{"email": "noreply@example.com"}"#),
                    try Self.chat("c3", visitor: "webchat:visitor-3", attributes: #"{"phone": "+44 20 7946 0000"}"#),
                ],
                into: database
            )
            let summary = try await AutomaticLinks(database: database).run()
            #expect(summary.merged == 1)
            #expect(summary.added == 1)
            #expect(summary.skipped == 1)
            let queries = ProfileQueries(database: database)
            #expect(try await queries.resolve(try Identifier.parse("webchat:visitor-1")) == (try await queries.resolve(try Identifier.parse("crm:acme:C1"))))
            #expect(try await queries.resolve(try Identifier.parse("phone:+442079460000")) == (try await queries.resolve(try Identifier.parse("webchat:visitor-3"))))
            let id = try #require(summary.mergeIDs.first)
            let entry = try await Stewardship(database: database).entry(id)
            #expect(entry.automatic)
            // A steward can undo it.
            _ = try await Stewardship(database: database).undo(id, steward: "ana", reason: "check")
            #expect(try await queries.resolve(try Identifier.parse("webchat:visitor-1")) != (try await queries.resolve(try Identifier.parse("crm:acme:C1"))))
        }
    }
}
