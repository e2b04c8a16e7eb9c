import Foundation
import PostgresNIO
import RapportCore
import Testing

@testable import RapportStore

@Suite("CRM import")
struct CustomerImportTests {
    static func customer(_ id: String, name: String, emails: [String] = [], phones: [String] = [], handles: [String] = [], line: Int = 2)
        throws -> CustomerRecord
    {
        CustomerRecord(
            crmSource: "Acme", crmID: id, name: name, emails: try emails.map { try Identifier(kind: .email, rawValue: $0) },
            phones: try phones.map { try Identifier(kind: .phone, rawValue: $0) }, handles: try handles.map { try Identifier.parse($0) },
            attributes: ["tier": "gold"], line: line
        )
    }

    static func importing(_ records: [CustomerRecord], into database: Database) async throws -> CustomerImportSummary {
        var source = InMemoryCustomers(records)
        return try await CustomerImporter(database: database).load(from: &source)
    }

    @Test func reimportUpdatesInPlaceAndNeverDuplicates() async throws {
        try await TestDatabase.with { database in
            let jane = try Self.customer("C1", name: "Jane Doe", emails: ["jane@example.com"])
            let first = try await Self.importing([jane], into: database)
            #expect(first.inserted == 1)
            let again = try await Self.importing([jane], into: database)
            #expect(again.inserted == 0 && again.updated == 0 && again.unchanged == 1)
            var renamed = jane
            renamed.name = "Jane Smith"
            renamed.emails.append(try Identifier(kind: .email, rawValue: "jane.smith@example.com"))
            let updated = try await Self.importing([renamed], into: database)
            #expect(updated.updated == 1)
            #expect(try await Fixture.count("customers", in: database) == 1)
            let queries = ProfileQueries(database: database)
            let profile = try await queries.profile(try await queries.resolve(try Identifier.parse("email:jane.smith@example.com")))
            #expect(profile.crmRecords.map(\.name) == ["Jane Smith"])
            #expect(Set(profile.identities.map(\.identifier)) == ["crm:acme:C1", "email:jane@example.com", "email:jane.smith@example.com"])
        }
    }

    @Test func twoCustomersClaimingOneIdentifierAreReportedNotMerged() async throws {
        try await TestDatabase.with { database in
            let jane = try Self.customer("C1", name: "Jane", phones: ["+442079460958"], line: 2)
            let john = try Self.customer("C2", name: "John", phones: ["+44 20 7946 0958"], line: 3)
            let summary = try await Self.importing([jane, john], into: database)
            #expect(summary.inserted == 2)
            #expect(summary.conflicts == [IdentifierConflict(line: 3, identifier: "phone:+442079460958", claimedBy: "acme:C2", heldBy: ["acme:C1"])])
            let queries = ProfileQueries(database: database)
            let janeProfile = try await queries.resolve(try Identifier.parse("crm:acme:C1"))
            let johnProfile = try await queries.resolve(try Identifier.parse("crm:acme:C2"))
            #expect(janeProfile != johnProfile)
            #expect(try await Fixture.count("merges", in: database) == 0)
        }
    }

    @Test func claimedSocialProfileIsLinkedThroughTheLedger() async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load([try Fixture.interaction("t1", customer: "twitter:@JaneDoe")], into: database)
            let summary = try await Self.importing([try Self.customer("C1", name: "Jane Doe", handles: ["twitter:@janedoe"])], into: database)
            #expect(summary.linked == 1)
            let queries = ProfileQueries(database: database)
            let viaCRM = try await queries.resolve(try Identifier.parse("crm:acme:C1"))
            let viaTwitter = try await queries.resolve(try Identifier.parse("twitter:janedoe"))
            #expect(viaCRM == viaTwitter)
            let page = try await queries.timeline(of: viaCRM, query: TimelineQuery())
            #expect(page.entries.map(\.externalID) == ["t1"])
            let ledger = try await database.client.query("SELECT automatic, steward FROM merges", logger: database.logger)
            for try await (automatic, steward) in ledger.decode((Bool, String).self) {
                #expect(automatic)
                #expect(steward == "rapport import")
            }
        }
    }
}
