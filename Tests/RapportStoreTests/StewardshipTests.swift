import Foundation
import PostgresNIO
import RapportCore
import Testing

@testable import RapportStore

@Suite("Stewardship: merge, unmerge, detach, ledger")
struct StewardshipTests {
    /// `people` customers, each with `identitiesEach` identities (twitter, email, phone, ...) and a few interactions.
    static func world(_ database: Database, people: Int, identitiesEach: Int = 2) async throws -> [[Identifier]] {
        let kinds: [(RapportCore.Channel, (Int, Int) -> String)] = [
            (.twitter, { "twitter:@p\($0)_\($1)" }), (.email, { "email:p\($0)_\($1)@example.com" }),
            (.webchat, { "webchat:visitor-\($0)-\($1)" }),
        ]
        var records: [InteractionRecord] = []
        var identities: [[Identifier]] = []
        for person in 0..<people {
            var mine: [Identifier] = []
            for index in 0..<identitiesEach {
                let (channel, make) = kinds[index % kinds.count]
                let text = make(person, index)
                mine.append(try Identifier.parse(text))
                for message in 0..<3 {
                    records.append(
                        try Fixture.interaction("p\(person)-\(index)-\(message)", customer: text, channel: channel, minutes: Double(person * 10 + message))
                    )
                }
            }
            identities.append(mine)
        }
        _ = try await Fixture.load(records, into: database)
        // Tie each person's identities together with detach-free merges, as the starting state.
        let stewardship = Stewardship(database: database)
        for mine in identities where mine.count > 1 {
            for other in mine.dropFirst() {
                _ = try await stewardship.merge(mine[0], other, keep: .first, steward: "setup", reason: "same person")
            }
        }
        return identities
    }

    /// Every identifier → the external ids on its profile's timeline, sorted.
    static func timelines(_ database: Database, _ identifiers: [Identifier]) async throws -> [Identifier: [String]] {
        let queries = ProfileQueries(database: database)
        var result: [Identifier: [String]] = [:]
        for identifier in identifiers {
            let page = try await queries.timeline(of: try await queries.resolve(identifier), query: TimelineQuery(limit: 1000))
            result[identifier] = page.entries.map(\.externalID).sorted()
        }
        return result
    }

    @Test func mergeThenUnmergeRestoresTimelines() async throws {
        try await TestDatabase.with { database in
            let people = try await Self.world(database, people: 2)
            let all = people.flatMap { $0 }
            let before = try await Self.timelines(database, all)
            let stewardship = Stewardship(database: database)
            let merged = try await stewardship.merge(people[0][0], people[1][1], steward: "ana", reason: "same person")
            #expect(merged.identityIDs.count == 2)
            let during = try await Self.timelines(database, all)
            #expect(Set(during.values.map { $0.count }) == [12])
            let undone = try await stewardship.undo(merged.mergeID, steward: "ana", reason: "wrong merge")
            #expect(undone.returned.count == 2 && undone.leftInPlace.isEmpty)
            #expect(try await Self.timelines(database, all) == before)
            await #expect(throws: StoreError.self) { try await stewardship.undo(merged.mergeID, steward: "ana", reason: "again") }
        }
    }

    @Test func unmergeStillWorksAfterTheSurvivorWasMergedOnward() async throws {
        try await TestDatabase.with { database in
            let people = try await Self.world(database, people: 3, identitiesEach: 1)
            let (a, b, c) = (people[0][0], people[1][0], people[2][0])
            let stewardship = Stewardship(database: database)
            let queries = ProfileQueries(database: database)
            let profileB = try await queries.resolve(b)
            let first = try await stewardship.merge(a, b, keep: .first, steward: "s", reason: "r")  // B into A
            _ = try await stewardship.merge(c, a, keep: .first, steward: "s", reason: "r")  // A (with B) into C
            let undone = try await stewardship.undo(first.mergeID, steward: "s", reason: "B is someone else")
            #expect(undone.returned == [b.description])
            #expect(try await queries.resolve(b) == profileB)
            #expect(try await queries.resolve(a) == (try await queries.resolve(c)))
            #expect(try await queries.resolve(try Identifier.parse("profile:\(profileB)")) == profileB)
        }
    }

    @Test func survivorIsTheCRMHolderElseTheOlder() async throws {
        try await TestDatabase.with { database in
            let people = try await Self.world(database, people: 2, identitiesEach: 1)
            var customers = InMemoryCustomers([CustomerRecord(crmSource: "acme", crmID: "C7", name: "Bo", handles: [people[1][0]])])
            _ = try await CustomerImporter(database: database).load(from: &customers)
            let preview = try await Stewardship(database: database).preview(people[0][0], people[1][0])
            #expect(preview.survivor.crmRecords == ["acme:C7"])
        }
    }

    @Test func guardrailsRefuseWithReasons() async throws {
        try await TestDatabase.with { database in
            var customers = InMemoryCustomers([
                CustomerRecord(crmSource: "acme", crmID: "C1", name: "Ann", emails: [try Identifier.parse("email:info@shop.example")]),
                CustomerRecord(crmSource: "acme", crmID: "C2", name: "Ann"),
            ])
            _ = try await CustomerImporter(database: database).load(from: &customers)
            let stewardship = Stewardship(database: database)
            let c1 = try Identifier.parse("crm:acme:C1")
            let c2 = try Identifier.parse("crm:acme:C2")
            let crmConflict = await #expect(throws: StoreError.self) {
                try await stewardship.merge(c1, c2, steward: "s", reason: "r")
            }
            #expect(crmConflict?.description.contains("--force") == true)
            let blocked = await #expect(throws: StoreError.self) {
                try await stewardship.merge(try Identifier.parse("email:info@shop.example"), c2, steward: "s", reason: "r", force: true)
            }
            #expect(blocked?.description.contains("blocklist") == true)
            let forced = try await stewardship.merge(c1, c2, steward: "s", reason: "really one person", force: true)
            #expect(forced.overridden.map(\.rule) == [.crmConflict])
        }
    }

    @Test func detachIsLedgeredAndReversible() async throws {
        try await TestDatabase.with { database in
            let people = try await Self.world(database, people: 1, identitiesEach: 3)
            let all = people[0]
            let before = try await Self.timelines(database, all)
            let stewardship = Stewardship(database: database)
            let entry = try await stewardship.detach(all[2], steward: "s", reason: "shared device")
            let queries = ProfileQueries(database: database)
            #expect(try await queries.resolve(all[2]) == entry.absorbedID)
            #expect(try await queries.resolve(all[0]) == entry.survivorID)
            let history = try await stewardship.history(all[0])
            #expect(history.last?.action == .detach)
            _ = try await stewardship.undo(entry.id, steward: "s", reason: "not shared after all")
            #expect(try await Self.timelines(database, all) == before)
            #expect(try await queries.resolve(try Identifier.parse("profile:\(entry.absorbedID)")) == entry.survivorID)
        }
    }

    @Test func randomMergesDetachesAndUnmergesUndoneRestoreEveryTimeline() async throws {
        try await TestDatabase.with { database in
            let people = try await Self.world(database, people: 8, identitiesEach: 2)
            let all = people.flatMap { $0 }
            let before = try await Self.timelines(database, all)
            let stewardship = Stewardship(database: database)
            var generator = SeededGenerator(seed: 20261123)
            var entries: [Int64] = []
            for _ in 0..<40 {
                let roll = Int.random(in: 0..<10, using: &generator)
                do {
                    if roll < 5 {
                        let a = all.randomElement(using: &generator) ?? all[0]
                        let b = all.randomElement(using: &generator) ?? all[1]
                        entries.append(try await stewardship.merge(a, b, steward: "p", reason: "random").mergeID)
                    } else if roll < 7 {
                        entries.append(try await stewardship.detach(all.randomElement(using: &generator) ?? all[0], steward: "p", reason: "random").id)
                    } else if let id = entries.randomElement(using: &generator) {
                        _ = try await stewardship.undo(id, steward: "p", reason: "random")
                    }
                } catch StoreError.refused {
                    // Same profile, nothing to detach, already undone: a legitimate refusal.
                }
            }
            #expect(entries.count > 10)
            try await LedgerReplay.expectMatchesStore(database)
            for id in entries.reversed() {
                do { _ = try await stewardship.undo(id, steward: "p", reason: "undo all") } catch StoreError.refused {}
            }
            #expect(try await Self.timelines(database, all) == before)
            try await LedgerReplay.expectMatchesStore(database)
        }
    }

    @Test func concurrentMergesAndUnmergesKeepTheInvariants() async throws {
        try await TestDatabase.with(connections: 6) { database in
            let people = try await Self.world(database, people: 10, identitiesEach: 1)
            let all = people.flatMap { $0 }
            let stewardship = Stewardship(database: database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        var generator = SeededGenerator(seed: UInt64(worker + 1))
                        var mine: [Int64] = []
                        for _ in 0..<25 {
                            do {
                                if mine.isEmpty || Int.random(in: 0..<3, using: &generator) > 0 {
                                    let a = all.randomElement(using: &generator) ?? all[0]
                                    let b = all.randomElement(using: &generator) ?? all[1]
                                    mine.append(try await stewardship.merge(a, b, steward: "w\(worker)", reason: "concurrent").mergeID)
                                } else if let id = mine.randomElement(using: &generator) {
                                    _ = try await stewardship.undo(id, steward: "w\(worker)", reason: "concurrent")
                                }
                            } catch StoreError.refused {}
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await LedgerReplay.expectMatchesStore(database)
        }
    }
}

/// xorshift64*: deterministic randomness for property tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
}

/// Replays the active ledger entries from each identity's origin profile — independently of the
/// store's code — and compares with the store; also checks that every identity is on a live profile
/// and that `merged_into` has no cycles.
enum LedgerReplay {
    static func expectMatchesStore(_ database: Database) async throws {
        let logger = database.logger
        var owner: [Int64: Int64] = [:]
        var current: [Int64: Int64] = [:]
        for try await (id, origin, profile) in try await database.client.query(
            "SELECT id, origin_profile_id, profile_id FROM identities", logger: logger
        ).decode((Int64, Int64, Int64).self) {
            owner[id] = origin
            current[id] = profile
        }
        var actual: [Int64: Int64?] = [:]
        for try await (id, into) in try await database.client.query("SELECT id, merged_into FROM profiles", logger: logger).decode((Int64, Int64?).self) {
            actual[id] = into
        }
        let rows = try await database.client.query(
            "SELECT action, survivor_id, absorbed_id, identity_ids FROM merges WHERE undone_at IS NULL ORDER BY seq", logger: logger
        )
        var absorbedByActiveMerge = Set<Int64>()
        for try await (action, survivor, absorbed, ids) in rows.decode((String, Int64, Int64, [Int64]).self) {
            if action == "merge" {
                for (id, profile) in owner where profile == absorbed { owner[id] = survivor }
                absorbedByActiveMerge.insert(absorbed)
            } else {
                for id in ids where owner[id] == survivor { owner[id] = absorbed }
            }
        }
        #expect(owner == current, "replaying the active ledger gives the current identity → profile map")
        for profile in absorbedByActiveMerge {
            #expect((actual[profile] ?? nil) != nil, "profile \(profile), absorbed by an active merge, is not live")
        }
        for (identity, profile) in current {
            #expect((actual[profile] ?? nil) == nil, "identity \(identity) is on live profile \(profile)")
        }
        var cycles = 0
        for try await count in try await database.client.query(
            """
            WITH RECURSIVE walk AS (
                SELECT id AS start, merged_into AS at, 1 AS depth FROM profiles WHERE merged_into IS NOT NULL
                UNION ALL
                SELECT w.start, p.merged_into, w.depth + 1 FROM walk w JOIN profiles p ON p.id = w.at
                WHERE p.merged_into IS NOT NULL AND w.depth < 1000
            )
            SELECT count(*)::int8 FROM walk WHERE at = start OR depth >= 1000
            """,
            logger: logger
        ).decode(Int64.self) {
            cycles = Int(count)
        }
        #expect(cycles == 0, "merged_into has no cycles")
    }
}
