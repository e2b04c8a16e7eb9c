import PostgresNIO
import _ConnectionPoolModule

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why PostgreSQL cannot be used right now: nothing answers, it refused us, or it went away.
///
/// PostgresNIO reports these as a mix of its own errors, the server's SQLSTATEs, NIO socket errors
/// and the pool's circuit breaker. This sorts them into causes a person can act on, so the CLI prints
/// one line (and exits 4) and the HTTP service answers 503 instead of a 500. A failure of the query
/// itself (a constraint, a syntax error) is not a connection failure.
public struct ConnectionFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Cause: String, Sendable {
        /// Nothing listens on the host and port.
        case refused
        /// The connection could not be opened, for a reason the socket layer gave in `detail`.
        case cannotConnect
        /// The host did not answer within the connect timeout.
        case timedOut
        /// The host name does not resolve, or the network cannot reach it.
        case unknownHost
        /// The server refused the user name or password.
        case authentication
        /// The server has no such database.
        case missingDatabase
        /// The server is starting up, shutting down or recovering, and accepts no connections yet.
        case notAcceptingConnections
        /// The server ended the connection (shut down, crashed, or the link broke).
        case connectionLost
        /// The server has no connection slot left.
        case tooManyConnections
        /// TLS was required but could not be set up.
        case tls
        /// The pool has failed to connect for a while and fails requests at once until it succeeds.
        case stillFailing
    }

    public let cause: Cause
    /// The words of the server or the operating system, when there are any.
    public let detail: String?

    public init(_ cause: Cause, detail: String? = nil) {
        self.cause = cause
        self.detail = detail
    }

    /// What happened, in a few words.
    public var description: String {
        let summary: String =
            switch cause {
            case .refused: "connection refused (nothing is listening there)"
            case .cannotConnect: "the connection could not be opened"
            case .timedOut: "no answer within the connect timeout"
            case .unknownHost: "the host cannot be resolved or reached"
            case .authentication: "the server refused the credentials"
            case .missingDatabase: "the database does not exist"
            case .notAcceptingConnections: "the server is not accepting connections"
            case .connectionLost: "the server closed the connection"
            case .tooManyConnections: "the server has no connection slot left"
            case .tls: "TLS could not be set up"
            case .stillFailing: "connections have been failing for a while"
            }
        guard let detail, !detail.isEmpty else { return summary }
        return "\(summary) (\(detail))"
    }

    /// What to do about it.
    public var advice: String {
        switch cause {
        case .refused, .cannotConnect, .timedOut, .connectionLost, .notAcceptingConnections, .stillFailing:
            "Is PostgreSQL running? Start it (`rapport db start` for the embedded one) or check --database-url / DATABASE_URL."
        case .unknownHost: "Check the host in --database-url / DATABASE_URL."
        case .authentication: "Check the user name and password in --database-url / DATABASE_URL (or PGUSER / PGPASSWORD)."
        case .missingDatabase: "Create it (createdb) or name an existing one in --database-url / DATABASE_URL."
        case .tooManyConnections: "Try again later, or raise max_connections on the server."
        case .tls: "Check the server's TLS setup, or drop sslmode=require from the URL."
        }
    }

    /// The connection failure `error` stands for, or nil when it is something else (a query the server
    /// refused, a bug, a cancellation).
    public static func classify(_ error: any Error) -> ConnectionFailure? {
        switch error {
        case let transaction as PostgresTransactionError:
            let inner: (any Error)? =
                transaction.beginError ?? transaction.commitError ?? transaction.closureError ?? transaction.rollbackError
            return inner.flatMap(classify)
        case let pool as ConnectionPoolError:
            return pool == .connectionCreationCircuitBreakerTripped ? ConnectionFailure(.stillFailing) : nil
        case let psql as PSQLError:
            return classify(psql)
        case let legacy as PostgresError:
            // PostgresNIO's older error type, still thrown on the COPY path when the connection is
            // already gone ("NIOPostgres error: connection closed") and by its compatibility layer.
            switch legacy {
            case .connectionClosed: return ConnectionFailure(.connectionLost)
            case .server(let message):
                return serverFailure(sqlState: message.fields[.sqlState] ?? "", message: message.fields[.message])
            case .protocol: return nil
            }
        case let failure as ConnectionFailure:
            return failure
        default:
            return socketFailure(in: error)
        }
    }

    static func classify(_ error: PSQLError) -> ConnectionFailure? {
        switch error.code {
        case .server:
            return serverFailure(sqlState: error.serverInfo?[.sqlState] ?? "", message: error.serverInfo?[.message])
        case .connectionError:
            let detail = error.underlying.map(String.init(describing:))
            return error.underlying.flatMap { socketFailure(in: $0) } ?? ConnectionFailure(.cannotConnect, detail: detail)
        case .serverClosedConnection, .uncleanShutdown:
            return ConnectionFailure(.connectionLost, detail: error.underlying.flatMap { socketFailure(in: $0)?.detail })
        case .clientClosedConnection:
            // A pooled connection the server had just ended (its FATAL arrived while it was idle).
            return ConnectionFailure(.connectionLost, detail: error.underlying.flatMap { classify($0)?.detail })
        case .sslUnsupported, .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return ConnectionFailure(.tls)
        case .authMechanismRequiresPassword:
            return ConnectionFailure(.authentication, detail: "the server asks for a password and none was given")
        case .unsupportedAuthMechanism, .saslError:
            return ConnectionFailure(.authentication, detail: error.underlying.map(String.init(describing:)))
        case .unexpectedBackendMessage:
            // A FATAL that arrived while the connection was idle: PostgresNIO keeps the server's fields
            // private, but its debug description shows them.
            let text = String(reflecting: error)
            guard let state = field("Code", in: text) else { return nil }
            return serverFailure(sqlState: state, message: field("Message", in: text))
        default:
            if let underlying = error.underlying, error.code != .queryCancelled { return classify(underlying) }
            return nil
        }
    }

    /// The value of `name: "value"` in PostgresNIO's debug description of a server message.
    static func field(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "\(name): \"") else { return nil }
        let rest = text[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// SQLSTATEs that mean the server will not (or no longer) serve this connection.
    static func serverFailure(sqlState: String, message: String?) -> ConnectionFailure? {
        switch sqlState {
        case "28P01", "28000": return ConnectionFailure(.authentication, detail: message)
        case "3D000": return ConnectionFailure(.missingDatabase, detail: message)
        case "57P01", "57P02": return ConnectionFailure(.connectionLost, detail: message)
        case "57P03": return ConnectionFailure(.notAcceptingConnections, detail: message)
        case "53300": return ConnectionFailure(.tooManyConnections, detail: message)
        default:
            // Class 08: connection exceptions.
            return sqlState.hasPrefix("08") ? ConnectionFailure(.connectionLost, detail: message) : nil
        }
    }

    /// A socket error somewhere inside `error` (NIO nests them in its connection-attempt reports).
    static func socketFailure(in error: any Error) -> ConnectionFailure? {
        if let io = error as? IOError { return socketFailure(errno: io.errnoCode) }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout: return ConnectionFailure(.timedOut)
            case .ioOnClosedChannel, .eof, .alreadyClosed, .outputClosed, .inputClosed: return ConnectionFailure(.connectionLost)
            default: return nil
            }
        }
        // NIO's report of a connection attempt: the error per address tried, or the failed lookups.
        if let attempt = error as? NIOConnectionError {
            for tried in attempt.connectionErrors {
                if let failure = socketFailure(in: tried.error) { return failure }
            }
            if attempt.connectionErrors.isEmpty { return ConnectionFailure(.unknownHost, detail: attempt.host) }
        }
        return nil
    }

    static func socketFailure(errno code: CInt) -> ConnectionFailure {
        let text = String(cString: strerror(code))
        switch code {
        case ECONNREFUSED: return ConnectionFailure(.refused)
        case ETIMEDOUT: return ConnectionFailure(.timedOut)
        case EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL: return ConnectionFailure(.unknownHost, detail: text)
        default: return ConnectionFailure(.connectionLost, detail: text)
        }
    }
}
