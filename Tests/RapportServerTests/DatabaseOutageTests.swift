import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import RapportServer
import RapportStore
import Testing

/// PostgreSQL stops under a running `rapport serve` and comes back on the same port: meanwhile the
/// service says it is not ready and answers 503 problems within a bounded time (never a 500, never a
/// hang), `/healthz` stays 200; afterwards it is ready again by itself, every acknowledged write is
/// there, and new writes work.
///
/// The other tests share one PostgreSQL, so this one starts its own cluster (``EmbeddedCluster``) in a
/// temporary folder, with PostgreSQL's durable defaults (the shared test server runs without fsync).
@Suite("Database outages", .serialized)
struct DatabaseOutageTests {
    /// The longest a request may take while the database is down: the patience configured below, a
    /// probe, and slack for a loaded machine.
    static let outageAnswerBound: Duration = .seconds(6)
    /// How long the service may take to be ready again once PostgreSQL is back.
    static let recoveryBound: Duration = .seconds(30)

    // The time limit turns a hang (a request that never answers) into a failure.
    @Test(.timeLimit(.minutes(3)), arguments: [EmbeddedCluster.ShutdownMode.fast, .immediate])
    func serviceRidesOutAnOutageWithoutLosingAcknowledgedWrites(mode: EmbeddedCluster.ShutdownMode) async throws {
        try await OwnCluster.with { cluster, url in
            try await Database.with(url, logger: TestServer.logger, maximumConnections: 4) { database in
                try await TestServer.migrator.apply(to: database)
                var tokens: [Role: String] = [:]
                for role in [Role.ingest, .steward, .reader] {
                    tokens[role] = try await APITokens(database: database).create(name: "\(role.rawValue)-bot", role: role).token
                }
                let server = TestServer(database: database, tokens: tokens, metrics: ServerMetrics())
                let configuration = ServerConfiguration(
                    port: 0, tokenCacheTTL: .zero, databasePatience: .milliseconds(500), readinessTimeout: .seconds(1))
                try await server.application(configuration: configuration).test(.live) { client in
                    try await Self.outage(mode: mode, cluster: cluster, server: server, client: client)
                }
            }
        }
    }

    static func outage(
        mode: EmbeddedCluster.ShutdownMode, cluster: EmbeddedCluster, server: TestServer, client: some TestClientProtocol
    ) async throws {
        var writer = Writer(server: server)
        // Acknowledged before the outage: interactions on two identities, and a merge of the two.
        for index in 0..<5 { try await writer.write(client, "before-\(index)") }
        let jane = try await client.execute(
            uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/x-ndjson"),
            body: ByteBuffer(string: IngestRouteTests.line("jane-mail", customer: "email:jane@example.com")))
        #expect(jane.status == .ok)
        let merge = try await client.execute(
            uri: "/v1/merges", method: .post, headers: server.headers(.steward, contentType: "application/json"),
            body: ByteBuffer(string: #"{"a":"twitter:janedoe","b":"email:jane@example.com","reason":"same person"}"#))
        #expect(merge.status == .created)
        let mergeID = try #require(try Body.json(merge)["merge_id"] as? Int)
        #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)

        // Writes keep coming while the server stops under them.
        let stop = ContinuousClock.now
        async let stopped: Void = Task.detached {
            try await Task.sleep(for: .milliseconds(300))
            _ = try cluster.stop(mode: mode)
        }.value
        while ContinuousClock.now - stop < .seconds(1.5) { try await writer.write(client, "during-\(writer.attempts)") }
        try await stopped

        let ready = try await timed { try await client.execute(uri: "/readyz", method: .get) }
        #expect(ready.response.status == .serviceUnavailable)
        #expect(try Body.problemType(ready.response) == "urn:rapport:problem:database-unavailable")
        #expect(ready.elapsed < outageAnswerBound, "/readyz took \(ready.elapsed) while the database was down")
        #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        for index in 0..<3 {
            let write = try await writer.write(client, "down-\(index)")
            #expect(write.status == .serviceUnavailable, "a write while the database is down")
        }
        let read = try await timed {
            try await client.execute(uri: "/v1/identities/twitter:janedoe/timeline", method: .get, headers: server.headers(.reader))
        }
        #expect(read.response.status == .serviceUnavailable)
        #expect(try Body.problemType(read.response) == "urn:rapport:problem:database-unavailable")
        #expect(read.elapsed < outageAnswerBound)

        // Back on the same port: ready again by itself.
        let port = server.database.url.port
        let restarted = try cluster.start()
        #expect(restarted.port == port, "the cluster came back on another port")
        let back = ContinuousClock.now
        var readyAgain = false
        while ContinuousClock.now - back < recoveryBound {
            if try await client.execute(uri: "/readyz", method: .get).status == .ok {
                readyAgain = true
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let recovery = ContinuousClock.now - back
        #expect(readyAgain, "/readyz still 503 \(recovery) after PostgreSQL came back")
        print(
            "outage (\(mode.rawValue)): \(writer.acknowledged.count) of \(writer.attempts) writes acknowledged,",
            "slowest answer \(writer.slowest), ready again \(recovery) after restart")

        // Nothing acknowledged was lost; new writes work.
        try await writer.write(client, "after")
        #expect(writer.statuses.allSatisfy { [.ok, .serviceUnavailable].contains($0) }, "statuses: \(Set(writer.statuses))")
        #expect(writer.slowest < outageAnswerBound, "a write took \(writer.slowest)")
        #expect(writer.acknowledged.contains("after"))
        let stored = try await storedIDs(server.database)
        let lost = writer.acknowledged.subtracting(stored)
        #expect(lost.isEmpty, "acknowledged but lost: \(lost.sorted())")
        let ledger = try await client.execute(uri: "/v1/merges/\(mergeID)", method: .get, headers: server.headers(.reader))
        #expect(ledger.status == .ok)
        let timeline = try await client.execute(
            uri: "/v1/identities/email:jane@example.com/timeline?limit=1000", method: .get, headers: server.headers(.reader))
        let entries = Set(try LookupRouteTests.entries(timeline))
        #expect(writer.acknowledged.subtracting(entries).isEmpty, "the merged timeline shows every acknowledged write")
    }

    static func storedIDs(_ database: Database) async throws -> Set<String> {
        let rows = try await database.client.query("SELECT external_id FROM interactions", logger: database.logger)
        var ids: Set<String> = []
        for try await id in rows.decode(String.self) { ids.insert(id) }
        return ids
    }

    static func timed<Value>(_ body: () async throws -> Value) async throws -> (response: Value, elapsed: Duration) {
        let start = ContinuousClock.now
        let value = try await body()
        return (value, ContinuousClock.now - start)
    }

    /// Posts one interaction at a time and remembers which were acknowledged.
    struct Writer {
        let server: TestServer
        var acknowledged: Set<String> = []
        var statuses: [HTTPResponse.Status] = []
        var slowest: Duration = .zero
        var attempts: Int { statuses.count }

        @discardableResult
        mutating func write(_ client: some TestClientProtocol, _ id: String) async throws -> TestResponse {
            let start = ContinuousClock.now
            let response = try await client.execute(
                uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/x-ndjson"),
                body: ByteBuffer(string: IngestRouteTests.line(id)))
            slowest = max(slowest, ContinuousClock.now - start)
            statuses.append(response.status)
            if response.status == .ok {
                let summary = try #require(try Body.json(response)["summary"] as? [String: Any])
                #expect(summary["inserted"] as? Int == 1, "\(id) acknowledged but not inserted: \(summary)")
                acknowledged.insert(id)
            } else {
                #expect(try Body.problemType(response) == "urn:rapport:problem:database-unavailable")
            }
            return response
        }
    }
}

/// A PostgreSQL cluster of the test's own in a temporary folder, removed afterwards.
enum OwnCluster {
    static func with<Result: Sendable>(_ body: (EmbeddedCluster, DatabaseURL) async throws -> Result) async throws -> Result {
        let home = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("rapport-outage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        // As root the server runs as 'postgres', which must be able to reach the home folder.
        _ = chmod(home.path, 0o755)
        let cluster = EmbeddedCluster(home: home)
        defer {
            _ = try? cluster.stop(mode: .immediate)
            if let data = cluster.state()?.dataDirectory { try? FileManager.default.removeItem(atPath: data) }
            try? FileManager.default.removeItem(at: home)
        }
        let url = try await cluster.startWithDatabase(logger: TestServer.logger)
        return try await body(cluster, url)
    }
}
