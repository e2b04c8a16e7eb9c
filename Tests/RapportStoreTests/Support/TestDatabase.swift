import Foundation
import Logging
import PostgresNIO
import RapportCore
import Testing

@testable import RapportStore

/// A fresh database per test on the throwaway server that `make test` starts
/// (`RAPPORT_TEST_DATABASE_URL`), migrated to the current schema and dropped afterwards.
enum TestDatabase {
    static var serverURL: DatabaseURL {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            let text = try #require(
                environment["RAPPORT_TEST_DATABASE_URL"] ?? environment["DATABASE_URL"],
                "store tests need a PostgreSQL server: run them with `make test`, which starts one"
            )
            return try DatabaseURL(parsing: text)
        }
    }

    static var schemaDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schema")
    }

    static var logger: Logger {
        var logger = Logger(label: "rapport.test")
        logger.logLevel = .warning
        return logger
    }

    /// Runs `body` against a new, migrated database.
    static func with<Result: Sendable>(migrated: Bool = true, connections: Int = 3, _ body: (Database) async throws -> Result) async throws -> Result {
        let server = try serverURL
        let name = "rapport_test_\(UInt64.random(in: 0..<UInt64.max) % 1_000_000_000_000)"
        try await Database.with(server, logger: logger, maximumConnections: 1) { admin in
            try await admin.client.query("CREATE DATABASE \(unescaped: name) TEMPLATE template0", logger: admin.logger)
        }
        do {
            let result = try await Database.with(server.with(database: name), logger: logger, maximumConnections: connections) { database in
                if migrated {
                    try await Migrator(directory: schemaDirectory).apply(to: database)
                }
                return try await body(database)
            }
            try await drop(name, on: server)
            return result
        } catch {
            try? await drop(name, on: server)
            throw error
        }
    }

    static func drop(_ name: String, on server: DatabaseURL) async throws {
        try await Database.with(server, logger: logger, maximumConnections: 1) { admin in
            try await admin.client.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: admin.logger)
        }
    }
}

/// The test suite's names for Core's in-memory batch sources.
typealias InMemoryInteractions = InMemoryInteractionBatches
typealias InMemoryCustomers = InMemoryCustomerBatches

/// Builders for test interactions.
enum Fixture {
    static let base = Date(timeIntervalSince1970: 1_763_000_000)

    static func interaction(
        _ externalID: String, customer: String, channel: RapportCore.Channel = .twitter, direction: Direction = .inbound,
        minutes: Double = 0, body: String? = nil, source: String = "test", line: Int = 0
    ) throws -> InteractionRecord {
        InteractionRecord(
            source: source, externalID: externalID, channel: channel, direction: direction, visibility: channel.defaultVisibility,
            occurredAt: base.addingTimeInterval(minutes * 60), customer: .identifier(try Identifier.parse(customer)),
            body: body ?? "message \(externalID)", line: line
        )
    }

    static func load(
        _ records: [InteractionRecord], into database: Database, batchSize: Int = 1000, pipelined: Bool = false
    ) async throws -> IngestSummary {
        var source = InMemoryInteractions(records)
        return try await InteractionLoader(database: database, batchSize: batchSize, pipelined: pipelined).load(from: &source)
    }

    static func count(_ table: String, in database: Database) async throws -> Int {
        let rows = try await database.client.query("SELECT count(*)::int8 FROM \(unescaped: table)", logger: database.logger)
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return -1
    }
}
