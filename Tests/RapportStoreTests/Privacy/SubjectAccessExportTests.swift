import Foundation
import RapportCore
import Testing

@testable import RapportStore

@Suite("Subject access export")
struct SubjectAccessExportTests {
    static func export(_ identifier: String, from database: Database) async throws -> [String: Any] {
        let text = try await SubjectAccessExport(database: database).document(for: try Identifier.parse(identifier))
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func holdsEverythingAcrossEveryLinkedIdentity() async throws {
        try await TestDatabase.with { database in
            let jane = try await PrivacyFixture.load(into: database)
            // Asked by the merged-in chat visitor id, the export still covers the whole person.
            let document = try await Self.export("webchat:visitor-jane-77", from: database)
            #expect(document["format"] as? String == SubjectAccessExport.format)
            #expect((document["profile"] as? [String: Any])?["id"] as? Int == Int(jane))
            #expect((document["merged_profiles"] as? [Any])?.count == 1)

            let crm = try #require(document["crm_records"] as? [[String: Any]])
            #expect(crm.map { $0["crm_id"] as? String } == ["JDOE-7731"])
            #expect((crm.first?["attributes"] as? [String: String])?["address"] == "12 Baker Street")

            let identities = try #require(document["identities"] as? [[String: Any]])
            let identifiers = Set(identities.compactMap { identity in
                (identity["kind"] as? String).flatMap { kind in (identity["value"] as? String).map { "\(kind):\($0)" } }
            })
            #expect(identifiers == [
                "crm:acme:JDOE-7731", "email:jane@example.com", "email:jane.doe.home@example.org", "phone:+442079460958", "twitter:janedoe",
                "webchat:visitor-jane-77",
            ])

            let interactions = try #require(document["interactions"] as? [[String: Any]])
            #expect(Set(interactions.compactMap { $0["external_id"] as? String }) == ["jane-mail", "jane-tweet", "jane-chat", "brand-reply-jane"])
            let complaint = try #require(interactions.first { $0["external_id"] as? String == "jane-tweet" })
            #expect((complaint["insight"] as? [String: Any])?["kind"] as? String == "complaint")
            #expect(complaint["identity"] as? String == "twitter:janedoe")

            let ledger = try #require(document["ledger"] as? [[String: Any]])
            #expect(ledger.contains { $0["steward"] as? String == "sam" })
            #expect((document["suggestions"] as? [Any])?.count == 1)

            let mentions = try #require(document["report_mentions"] as? [[String: Any]])
            #expect(!mentions.isEmpty)
            #expect(mentions.contains { ($0["quotes"] as? [Any])?.isEmpty == false || $0["in_repeated_by"] as? Bool == true })
        }
    }

    @Test func leavesOutEveryoneElse() async throws {
        try await TestDatabase.with { database in
            try await PrivacyFixture.load(into: database)
            let text = try await SubjectAccessExport(database: database).document(for: try Identifier.parse("twitter:janedoe"))
            #expect(!text.contains("bobstone"))
            #expect(!text.contains("Bob Stone"))
            #expect(!text.contains("bob@example.net"))  // the suggestion's evidence names the other side
            #expect(!text.contains("refunder"))
        }
    }

    @Test func unknownIdentifierIsAnError() async throws {
        try await TestDatabase.with { database in
            await #expect(throws: StoreError.self) {
                try await SubjectAccessExport(database: database).document(for: try Identifier.parse("email:nobody@example.com"))
            }
        }
    }
}
