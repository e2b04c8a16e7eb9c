import Foundation
import Logging
import PostgresNIO
import RapportCore
import RapportStore

/// `rapport bench merge`: merge cost must not grow with history. Merges (and unmerges) a profile
/// with a small history and one with a large history, many times each, and compares the medians.
public struct MergeBenchmark: Sendable {
    public struct Result: Sendable, Codable {
        public var smallInteractions: Int
        public var largeInteractions: Int
        public var repetitions: Int
        public var smallMergeMilliseconds: Double
        public var largeMergeMilliseconds: Double
        public var smallUnmergeMilliseconds: Double
        public var largeUnmergeMilliseconds: Double
        /// large / small median merge time; the target is ≤ 1.2.
        public var mergeRatio: Double
        public var unmergeRatio: Double

        enum CodingKeys: String, CodingKey {
            case smallInteractions = "small_interactions", largeInteractions = "large_interactions", repetitions
            case smallMergeMilliseconds = "small_merge_ms", largeMergeMilliseconds = "large_merge_ms"
            case smallUnmergeMilliseconds = "small_unmerge_ms", largeUnmergeMilliseconds = "large_unmerge_ms"
            case mergeRatio = "merge_ratio", unmergeRatio = "unmerge_ratio"
        }
    }

    public var server: DatabaseURL
    public var small: Int
    public var large: Int
    public var repetitions: Int
    public var schemaDirectory: URL
    public var logger: Logger

    public init(server: DatabaseURL, small: Int = 10, large: Int = 100_000, repetitions: Int = 30, schemaDirectory: URL, logger: Logger) {
        self.server = server
        self.small = small
        self.large = large
        self.repetitions = repetitions
        self.schemaDirectory = schemaDirectory
        self.logger = logger
    }

    public func run(progress: (String) -> Void) async throws -> Result {
        try await ScratchDatabase(server: server, name: "rapport_bench_merge", schemaDirectory: schemaDirectory, logger: logger).with { database in
            progress("loading a customer with \(small) and one with \(large) interactions")
            for (customer, count) in [("twitter:small_history", small), ("twitter:large_history", large)] {
                let records = try (0..<count).map { index in
                    InteractionRecord(
                        source: "bench", externalID: "\(customer)-\(index)", channel: .twitter, direction: .inbound, visibility: .public,
                        occurredAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(index)), customer: .identifier(try Identifier.parse(customer)),
                        body: "message \(index) from \(customer)"
                    )
                }
                var source = InMemoryInteractionBatches(records)
                _ = try await InteractionLoader(database: database).load(from: &source)
            }
            for partner in ["email:small_partner@example.com", "email:large_partner@example.com"] {
                var source = InMemoryInteractionBatches([
                    InteractionRecord(
                        source: "bench", externalID: partner, channel: .email, direction: .inbound, visibility: .private,
                        occurredAt: Date(timeIntervalSince1970: 1_700_000_000), customer: .identifier(try Identifier.parse(partner)), body: "hello"
                    )
                ])
                _ = try await InteractionLoader(database: database).load(from: &source)
            }
            try await database.client.query("VACUUM ANALYZE", logger: logger)
            let stewardship = Stewardship(database: database)
            func measure(_ history: String, _ partner: String) async throws -> (merge: [Double], unmerge: [Double]) {
                var merges: [Double] = []
                var unmerges: [Double] = []
                let (a, b) = (try Identifier.parse(history), try Identifier.parse(partner))
                for _ in 0..<repetitions {
                    var started = ContinuousClock.now
                    let outcome = try await stewardship.merge(b, a, keep: .first, steward: "bench", reason: "benchmark")
                    merges.append((ContinuousClock.now - started).seconds * 1000)
                    started = ContinuousClock.now
                    _ = try await stewardship.undo(outcome.mergeID, steward: "bench", reason: "benchmark")
                    unmerges.append((ContinuousClock.now - started).seconds * 1000)
                }
                return (merges, unmerges)
            }
            progress("merging and unmerging each \(repetitions) times")
            // Warm up both paths once, then interleave the measurements.
            _ = try await measure("twitter:small_history", "email:small_partner@example.com")
            let smallTimes = try await measure("twitter:small_history", "email:small_partner@example.com")
            let largeTimes = try await measure("twitter:large_history", "email:large_partner@example.com")
            let (sm, lm) = (median(smallTimes.merge), median(largeTimes.merge))
            let (su, lu) = (median(smallTimes.unmerge), median(largeTimes.unmerge))
            return Result(
                smallInteractions: small, largeInteractions: large, repetitions: repetitions, smallMergeMilliseconds: sm,
                largeMergeMilliseconds: lm, smallUnmergeMilliseconds: su, largeUnmergeMilliseconds: lu, mergeRatio: lm / sm, unmergeRatio: lu / su
            )
        }
    }

    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
