import Foundation
import PostgresNIO
import RapportCore
import Testing

@testable import RapportStore

@Suite("Merge suggestions")
struct MergeSuggestionTests {
    /// 240 people as CRM records, 40 of them entered twice with a typo in the name or address.
    static func seed(_ database: Database) async throws -> Set<Set<String>> {
        let given = ["james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "william", "elizabeth", "david", "susan"]
        let surnames = ["smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "wilson", "anderson", "taylor", "thomas",
                        "moore", "jackson", "martin", "lee", "thompson", "white", "harris", "clark"]
        let suburbs = ["bondi", "manly", "parramatta", "newtown", "glebe", "ryde"]
        var generator = SeededGenerator(seed: 77)
        var records: [CustomerRecord] = []
        var duplicates: Set<Set<String>> = []
        for index in 0..<240 {
            var attributes: [String: String] = [
                "given_name": given.randomElement(using: &generator) ?? "ann",
                "surname": surnames.randomElement(using: &generator) ?? "lee",
                "date_of_birth": "19\(Int.random(in: 50...99, using: &generator))0\(Int.random(in: 1...9, using: &generator))1\(Int.random(in: 0...9, using: &generator))",
                "postcode": "2\(Int.random(in: 100...999, using: &generator))",
                "suburb": suburbs.randomElement(using: &generator) ?? "bondi",
                "street_number": "\(Int.random(in: 1...200, using: &generator))",
                "address_1": "\(["george", "pitt", "king", "queen", "oxford"].randomElement(using: &generator) ?? "king") street",
            ]
            records.append(CustomerRecord(crmSource: "acme", crmID: "P\(index)", attributes: attributes))
            if index % 6 == 0 {
                // The same person again, with a typo and a missing field.
                let surname = attributes["surname"] ?? ""
                attributes["surname"] = String(surname.prefix(surname.count - 1)) + "e"
                attributes["street_number"] = nil
                records.append(CustomerRecord(crmSource: "acme", crmID: "D\(index)", attributes: attributes))
                duplicates.insert(["acme:P\(index)", "acme:D\(index)"])
            }
        }
        var source = InMemoryCustomers(records)
        _ = try await CustomerImporter(database: database).load(from: &source)
        return duplicates
    }

    static func crmKeys(_ suggestion: MergeSuggestion, _ database: Database) async throws -> Set<String> {
        var keys: Set<String> = []
        let rows = try await database.client.query(
            "SELECT value FROM identities WHERE kind = 'crm' AND profile_id IN (\(suggestion.leftProfile), \(suggestion.rightProfile))",
            logger: database.logger
        )
        for try await key in rows.decode(String.self) { keys.insert(key) }
        return keys
    }

    @Test func findsPlantedDuplicatesAndRemembersDecisions() async throws {
        try await TestDatabase.with { database in
            let truth = try await Self.seed(database)
            let suggestions = MergeSuggestions(database: database)
            let run = try await suggestions.run()
            var found: [Set<String>] = []
            for suggestion in run.suggestions { found.append(try await Self.crmKeys(suggestion, database)) }
            let correct = found.filter { truth.contains($0) }.count
            #expect(Double(correct) / Double(truth.count) >= 0.8, "recall \(correct) of \(truth.count)")
            #expect(Double(correct) / Double(max(found.count, 1)) >= 0.9, "precision \(correct) of \(found.count)")
            #expect(run.suggestions.allSatisfy { $0.probability >= 0.9 && !$0.evidence.isEmpty })

            let rejected = try #require(run.suggestions.first)
            try await suggestions.reject(rejected.id, steward: "ana")
            let again = try await suggestions.run()
            #expect(!again.suggestions.contains { $0.leftProfile == rejected.leftProfile && $0.rightProfile == rejected.rightProfile })

            let accepted = try #require(again.suggestions.first)
            // Two CRM records of one source: the guardrail holds unless forced.
            await #expect(throws: StoreError.self) { try await suggestions.accept(accepted.id, steward: "ana") }
            let outcome = try await suggestions.accept(accepted.id, steward: "ana", force: true)
            #expect(try await suggestions.suggestion(accepted.id)?.status == "accepted")
            #expect(try await suggestions.suggestion(accepted.id)?.mergeID == outcome.mergeID)
            let queries = ProfileQueries(database: database)
            #expect(
                try await queries.resolve(try Identifier.parse("profile:\(accepted.leftProfile)"))
                    == (try await queries.resolve(try Identifier.parse("profile:\(accepted.rightProfile)")))
            )
        }
    }

    @Test func handleThatSpellsTheNameIsEvidence() async throws {
        try await TestDatabase.with { database in
            _ = try await Self.seed(database)
            var customers = InMemoryCustomers([
                CustomerRecord(crmSource: "acme", crmID: "JD1", name: "Jane Doe", attributes: ["given_name": "Jane", "surname": "Doe", "postcode": "2999"])
            ])
            _ = try await CustomerImporter(database: database).load(from: &customers)
            _ = try await Fixture.load([try Fixture.interaction("t1", customer: "twitter:@janedoe88")], into: database)
            let run = try await MergeSuggestions(database: database).run(minimumProbability: 0)
            let queries = ProfileQueries(database: database)
            let jane = try await queries.resolve(try Identifier.parse("crm:acme:JD1"))
            let handle = try await queries.resolve(try Identifier.parse("twitter:janedoe88"))
            let pair = run.suggestions.first { Set([$0.leftProfile, $0.rightProfile]) == Set([jane, handle]) }
            let evidence = try #require(pair?.evidence)
            #expect(evidence.contains { $0.field.rawValue.contains("handle") && $0.weight > 0 })
        }
    }
}
