import Foundation

/// Where Rapport's PostgreSQL is, as resolved from flags and the environment.
///
/// Resolution order: `--database-url`, then `DATABASE_URL`, then libpq's `PGHOST`/`PGPORT`/`PGUSER`/
/// `PGPASSWORD`/`PGDATABASE` (when `PGHOST` or `PGDATABASE` is set), else the embedded cluster.
public enum DatabaseTarget: Sendable, Equatable {
    case url(DatabaseURL)
    case embedded

    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DatabaseTarget {
        if let flag, !flag.isEmpty { return .url(try DatabaseURL(parsing: flag)) }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .url(try DatabaseURL(parsing: url)) }
        if environment["PGHOST"] != nil || environment["PGDATABASE"] != nil {
            let user = environment["PGUSER"] ?? environment["USER"] ?? "postgres"
            return .url(
                DatabaseURL(
                    host: environment["PGHOST"] ?? "localhost",
                    port: Int(environment["PGPORT"] ?? "") ?? 5432,
                    username: user,
                    password: environment["PGPASSWORD"],
                    database: environment["PGDATABASE"] ?? user,
                    requireTLS: environment["PGSSLMODE"].map { ["require", "verify-ca", "verify-full"].contains($0) } ?? false
                )
            )
        }
        return .embedded
    }
}

/// A parsed `postgres://user:password@host:port/database?sslmode=...` URL.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var requireTLS: Bool

    public init(host: String, port: Int, username: String, password: String?, database: String, requireTLS: Bool = false) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.requireTLS = requireTLS
    }

    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw DatabaseConfigurationError("database URL must look like postgres://user:password@host:5432/database, got '\(DatabaseURL.redacting(text))'")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        self.host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? query["host"] ?? "localhost"
        self.port = components.port ?? 5432
        self.username = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        self.password = components.password.flatMap { $0.removingPercentEncoding }
        self.database = database.isEmpty ? self.username : database
        self.requireTLS = ["require", "verify-ca", "verify-full"].contains(query["sslmode"] ?? "")
    }

    /// The URL with its password, for `rapport db url`.
    public var urlString: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        if requireTLS { components.queryItems = [URLQueryItem(name: "sslmode", value: "require")] }
        return components.string ?? "postgres://\(username)@\(host):\(port)/\(database)"
    }

    /// The URL without its password, safe for logs and messages.
    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }

    /// A copy of this URL pointing at another database on the same server.
    public func with(database: String) -> DatabaseURL {
        var copy = self
        copy.database = database
        return copy
    }

    static func redacting(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let schemeEnd = text.range(of: "://") else { return text }
        return String(text[..<schemeEnd.upperBound]) + "…" + String(text[at...])
    }
}

/// The database configuration is unusable; the message says how to fix it.
public struct DatabaseConfigurationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
