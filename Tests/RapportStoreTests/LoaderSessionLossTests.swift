import Foundation
import PostgresNIO
import RapportCore
import Testing

@testable import RapportStore

/// When the server ends a load's session (shutdown, `pg_terminate_backend`), the load fails at once
/// with a connection failure instead of waiting forever, keeps only whole batches, and a re-run
/// completes it. PostgresNIO 1.33.2 never answers a statement written to a connection the server
/// has closed, so the loader checks the connection before each one; the time limits below turn a
/// regression into a failure instead of a hung test run. `scripts/run-tests.sh` runs this suite
/// alone: beside 400 parallel tests on two cores a load takes 20 times as long (101 s in one CI
/// run), and the limit would measure the machine's queue instead of a hang.
@Suite("Loads that lose their session")
struct LoaderSessionLossTests {
    @Test(.timeLimit(.minutes(1)))
    func statementOnAConnectionTheServerClosedFailsAtOnce() async throws {
        try await TestDatabase.with { database in
            try await database.client.withConnection { connection in
                let rows = try await connection.query("SELECT pg_backend_pid()", logger: database.logger)
                var pid: Int32 = 0
                for try await value in rows.decode(Int32.self) { pid = value }
                try await database.client.query("SELECT pg_terminate_backend(\(pid))", logger: database.logger)
                let deadline = ContinuousClock.now + .seconds(10)
                while !connection.isClosed && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
                #expect(connection.isClosed)
                let error = await #expect(throws: (any Error).self) {
                    try await connection.inTransaction(logger: database.logger) { connection in
                        try await connection.guardedQuery("SELECT 1", logger: database.logger)
                    }
                }
                #expect(ConnectionFailure.classify(try #require(error))?.cause == .connectionLost)
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func loadWhoseSessionEndsFailsKeepsWholeBatchesAndARerunCompletesIt() async throws {
        try await TestDatabase.with(connections: 4) { database in
            let batchSize = 1_000
            let records = try (0..<30_000).map {
                try Fixture.interaction("k\($0)", customer: "twitter:@c\($0 % 700)", minutes: Double($0))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Ends every other session of the database once a few batches are in.
                group.addTask {
                    while try await Fixture.count("interactions", in: database) < 3 * batchSize {
                        try await Task.sleep(for: .milliseconds(2))
                    }
                    try await database.client.query(
                        """
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid()
                        """,
                        logger: database.logger
                    )
                }
                let error = await #expect(throws: (any Error).self) {
                    try await Fixture.load(records, into: database, batchSize: batchSize)
                }
                let failure = ConnectionFailure.classify(try #require(error))
                #expect(failure?.cause == .connectionLost, "\(String(reflecting: error))")
                try await group.waitForAll()
            }
            // The rest runs on a fresh pool, as a re-run of `rapport ingest` would: the old pool still
            // holds connections the server ended, and PostgresNIO 1.33.2 can wait forever on a
            // statement written to one of those before it noticed (two full-suite runs hung here).
            try await Database.with(database.url, logger: TestDatabase.logger, maximumConnections: 2) { fresh in
                let stored = try await Self.retryingLostConnections { try await Fixture.count("interactions", in: fresh) }
                #expect(stored > 0 && stored < records.count && stored % batchSize == 0, "\(stored) rows: only whole batches")
                let rerun = try await Self.retryingLostConnections { try await Fixture.load(records, into: fresh, batchSize: batchSize) }
                #expect(rerun == IngestSummary(read: records.count, inserted: records.count - stored, duplicates: stored, rejected: 0))
                #expect(try await Fixture.count("interactions", in: fresh) == records.count)
                #expect(try await Fixture.count("identities", in: fresh) == 700)
                #expect(try await Fixture.count("profiles", in: fresh) == 700)
            }
        }
    }

    /// `body`, again (up to 10 times) while it fails because its connection was lost.
    static func retryingLostConnections<Result>(_ body: () async throws -> Result) async throws -> Result {
        for _ in 0..<9 {
            do {
                return try await body()
            } catch where ConnectionFailure.classify(error)?.cause == .connectionLost {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        return try await body()
    }
}
