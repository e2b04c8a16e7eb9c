import PostgresNIO

/// Errors from the store that a caller (the CLI, the HTTP service) can switch on.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// PostgreSQL could not be reached.
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
            "cannot reach PostgreSQL at \(url): \(detail). Is it running? (`rapport db start` starts the embedded one; check --database-url / DATABASE_URL)"
        case .schemaNotCurrent(let detail): "\(detail). Run `rapport migrate`."
        case .unknownIdentifier(let identifier): "no profile is known for \(identifier)"
        case .refused(let reason): reason
        case .query(let detail): "database error: \(detail)"
        }
    }

    /// Turns PostgresNIO's errors into a `StoreError` whose message a person can act on.
    static func wrapping(_ error: any Error, url: DatabaseURL) -> any Error {
        if error is StoreError || error is CancellationError { return error }
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                return StoreError.query(detail: message + (psql.serverInfo?[.detail].map { " (\($0))" } ?? ""))
            }
            return StoreError.unreachable(url: url.description, detail: summary(of: psql))
        }
        return error
    }

    /// The error inside PostgresNIO's transaction wrapper; a server error becomes ``query(detail:)``.
    static func unwrapping(_ error: any Error) -> any Error {
        var inner = error
        if let transaction = error as? PostgresTransactionError {
            inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? transaction.rollbackError ?? error
        }
        if let psql = inner as? PSQLError, let message = psql.serverInfo?[.message] {
            return StoreError.query(detail: message + (psql.serverInfo?[.detail].map { " (\($0))" } ?? ""))
        }
        return inner
    }

    /// A one-line account of a PostgresNIO error (its `description` is redacted on purpose).
    static func summary(of error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            if let underlying = psql.underlying { return String(describing: underlying) }
            return "\(psql.code)"
        }
        return String(describing: error)
    }
}
