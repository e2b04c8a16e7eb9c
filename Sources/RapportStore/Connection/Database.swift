import Logging
import PostgresNIO

/// A running connection pool to Rapport's PostgreSQL. Connections are only lent inside closures.
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    public let url: DatabaseURL

    /// Runs `body` with a pool to `url`, running the pool for exactly that long.
    public static func with<Result: Sendable>(
        _ url: DatabaseURL, logger: Logger = Logger(label: "rapport.store"), maximumConnections: Int = 8,
        _ body: (Database) async throws -> Result
    ) async throws -> Result {
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: url.requireTLS ? .prefer(.makeClientConfiguration()) : .disable
        )
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        // PostgresNIO warns when a query is queued before `run()` has started, which is the normal
        // order here; its own logs show only from `error` unless the caller asked for debug detail.
        var driverLogger = logger
        if driverLogger.logLevel > .debug { driverLogger.logLevel = max(driverLogger.logLevel, .error) }
        let client = PostgresClient(configuration: configuration, backgroundLogger: driverLogger)
        let database = Database(client: client, logger: driverLogger, url: url)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            do {
                try await database.checkReachable()
                return try await body(database)
            } catch {
                throw StoreError.wrapping(error, url: url)
            }
        }
    }

    /// Fails fast, with a readable message, when the server cannot be reached.
    func checkReachable() async throws {
        do {
            _ = try await client.query("SELECT 1", logger: logger).collect()
        } catch {
            throw StoreError.unreachable(url: url.description, detail: StoreError.summary(of: error))
        }
    }

    /// Runs `body` in one transaction on one connection.
    public func transaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw StoreError.unwrapping(error)
        }
    }
}

extension PostgresConnection {
    /// `withTransaction` whose errors are the ones the closure threw (or the server's, as
    /// ``StoreError/query(detail:)``), not PostgresNIO's wrapper.
    func inTransaction<Result: Sendable>(logger: Logger, _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw StoreError.unwrapping(error)
        }
    }
}
