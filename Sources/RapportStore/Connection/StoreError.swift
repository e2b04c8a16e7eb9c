import PostgresNIO

/// Errors from the store that a caller (the CLI, the HTTP service) can switch on.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// PostgreSQL could not be reached, refused the connection or went away; `detail` says why and
    /// what to do (see ``ConnectionFailure``).
    case unreachable(url: String, detail: String)
    /// The database lacks migrations (or has changed ones); run `rapport migrate`.
    case schemaNotCurrent(detail: String)
    /// No identity or profile matches the identifier.
    case unknownIdentifier(String)
    /// A request the store refuses, with the reason (guardrails, invalid state).
    case refused(String)
    /// A query failed; `detail` is the server's message.
    case query(detail: String)

    public var description: String {
        switch self {
        case .unreachable(let url, let detail):
            "cannot use PostgreSQL at \(url): \(detail)"
        case .schemaNotCurrent(let detail): "\(detail). Run `rapport migrate`."
        case .unknownIdentifier(let identifier): "no profile is known for \(identifier)"
        case .refused(let reason): reason
        case .query(let detail): "database error: \(detail)"
        }
    }

    /// The ``unreachable(url:detail:)`` error for a connection failure, with its advice.
    public static func unreachable(_ failure: ConnectionFailure, url: DatabaseURL) -> StoreError {
        .unreachable(url: url.description, detail: "\(failure). \(failure.advice)")
    }

    /// Turns PostgresNIO's errors into a `StoreError` whose message a person can act on.
    static func wrapping(_ error: any Error, url: DatabaseURL) -> any Error {
        if error is StoreError || error is CancellationError { return error }
        if let failure = ConnectionFailure.classify(error) { return unreachable(failure, url: url) }
        if let psql = error as? PSQLError {
            guard let message = psql.serverInfo?[.message] else { return StoreError.query(detail: "\(psql.code)") }
            return StoreError.query(detail: message + (psql.serverInfo?[.detail].map { " (\($0))" } ?? ""))
        }
        return error
    }

    /// The error inside PostgresNIO's transaction wrapper; a server error becomes ``query(detail:)``.
    /// A lost connection stays PostgresNIO's error, so callers can still tell it apart
    /// (``ConnectionFailure/classify(_:)``).
    static func unwrapping(_ error: any Error) -> any Error {
        var inner = error
        if let transaction = error as? PostgresTransactionError {
            inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? transaction.rollbackError ?? error
        }
        if ConnectionFailure.classify(inner) != nil { return inner }
        if let psql = inner as? PSQLError, let message = psql.serverInfo?[.message] {
            return StoreError.query(detail: message + (psql.serverInfo?[.detail].map { " (\($0))" } ?? ""))
        }
        return inner
    }
}
