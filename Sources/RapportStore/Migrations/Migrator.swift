import Foundation
import PostgresNIO

/// One numbered SQL file from `schema/` (`NNN_name.sql`).
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 of the file's bytes: an applied migration whose file changed is refused.
    public let checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hex(sql)
    }
}

/// Where a migration stands against a database, for `rapport migrate --status`.
public struct MigrationState: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable { case applied, pending, changed, unknown }
    public let version: Int
    public let name: String
    public let status: Status
    public let appliedAt: Date?
}

/// Loads the migrations and applies them in order, each in its own transaction.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Reads `NNN_name.sql` files from `directory`.
    public init(directory: URL) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }.sorted()
        var migrations: [Migration] = []
        for file in files {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw StoreError.refused("schema file \(file) is not named NNN_name.sql")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        if let duplicate = Dictionary(grouping: migrations, by: \.version).first(where: { $0.value.count > 1 }) {
            throw StoreError.refused("two schema files share the number \(duplicate.key)")
        }
        self.init(migrations: migrations)
    }

    /// The `schema/` folder: `$RAPPORT_SCHEMA_DIR`, `<prefix>/share/rapport/schema` beside an installed
    /// binary, or the nearest `schema/` above the executable or the working directory (a checkout).
    public static func locateSchemaDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let configured = environment["RAPPORT_SCHEMA_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        var starts: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        starts.append(executable)
        starts.append(executable.deletingLastPathComponent().appendingPathComponent("share/rapport"))
        starts.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        for start in starts {
            var directory = start.standardizedFileURL
            for _ in 0..<6 {
                let candidate = directory.appendingPathComponent("schema")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("001_core.sql").path) {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw StoreError.refused("cannot find Rapport's schema/ folder (set RAPPORT_SCHEMA_DIR to it)")
    }

    private static let lockKey: Int64 = 0x7261_7070  // "rapp"

    /// Each migration's state in `database`.
    public func status(in database: Database) async throws -> [MigrationState] {
        let applied = try await appliedMigrations(database)
        var states: [MigrationState] = migrations.map { migration in
            guard let row = applied[migration.version] else {
                return MigrationState(version: migration.version, name: migration.name, status: .pending, appliedAt: nil)
            }
            return MigrationState(
                version: migration.version, name: migration.name, status: row.checksum == migration.checksum ? .applied : .changed,
                appliedAt: row.appliedAt
            )
        }
        let known = Set(migrations.map(\.version))
        for (version, row) in applied where !known.contains(version) {
            states.append(MigrationState(version: version, name: row.name, status: .unknown, appliedAt: row.appliedAt))
        }
        return states.sorted { $0.version < $1.version }
    }

    /// Applies every pending migration in order; refuses when an applied one's file changed.
    @discardableResult
    public func apply(to database: Database) async throws -> [Migration] {
        try await database.client.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """,
            logger: database.logger
        )
        var appliedNow: [Migration] = []
        for migration in migrations {
            let applied: Bool = try await database.transaction { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: database.logger)
                let rows = try await connection.query(
                    "SELECT checksum FROM schema_migrations WHERE version = \(migration.version)", logger: database.logger
                )
                for try await checksum in rows.decode(String.self) {
                    guard checksum == migration.checksum else {
                        throw StoreError.refused(
                            "schema/\(String(format: "%03d", migration.version))_\(migration.name).sql was changed after it was applied (checksum \(checksum.prefix(12))… in the database, \(migration.checksum.prefix(12))… on disk). Applied migrations are never edited: restore the file and add a new migration instead."
                        )
                    }
                    return false
                }
                for statement in SQLScript.statements(in: migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))",
                    logger: database.logger
                )
                return true
            }
            if applied { appliedNow.append(migration) }
        }
        return appliedNow
    }

    /// Throws ``StoreError/schemaNotCurrent(detail:)`` unless every migration is applied unchanged.
    public func requireCurrent(_ database: Database) async throws {
        let states = try await status(in: database)
        let pending = states.filter { $0.status == .pending }
        if let changed = states.first(where: { $0.status == .changed }) {
            throw StoreError.schemaNotCurrent(detail: "migration \(changed.version) (\(changed.name)) changed since it was applied")
        }
        if pending.count == migrations.count {
            throw StoreError.schemaNotCurrent(detail: "the database \(database.url) has no Rapport schema yet")
        }
        if !pending.isEmpty {
            throw StoreError.schemaNotCurrent(
                detail: "the database is outdated: \(pending.count) migration(s) pending (\(pending.map { "\($0.version)_\($0.name)" }.joined(separator: ", ")))"
            )
        }
    }

    private struct AppliedRow { let name: String; let checksum: String; let appliedAt: Date }

    private func appliedMigrations(_ database: Database) async throws -> [Int: AppliedRow] {
        let exists = try await database.client.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: database.logger)
        var tableExists = false
        for try await value in exists.decode(Bool.self) { tableExists = value }
        guard tableExists else { return [:] }
        let rows = try await database.client.query(
            "SELECT version, name, checksum, applied_at FROM schema_migrations", logger: database.logger
        )
        var result: [Int: AppliedRow] = [:]
        for try await (version, name, checksum, appliedAt) in rows.decode((Int, String, String, Date).self) {
            result[version] = AppliedRow(name: name, checksum: checksum, appliedAt: appliedAt)
        }
        return result
    }
}
