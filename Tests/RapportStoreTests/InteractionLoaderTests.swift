import Synchronization
import Foundation
import PostgresNIO
import RapportCore
import Testing

@testable import RapportStore

@Suite("Interaction bulk load")
struct InteractionLoaderTests {
    /// Every test that takes `pipelined` runs the plain load and the pipelined one (identities of the
    /// next batch resolved on a second connection while the current one is copied).
    @Test(arguments: [false, true])
    func loadingTheSameRowsTwiceAddsNothingTheSecondTime(pipelined: Bool) async throws {
        try await TestDatabase.with { database in
            let records = try (0..<250).map { try Fixture.interaction("m\($0)", customer: "twitter:@user\($0 % 40)", minutes: Double($0)) }
            let first = try await Fixture.load(records, into: database, batchSize: 100, pipelined: pipelined)
            #expect(first == IngestSummary(read: 250, inserted: 250, duplicates: 0, rejected: 0))
            let second = try await Fixture.load(records, into: database, batchSize: 70, pipelined: pipelined)
            #expect(second == IngestSummary(read: 250, inserted: 0, duplicates: 250, rejected: 0))
            #expect(try await Fixture.count("interactions", in: database) == 250)
            #expect(try await Fixture.count("identities", in: database) == 40)
            #expect(try await Fixture.count("profiles", in: database) == 40)
        }
    }

    @Test func knownCustomerLandsOnTheirProfileAndUnknownGetsANewOne() async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load([try Fixture.interaction("a", customer: "email:jane@example.com")], into: database)
            _ = try await Fixture.load(
                [
                    try Fixture.interaction("b", customer: "email:Jane@Example.com", channel: .email, minutes: 5),
                    try Fixture.interaction("c", customer: "twitter:@someone_new", minutes: 6),
                ],
                into: database
            )
            let queries = ProfileQueries(database: database)
            let jane = try await queries.resolve(try Identifier.parse("email:jane@example.com"))
            let page = try await queries.timeline(of: jane, query: TimelineQuery())
            #expect(page.entries.map(\.externalID) == ["b", "a"])
            let other = try await queries.resolve(try Identifier.parse("twitter:someone_new"))
            #expect(other != jane)
        }
    }

    @Test(arguments: [false, true])
    func replyIsAttachedToTheCustomerItAnswersEvenWhenItComesFirst(pipelined: Bool) async throws {
        try await TestDatabase.with { database in
            let reply = InteractionRecord(
                source: "twcs", externalID: "2", channel: .twitter, direction: .outbound, visibility: .public,
                occurredAt: Fixture.base.addingTimeInterval(60), customer: .customerOf(externalID: "1"), inReplyTo: "1",
                account: "AcmeHelp", body: "Sorry to hear that, please DM us", line: 2
            )
            let replyToReply = InteractionRecord(
                source: "twcs", externalID: "3", channel: .twitter, direction: .outbound, visibility: .public,
                occurredAt: Fixture.base.addingTimeInterval(120), customer: .customerOf(externalID: "2"), inReplyTo: "2",
                account: "AcmeHelp", body: "Following up", line: 3
            )
            let question = try Fixture.interaction("1", customer: "twitter:115712", body: "my parcel never came", source: "twcs", line: 4)
            let orphan = InteractionRecord(
                source: "twcs", externalID: "9", channel: .twitter, direction: .outbound, visibility: .public,
                occurredAt: Fixture.base, customer: .customerOf(externalID: "404"), inReplyTo: "404", line: 5
            )
            // The replies arrive in an earlier batch than the tweet they answer.
            var source = InMemoryInteractions([replyToReply, reply, orphan, question])
            let summary = try await InteractionLoader(database: database, batchSize: 2, pipelined: pipelined).load(from: &source)
            #expect(summary == IngestSummary(read: 4, inserted: 3, duplicates: 0, rejected: 1))
            let queries = ProfileQueries(database: database)
            let customer = try await queries.resolve(try Identifier.parse("twitter:115712"))
            let page = try await queries.timeline(of: customer, query: TimelineQuery())
            #expect(page.entries.map(\.externalID) == ["3", "2", "1"])
            #expect(page.entries.first?.direction == "outbound")
        }
    }

    @Test func unresolvedReplyIsRejectedWithItsLine() async throws {
        try await TestDatabase.with { database in
            let orphan = InteractionRecord(
                source: "twcs", externalID: "9", channel: .twitter, direction: .outbound, visibility: .public,
                occurredAt: Fixture.base, customer: .customerOf(externalID: "404"), inReplyTo: "404", line: 17
            )
            let collected = RejectCollector()
            var source = InMemoryInteractions([orphan])
            let summary = try await InteractionLoader(database: database).load(from: &source, rejects: { collected.add($0) })
            #expect(summary.rejected == 1)
            let reject = try #require(collected.rows.first)
            #expect(reject.error.line == 17)
            #expect(reject.error.kind == .unresolvedReply)
        }
    }

    @Test func parserRejectsAreCountedAndPassedOn() async throws {
        try await TestDatabase.with { database in
            let bad = RejectedRow(error: IngestError(kind: .badTimestamp, line: 3, field: "occurred_at", detail: "not a time"), raw: "{...}")
            let collected = RejectCollector()
            var source = InMemoryInteractions([try Fixture.interaction("ok", customer: "webchat:visitor-1")], rejects: [bad])
            let summary = try await InteractionLoader(database: database).load(from: &source, rejects: { collected.add($0) })
            #expect(summary == IngestSummary(read: 2, inserted: 1, duplicates: 0, rejected: 1))
            #expect(collected.rows == [bad])
        }
    }

    /// The direct COPY fails on the stored message; the whole batch then takes the staging path
    /// (the new customers' identities the failed attempt created are rolled back, not duplicated),
    /// and later batches of new messages go direct again.
    @Test(arguments: [false, true])
    func batchWithAStoredMessageFallsBackAndLoadsTheRestOnce(pipelined: Bool) async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load([try Fixture.interaction("a1", customer: "twitter:alice")], into: database)
            let mixed = [
                try Fixture.interaction("b1", customer: "twitter:bob"), try Fixture.interaction("a1", customer: "twitter:alice"),
                try Fixture.interaction("b2", customer: "twitter:bob"), try Fixture.interaction("c1", customer: "twitter:carol"),
                try Fixture.interaction("c1", customer: "twitter:carol"), try Fixture.interaction("d1", customer: "twitter:dave"),
                try Fixture.interaction("e1", customer: "twitter:erin"),
            ]
            let summary = try await Fixture.load(mixed, into: database, batchSize: 3, pipelined: pipelined)
            #expect(summary == IngestSummary(read: 7, inserted: 5, duplicates: 2, rejected: 0))
            #expect(try await Fixture.count("interactions", in: database) == 6)
            #expect(try await Fixture.count("identities", in: database) == 5)
            #expect(try await Fixture.count("profiles", in: database) == 5)
            let perIdentity = try await InsightFixtures.scalar(
                "SELECT count(*) FROM (SELECT kind, value FROM identities GROUP BY 1, 2 HAVING count(*) > 1) d", in: database)
            #expect(perIdentity == 0)
        }
    }

    /// A rerun after a crash (the file's first batches already stored) must leave every identity as
    /// the uninterrupted load would: created with the times of the first batch that holds its
    /// customer. When the load leaves the staging path, the batch copied next creates identities
    /// itself; the next batch may only be resolved once that batch has committed, or its resolver
    /// creates a shared customer from the later batch's rows (the crash test caught this).
    @Test func aRerunCreatesEachIdentityFromTheFirstBatchThatHoldsIt() async throws {
        try await TestDatabase.with { database in
            let batchSize = 200
            var expected: [String: (first: Double, last: Double)] = [:]
            // Ten files, each a fresh chance for the race: customers of 150 rows each straddle batches.
            for file in 0..<10 {
                let records = try (0..<1_200).map { i in
                    try Fixture.interaction("f\(file)-\(i)", customer: "twitter:@f\(file)c\(i / 150)", minutes: Double(file * 10_000 + i))
                }
                for (index, record) in records.enumerated() {
                    guard case .identifier(let identifier) = record.customer else { continue }
                    let key = identifier.description
                    let minute = Double(file * 10_000 + index)
                    guard let span = expected[key] else {
                        expected[key] = (minute, minute)
                        continue
                    }
                    // Only rows of the first batch that holds the customer count.
                    if index / batchSize == Int(span.first) % 10_000 / batchSize { expected[key] = (span.first, minute) }
                }
                _ = try await Fixture.load(Array(records[..<400]), into: database, batchSize: batchSize, pipelined: true)
                let rerun = try await Fixture.load(records, into: database, batchSize: batchSize, pipelined: true)
                #expect(rerun.inserted == 800)
            }
            let rows = try await database.client.query(
                "SELECT kind || ':' || value, first_seen, last_seen FROM identities", logger: database.logger)
            var checked = 0
            for try await (identifier, first, last) in rows.decode((String, Date, Date).self) {
                guard let span = expected[identifier] else { continue }
                let want = (Fixture.base.addingTimeInterval(span.first * 60), Fixture.base.addingTimeInterval(span.last * 60))
                #expect(first == want.0 && last == want.1, "\(identifier): \(first)–\(last), want \(want.0)–\(want.1)")
                checked += 1
            }
            #expect(checked == expected.count)
        }
    }

    /// Two pipelined loads at once over the same customers: every message stored once, every
    /// identity created once (resolvers take turns on the creation lock), nothing lost.
    @Test func concurrentPipelinedLoadsCreateEachIdentityOnce() async throws {
        try await TestDatabase.with(connections: 6) { database in
            let records = try (0..<3_000).map {
                try Fixture.interaction("p\($0)", customer: "twitter:@shared\($0 % 300)", minutes: Double($0))
            }
            let halves = [Array(records[..<2_000]), Array(records[1_000...])]
            let summaries = try await withThrowingTaskGroup(of: IngestSummary.self) { group in
                for half in halves { group.addTask { try await Fixture.load(half, into: database, batchSize: 250, pipelined: true) } }
                var all: [IngestSummary] = []
                for try await summary in group { all.append(summary) }
                return all
            }
            #expect(summaries.map(\.inserted).reduce(0, +) == 3_000)
            #expect(summaries.map(\.duplicates).reduce(0, +) == 1_000)
            #expect(try await Fixture.count("interactions", in: database) == 3_000)
            #expect(try await Fixture.count("identities", in: database) == 300)
            #expect(try await Fixture.count("profiles", in: database) == 300)
        }
    }

    @Test func bodiesWithTabsNewlinesAndBackslashesRoundTrip() async throws {
        try await TestDatabase.with { database in
            let body = "line one\nline\ttwo \\N back\\slash \r\n ünïcødé 😡"
            _ = try await Fixture.load([try Fixture.interaction("x", customer: "twitter:@a", body: body)], into: database)
            let queries = ProfileQueries(database: database)
            let page = try await queries.timeline(of: try await queries.resolve(try Identifier.parse("twitter:a")), query: TimelineQuery())
            #expect(page.entries.first?.body == body)
        }
    }
}

/// Collects rejects handed to the loader's callback.
final class RejectCollector: Sendable {
    private let storage = Mutex<[RejectedRow]>([])
    func add(_ rows: [RejectedRow]) { storage.withLock { $0.append(contentsOf: rows) } }
    var rows: [RejectedRow] { storage.withLock { $0 } }
}
