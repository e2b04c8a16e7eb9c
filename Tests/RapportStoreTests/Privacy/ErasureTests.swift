import Foundation
import PostgresNIO
import RapportCore
import RapportInsight
import Testing

@testable import RapportStore

@Suite("Erasure of a person")
struct ErasureTests {
    static func erase(_ identifier: String = "twitter:janedoe", in database: Database) async throws -> ErasureRecord {
        try await Erasure(database: database).erase(try Identifier.parse(identifier), steward: "dpo", reason: "ticket DSR-2211")
    }

    @Test func noValueOfThePersonIsLeftInAnyColumnOfAnyTable() async throws {
        try await TestDatabase.with { database in
            try await PrivacyFixture.load(into: database)
            // The search itself must find what is there: every value is somewhere before the erasure.
            for value in PrivacyFixture.janeValues {
                #expect(try await !PrivacyFixture.occurrences(of: value, in: database).isEmpty, "\(value) not in the fixture")
            }
            let record = try await Self.erase(in: database)
            for value in PrivacyFixture.janeValues {
                let left = try await PrivacyFixture.occurrences(of: value, in: database)
                #expect(left.isEmpty, "'\(value)' still in \(left)")
            }
            #expect(record.identityIDs.count == 6)  // crm, 2 emails, phone, twitter, webchat
            #expect(record.customerIDs.count == 1)
            #expect(record.counts["suggestions"] == 1)
            #expect(record.counts["reports"] == 1)
        }
    }

    @Test func someoneElsesDataAndEveryAggregateCountStay() async throws {
        try await TestDatabase.with { database in
            try await PrivacyFixture.load(into: database)
            let counts = { () async throws -> [Int] in
                [
                    try await Fixture.count("interactions", in: database), try await Fixture.count("identities", in: database),
                    try await Fixture.count("customers", in: database), try await Fixture.count("insight_records", in: database),
                    try await Fixture.count("merges", in: database),
                ]
            }
            let before = try await counts()
            let reportBefore = try await Self.storedReport(in: database)
            try await Self.erase(in: database)
            #expect(try await counts() == before)
            let reportAfter = try await Self.storedReport(in: database)
            #expect(reportAfter.summary == reportBefore.summary)
            #expect(reportAfter.themes.map(\.complaints) == reportBefore.themes.map(\.complaints))
            #expect(reportAfter.themes.map(\.customers) == reportBefore.themes.map(\.customers))
            #expect(reportAfter.themes.map(\.repeatedBy.count) == reportBefore.themes.map(\.repeatedBy.count))
            #expect(reportAfter.themes.flatMap(\.repeatedBy).contains("erased"))

            // Bob keeps his message, with Jane's handle and address blanked out of it.
            let queries = ProfileQueries(database: database)
            let bob = try await queries.resolve(try Identifier.parse("twitter:bobstone"))
            let page = try await queries.timeline(of: bob, query: TimelineQuery())
            let body = try #require(page.entries.first?.body)
            #expect(body.hasPrefix("my card was charged twice for one order, and [erased] says hers was too, mail [erased]"))
            #expect(try await queries.crmRecords(ofProfile: bob).map(\.name) == ["Bob Stone"])
        }
    }

    @Test(arguments: [false, true])
    func reloadingTheOldFileDoesNotBringThePersonBack(pipelined: Bool) async throws {
        try await TestDatabase.with { database in
            try await PrivacyFixture.load(into: database)
            try await Self.erase(in: database)
            let again = try await Fixture.load(try PrivacyFixture.interactions(), into: database, pipelined: pipelined)
            #expect(again.inserted == 0)
            for identifier in ["twitter:janedoe", "email:jane@example.com", "webchat:visitor-jane-77"] {
                await #expect(throws: StoreError.self) {
                    try await ProfileQueries(database: database).resolve(try Identifier.parse(identifier))
                }
            }
            #expect(try await PrivacyFixture.occurrences(of: "janedoe", in: database).isEmpty)
        }
    }

    /// A load caches identity ids between batches; an erasure between two batches must not let the
    /// second batch attach the person's new message to the erased identity.
    @Test func aLoadRunningAcrossAnErasureStartsANewIdentity() async throws {
        try await TestDatabase.with { database in
            try await database.client.withConnection { connection in
                try await InteractionLoader.createStagingTables(connection, logger: database.logger)
                var cache = InteractionLoader.IdentityCache()
                let first = try await InteractionLoader.loadBatch(
                    [try Fixture.interaction("j1", customer: "twitter:janedoe")], on: connection, direct: cache, logger: database.logger)
                cache.absorb(try #require(first.directCopy))
                #expect(cache.ids.count == 1)
                try await Self.erase(in: database)
                let second = try await InteractionLoader.loadBatch(
                    [try Fixture.interaction("j2", customer: "twitter:janedoe")], on: connection, direct: cache, logger: database.logger)
                #expect(second.inserted == 1)
                #expect(second.directCopy?.learned.count == 1)
            }
            let queries = ProfileQueries(database: database)
            let page = try await queries.timeline(of: try await queries.resolve(try Identifier.parse("twitter:janedoe")), query: TimelineQuery())
            #expect(page.entries.map(\.externalID) == ["j2"])
        }
    }

    /// The pipelined load resolves a batch's identities before copying it: an erasure in between
    /// must send the batch to the staging path, which gives the person's new message a new identity.
    @Test func anErasureBetweenResolvingAndCopyingStartsANewIdentity() async throws {
        try await TestDatabase.with { database in
            try await PrivacyFixture.load(into: database)
            let logger = database.logger
            try await database.client.withConnection { connection in
                try await database.client.withConnection { resolver in
                    try await InteractionLoader.createStagingTables(connection, logger: logger)
                    let batch = [try Fixture.interaction("j-new", customer: "twitter:janedoe")]
                    let resolution = try await InteractionLoader.resolveAhead(
                        batch, cache: InteractionLoader.IdentityCache(), on: resolver, logger: logger)
                    #expect(resolution.rows == 1 && !resolution.holdsStoredMessage)
                    _ = try await Self.erase(in: database)
                    let counts = try await InteractionLoader.loadBatch(batch, on: connection, resolved: resolution, logger: logger)
                    #expect(counts.inserted == 1)
                    #expect(counts.directCopy == nil, "the batch took the staging path")
                }
            }
            let queries = ProfileQueries(database: database)
            let page = try await queries.timeline(of: try await queries.resolve(try Identifier.parse("twitter:janedoe")), query: TimelineQuery())
            #expect(page.entries.map(\.externalID) == ["j-new"], "only the new message, on a new identity")
        }
    }

    @Test func refusesAReasonThatHoldsThePersonsData() async throws {
        try await TestDatabase.with { database in
            try await PrivacyFixture.load(into: database)
            await #expect(throws: StoreError.self) {
                try await Erasure(database: database).erase(
                    try Identifier.parse("twitter:janedoe"), steward: "dpo", reason: "request from jane@example.com")
            }
            #expect(try await Fixture.count("erasures", in: database) == 0)
            #expect(try await !PrivacyFixture.occurrences(of: "Jane Doe", in: database).isEmpty)
        }
    }

    @Test func theLedgerStillUndoesAfterErasure() async throws {
        try await TestDatabase.with { database in
            let jane = try await PrivacyFixture.load(into: database)
            let record = try await Self.erase(in: database)
            let mergeID = try await InsightFixtures.scalar("SELECT min(id) FROM merges WHERE action = 'merge' AND steward = 'sam'", in: database)
            let undo = try await Stewardship(database: database).undo(mergeID, steward: "dpo", reason: "wrong merge")
            #expect(undo.returned.count == 1)
            let live = try await InsightFixtures.scalar("SELECT count(*) FROM identities WHERE profile_id = \(jane)", in: database)
            #expect(live == Int64(record.identityIDs.count - 1))
        }
    }

    @Test func previewCountsWhatWillBeErasedAndChangesNothing() async throws {
        try await TestDatabase.with { database in
            let jane = try await PrivacyFixture.load(into: database)
            let scope = try await Erasure(database: database).preview(try Identifier.parse("email:jane.doe.home@example.org"))
            #expect(scope.profileID == jane)
            #expect(scope.profileIDs.count == 2)
            #expect(scope.identifiers.contains("webchat:visitor-jane-77"))
            #expect(scope.crmRecords == 1)
            #expect(scope.interactions == 4)
            #expect(scope.suggestions == 1)
            #expect(scope.reports == 1)
            #expect(try await Fixture.count("erasures", in: database) == 0)
        }
    }

    static func storedReport(in database: Database) async throws -> FlawReport {
        let id = try await InsightFixtures.scalar("SELECT min(id) FROM reports", in: database)
        return try await ReportArchive(database: database).report(id)
    }
}
