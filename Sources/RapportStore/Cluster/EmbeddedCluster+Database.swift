import Logging
import PostgresNIO

extension EmbeddedCluster {
    /// Starts the cluster (creating it on first use) and makes sure Rapport's database exists.
    public func startWithDatabase(logger: Logger = Logger(label: "rapport.cluster")) async throws -> DatabaseURL {
        let url = try start()
        let name = url.database
        try await Database.with(url.with(database: "postgres"), logger: logger, maximumConnections: 1) { admin in
            let rows = try await admin.client.query("SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger)
            var exists = false
            for try await _ in rows { exists = true }
            if !exists {
                // Database names cannot be bound as parameters; this one is Rapport's own constant.
                try await admin.client.query("CREATE DATABASE \(unescaped: Self.databaseName)", logger: logger)
            }
        }
        return url
    }
}
