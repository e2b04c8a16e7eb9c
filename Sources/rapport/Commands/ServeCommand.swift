import ArgumentParser
import Foundation
import RapportServer
import RapportStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the HTTP API (OpenAPI contract at /openapi.yaml) until SIGTERM or SIGINT.",
        discussion: """
            Checks the database schema first: an outdated database is a start-up error (exit 5) unless \
            --migrate applies the pending migrations. Callers authenticate with bearer tokens made by \
            `rapport token create`. On SIGTERM or SIGINT the server stops accepting connections, lets \
            in-flight requests finish, then closes the database pool. docs/http.md describes the routes, \
            roles, errors and metrics.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Apply pending migrations before serving.") var migrate = false
    @Option(help: "Database connections in the pool.") var poolSize = 20
    @Option(help: "Largest request body accepted, in bytes (413 above it).") var maxBodyBytes = 8 << 20
    @Option(help: "Seconds a token check is remembered (a revoked token stops working within this time).") var tokenCacheSeconds = 5
    @Option(
        help: ArgumentHelp(
            "Also run the nightly job (as `rapport report nightly`: classify, themes, store the last 24 hours' flaw report) every day at this UTC time.",
            valueName: "HH:MM"))
    var nightlyAt: String?

    func validate() throws {
        guard (1...65_535).contains(port) || port == 0 else { throw ValidationError("--port takes 0 to 65535") }
        guard poolSize >= 1 else { throw ValidationError("--pool-size takes a positive number") }
        guard maxBodyBytes >= 1_024 else { throw ValidationError("--max-body-bytes takes at least 1024") }
        guard tokenCacheSeconds >= 0 else { throw ValidationError("--token-cache-seconds takes 0 or more") }
        if let nightlyAt, NightlySchedule.TimeOfDay(nightlyAt) == nil {
            throw ValidationError("--nightly-at takes a UTC time of day as HH:MM (e.g. 02:30), not '\(nightlyAt)'")
        }
    }

    func run() async throws {
        let configuration = ServerConfiguration(
            host: host, port: port, maxBodyBytes: maxBodyBytes, tokenCacheTTL: .seconds(tokenCacheSeconds)
        )
        let (migrate, logger) = (self.migrate, database.logger())
        let nightly = nightlyAt.flatMap(NightlySchedule.TimeOfDay.init)
        try await reportingErrors {
            try await database.withDatabase(requireSchema: false, maximumConnections: poolSize) { database in
                let migrator = try Migrator(directory: try Migrator.locateSchemaDirectory())
                if migrate {
                    let applied = try await migrator.apply(to: database)
                    if !applied.isEmpty {
                        printError("applied \(applied.count) migration(s): \(applied.map(\.name).joined(separator: ", "))")
                    }
                } else {
                    try await migrator.requireCurrent(database)
                }
                let document = try APIDocument.load()
                printError("serving on http://\(configuration.host):\(configuration.port) (database \(database.url))")
                if let nightly { printError("nightly report every day at \(nightly) UTC") }
                try await runServer(
                    configuration: configuration, database: database, migrator: migrator, apiDocument: document, nightlyAt: nightly,
                    logger: logger)
            }
        }
    }
}
