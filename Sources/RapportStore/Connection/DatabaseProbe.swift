import Logging
import PostgresNIO

/// Opens one connection outside the pool to learn, within a bounded time, whether PostgreSQL accepts
/// connections now, and if not, why.
///
/// The pool cannot tell: while it fails to connect it queues requests for up to a minute, then fails
/// them with a circuit-breaker error that has lost the cause. The CLI probes before its first query,
/// so a dead port or a wrong password is one clear line at once; the HTTP service probes when a
/// request has waited long for the database, and for `/readyz`.
public struct DatabaseProbe: Sendable {
    public let url: DatabaseURL
    /// How long connecting (TCP, TLS, authentication) and `SELECT 1` may take together.
    public var timeout: Duration

    public init(url: DatabaseURL, timeout: Duration = .seconds(10)) {
        self.url = url
        self.timeout = timeout
    }

    /// Nil when a connection could be opened and answered `SELECT 1`; otherwise why not.
    public func failure(logger: Logger) async -> ConnectionFailure? {
        do {
            try await check(logger: logger)
            return nil
        } catch {
            return ConnectionFailure.classify(error) ?? ConnectionFailure(.connectionLost, detail: "\(error)")
        }
    }

    /// Throws the connection's error, or a ``ConnectionFailure`` of cause `timedOut`.
    public func check(logger: Logger) async throws {
        let configuration = try connectionConfiguration()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                do {
                    _ = try await connection.query("SELECT 1", logger: logger).collect()
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw ConnectionFailure(.timedOut, detail: "no answer within \(timeout.seconds) s")
            }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            url.requireTLS ? .prefer(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database, tls: tls
        )
        configuration.options.connectTimeout = .nanoseconds(Int64(timeout.seconds * 1e9))
        return configuration
    }
}
