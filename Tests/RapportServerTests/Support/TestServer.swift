import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RapportServer
import RapportStore
import Testing

/// A fresh, migrated database per test on the throwaway server `make test` starts
/// (`RAPPORT_TEST_DATABASE_URL`), with one token per role, and the production application built
/// over it.
struct TestServer: Sendable {
    let database: Database
    let tokens: [Role: String]
    let metrics: ServerMetrics

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var migrator: Migrator {
        get throws { try Migrator(directory: repositoryRoot.appendingPathComponent("schema")) }
    }

    static var apiDocument: [UInt8] {
        get throws { Array(try Data(contentsOf: repositoryRoot.appendingPathComponent("openapi.yaml"))) }
    }

    static var logger: Logger {
        var logger = Logger(label: "rapport.server.test")
        logger.logLevel = .warning
        return logger
    }

    static var serverURL: DatabaseURL {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            let text = try #require(
                environment["RAPPORT_TEST_DATABASE_URL"] ?? environment["DATABASE_URL"],
                "server tests need a PostgreSQL server: run them with `make test`, which starts one"
            )
            return try DatabaseURL(parsing: text)
        }
    }

    /// Runs `body` with a new database (migrated unless told otherwise) and a token per role.
    static func with<Result: Sendable>(
        migrated: Bool = true, _ body: (TestServer) async throws -> Result
    ) async throws -> Result {
        let server = try serverURL
        let name = "rapport_srv_\(UInt64.random(in: 0..<UInt64.max) % 1_000_000_000_000)"
        _ = try await Database.with(server, logger: logger, maximumConnections: 1) { admin in
            try await admin.client.query("CREATE DATABASE \(unescaped: name) TEMPLATE template0", logger: admin.logger)
        }
        do {
            let result = try await Database.with(server.with(database: name), logger: logger, maximumConnections: 8) { database in
                var tokens: [Role: String] = [:]
                if migrated {
                    try await migrator.apply(to: database)
                    for role in Role.allCases {
                        tokens[role] = try await APITokens(database: database).create(name: "\(role.rawValue)-bot", role: role).token
                    }
                }
                return try await body(TestServer(database: database, tokens: tokens, metrics: ServerMetrics()))
            }
            try await drop(name, on: server)
            return result
        } catch {
            try? await drop(name, on: server)
            throw error
        }
    }

    static func drop(_ name: String, on server: DatabaseURL) async throws {
        _ = try await Database.with(server, logger: logger, maximumConnections: 1) { admin in
            try await admin.client.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: admin.logger)
        }
    }

    /// The production application over this database.
    /// The tests' configuration: no token cache, and a patience and readiness timeout far above what a
    /// healthy database needs even when the suite's 400 parallel tests queue behind each other on two
    /// cores (the production defaults, 2 s and 1 s, then turned a slow answer into a 503). The outage
    /// test sets its own, short ones.
    static let configuration = ServerConfiguration(
        port: 0, tokenCacheTTL: .zero, databasePatience: .seconds(60), readinessTimeout: .seconds(60))

    func application(configuration: ServerConfiguration = Self.configuration) throws
        -> some ApplicationProtocol
    {
        buildApplication(
            configuration: configuration, database: database, migrator: try Self.migrator, apiDocument: try Self.apiDocument,
            metrics: metrics, logger: Self.logger
        )
    }

    /// Runs `body` with a test client that talks to the router directly (no socket).
    func test<Value>(
        configuration: ServerConfiguration = Self.configuration,
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await application(configuration: configuration).test(.router, body)
    }

    func headers(_ role: Role?, contentType: String? = nil) -> HTTPFields {
        var fields = HTTPFields()
        if let role, let token = tokens[role] { fields[.authorization] = "Bearer \(token)" }
        if let contentType { fields[.contentType] = contentType }
        return fields
    }
}

extension ByteBuffer {
    init(text: String) { self.init(string: text) }
}

/// Decoding responses in tests.
enum Body {
    static func json(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        return try #require(object as? [String: Any], "expected a JSON object, got \(String(buffer: response.body))")
    }

    static func problemType(_ response: TestResponse) throws -> String? {
        #expect(response.headers[.contentType] == "application/problem+json")
        return try json(response)["type"] as? String
    }
}
