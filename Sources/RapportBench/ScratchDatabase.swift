import Foundation
import Logging
import PostgresNIO
import RapportStore

/// A database a benchmark creates, migrates, uses and drops on the configured server.
struct ScratchDatabase {
    let server: DatabaseURL
    let name: String
    let schemaDirectory: URL
    let logger: Logger

    func with<T: Sendable>(_ body: (Database) async throws -> T) async throws -> T {
        try await recreate(keep: true)
        do {
            let result = try await Database.with(server.with(database: name), logger: logger) { database in
                try await Migrator(directory: schemaDirectory).apply(to: database)
                try await database.client.query("CHECKPOINT", logger: logger)
                return try await body(database)
            }
            try await recreate(keep: false)
            return result
        } catch {
            try? await recreate(keep: false)
            throw error
        }
    }

    /// Drops the database, and creates it afresh when `keep`. The name is the benchmark's constant.
    private func recreate(keep: Bool) async throws {
        try await Database.with(server, logger: logger, maximumConnections: 1) { admin in
            try await admin.client.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger)
            if keep {
                try await admin.client.query("CREATE DATABASE \(unescaped: name) TEMPLATE template0", logger: logger)
            }
        }
    }
}
