import Logging
import NIOCore
import PostgresNIO

/// A running connection pool to Rapport's PostgreSQL. Connections are only lent inside closures.
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    public let url: DatabaseURL

    /// How long opening a connection may take before it counts as failed.
    public static let connectTimeout: Duration = .seconds(10)

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
        configuration.options.connectTimeout = Self.connectTimeout
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

    /// Fails fast, with a readable message, when the server cannot be reached. Probes outside the
    /// pool, which would queue the first query for up to a minute and then hide the cause.
    func checkReachable() async throws {
        if let failure = await DatabaseProbe(url: url, timeout: Self.connectTimeout).failure(logger: logger) {
            throw StoreError.unreachable(failure, url: url)
        }
    }

    /// Runs `body` in one transaction on one connection.
    public func transaction<Result: Sendable>(
        isolation: isolated (any Actor)? = #isolation, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let logger = self.logger
        do {
            return try await client.withConnection(isolation: isolation) { connection in
                try await connection.inTransaction(logger: logger, isolation: isolation, body)
            }
        } catch {
            throw StoreError.unwrapping(error)
        }
    }
}

extension PostgresConnection {
    /// Runs `body` between `BEGIN` and `COMMIT`, rolling back when it throws. Its errors are the ones
    /// the closure threw (a server error as ``StoreError/query(detail:)``).
    ///
    /// Not PostgresNIO's `withTransaction`: when the server ends the session under a statement (a
    /// fast shutdown, `pg_terminate_backend`), that one sends `ROLLBACK` on the dead connection, which
    /// never returns (see ``guardedQuery(_:logger:file:line:)``). The server has rolled the
    /// transaction back already, so none is sent then.
    func inTransaction<Result: Sendable>(
        logger: Logger, isolation: isolated (any Actor)? = #isolation, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            try await guardedQuery("BEGIN", logger: logger)
            let result: Result
            do {
                result = try await body(self)
            } catch {
                if ConnectionFailure.classify(error) == nil {
                    _ = try? await guardedQuery("ROLLBACK", logger: logger)
                }
                throw error
            }
            try await guardedQuery("COMMIT", logger: logger)
            return result
        } catch {
            throw StoreError.unwrapping(error)
        }
    }
}

extension PostgresConnection {
    /// `query`, but failing at once with a ``ConnectionFailure`` when the server has already closed
    /// this connection.
    ///
    /// PostgresNIO 1.33.2 never answers a query written to a connection whose channel is closed (the
    /// write fails, and nothing fails the query's promise), so a statement issued after the server
    /// ended the session would wait forever. Between the statements of a load or a transaction is
    /// exactly where an outage strikes; use this there.
    ///
    /// The check alone leaves a window: the server may end the session just after it. So the
    /// statement also runs under ``abandoningIfClosed(_:)``, which gives up on it once the
    /// connection is seen closed.
    @discardableResult
    func guardedQuery(_ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line) async throws
        -> PostgresRowSequence
    {
        try requireOpen()
        return try await abandoningIfClosed { try await self.query(query, logger: logger, file: file, line: line) }
    }

    /// `copyFrom` of one prepared payload, given up on like ``guardedQuery(_:logger:file:line:)``
    /// when the connection closes under it.
    func guardedCopy(table: String, columns: [String], payload: ByteBuffer, logger: Logger) async throws {
        try requireOpen()
        try await abandoningIfClosed {
            try await self.copyFrom(table: table, columns: columns, logger: logger) { writer in try await writer.write(payload) }
        }
    }

    /// `body`'s outcome, or a ``ConnectionFailure`` of cause `connectionLost` when this connection
    /// has been closed for `grace` and `body` has still not answered.
    ///
    /// A statement whose connection the server closes while it runs fails by itself; one written
    /// just after the close may never answer (PostgresNIO 1.33.2). ``AbandonableWork/race(_:verdict:)``
    /// lets such a statement be left behind (cancelled) instead of holding the caller forever.
    func abandoningIfClosed<Value: Sendable>(
        grace: Duration = .seconds(1), _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await AbandonableWork.race(body) { [self] in
            while !isClosed { try await Task.sleep(for: .milliseconds(50)) }
            try await Task.sleep(for: grace)
            return ConnectionFailure(.connectionLost)
        }
    }

    /// Throws a ``ConnectionFailure`` when the server has closed this connection.
    func requireOpen() throws {
        if isClosed { throw ConnectionFailure(.connectionLost) }
    }
}
