import Foundation
import Logging
import PostgresNIO
import RapportStore

/// A database a benchmark creates, migrates, uses and drops on the configured server.
struct ScratchDatabase {
    let server: DatabaseURL
    let name: String
    /// A database to copy (nil: start empty from template0).
    var template: String? = nil
    let schemaDirectory: URL
    let logger: Logger

    /// Runs `body` on the database, created afresh and migrated; dropped afterwards unless `keep`.
    func with<T: Sendable>(keep: Bool = false, _ body: (Database) async throws -> T) async throws -> T {
        try await create()
        do {
            let result = try await Database.with(server.with(database: name), logger: logger) { database in
                try await Migrator(directory: schemaDirectory).apply(to: database)
                try await database.client.query("CHECKPOINT", logger: logger)
                return try await body(database)
            }
            if !keep { try await drop() }
            return result
        } catch {
            if !keep { try? await drop() }
            throw error
        }
    }

    /// Drops the database and creates it afresh. The names are the benchmarks' constants.
    private func create() async throws {
        try await Database.with(server, logger: logger, maximumConnections: 1) { admin in
            try await admin.client.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger)
            if let template {
                // FILE_COPY copies the files after a checkpoint instead of writing them all to the WAL.
                try await admin.client.query(
                    "CREATE DATABASE \(unescaped: name) TEMPLATE \(unescaped: template) STRATEGY FILE_COPY", logger: logger)
            } else {
                try await admin.client.query("CREATE DATABASE \(unescaped: name) TEMPLATE template0", logger: logger)
            }
        }
    }

    private func drop() async throws {
        try await Database.with(server, logger: logger, maximumConnections: 1) { admin in
            _ = try await admin.client.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger)
        }
    }
}

/// A kept set-up store, recognised by a tag (its parameters) in the database's comment.
struct SetupCopy {
    let server: DatabaseURL
    let name: String
    let tag: String
    let logger: Logger

    /// Whether the database exists and was marked with this tag (a set-up that did not finish has none).
    func exists() async throws -> Bool {
        try await Database.with(server, logger: logger, maximumConnections: 1) { admin in
            let rows = try await admin.client.query(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = \(name)", logger: logger)
            for try await comment in rows.decode(String?.self) where comment == tag { return true }
            return false
        }
    }

    /// Marks the finished set-up with the tag.
    func mark() async throws {
        let literal = "'" + tag.replacingOccurrences(of: "'", with: "''") + "'"
        try await Database.with(server, logger: logger, maximumConnections: 1) { admin in
            _ = try await admin.client.query("COMMENT ON DATABASE \(unescaped: name) IS \(unescaped: literal)", logger: logger)
        }
    }
}
