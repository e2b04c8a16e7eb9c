import ArgumentParser
import Foundation
import Logging
import RapportCore
import RapportStore

/// Where the database is. Shared by every command that touches the store.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL URL, e.g. postgres://user:pass@host:5432/rapport. Default: DATABASE_URL, then PG* variables, then the embedded cluster.",
            valueName: "url"
        )
    )
    var databaseURL: String?

    @Option(name: .customLong("log-level"), help: "Log level on stderr: trace, debug, info, notice, warning, error.")
    var logLevel: String = ProcessInfo.processInfo.environment["RAPPORT_LOG_LEVEL"] ?? "warning"

    func logger() -> Logger {
        var logger = Logger(label: "rapport")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        return logger
    }

    /// Resolves the database (starting the embedded cluster if that is the one), opens a pool,
    /// checks the schema is current unless `requireSchema` is false, and runs `body`.
    func withDatabase<Result: Sendable>(
        requireSchema: Bool = true, maximumConnections: Int = 8, _ body: (Database) async throws -> Result
    ) async throws -> Result {
        let url = try await resolveURL()
        return try await RapportStore.Database.with(url, logger: logger(), maximumConnections: maximumConnections) { database in
            if requireSchema {
                try await Migrator(directory: try Migrator.locateSchemaDirectory()).requireCurrent(database)
            }
            return try await body(database)
        }
    }

    func resolveURL() async throws -> DatabaseURL {
        switch try DatabaseTarget.resolve(flag: databaseURL) {
        case .url(let url): return url
        case .embedded: return try await EmbeddedCluster.fromEnvironment().startWithDatabase(logger: logger())
        }
    }
}

/// Output formats shared by commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl
}

/// Output formats for summaries: human text or one JSON object.
enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// The process exit codes, documented in the root command's help and the README.
enum ExitStatus {
    static let rejectedRows: Int32 = 2
    static let unknownIdentifier: Int32 = 3
    static let databaseUnavailable: Int32 = 4
    static let schemaNotCurrent: Int32 = 5
    static let refused: Int32 = 6
}

/// Prints a store error as one clear line on stderr and turns it into the documented exit code.
func reportingErrors<Result>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as StoreError {
        printError(error.description)
        switch error {
        case .unreachable: throw ExitCode(ExitStatus.databaseUnavailable)
        case .schemaNotCurrent: throw ExitCode(ExitStatus.schemaNotCurrent)
        case .unknownIdentifier: throw ExitCode(ExitStatus.unknownIdentifier)
        case .refused: throw ExitCode(ExitStatus.refused)
        case .query: throw ExitCode.failure
        }
    } catch let error as ClusterError {
        printError(error.description)
        throw ExitCode(ExitStatus.databaseUnavailable)
    } catch let error as DatabaseConfigurationError {
        printError(error.description)
        throw ExitCode(ExitStatus.databaseUnavailable)
    } catch let error as IdentifierError {
        printError(error.description)
        throw ExitCode.validationFailure
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("rapport: \(message)\n".utf8))
}

/// Parses identifier text from the command line, with the error a person expects.
func parseIdentifier(_ text: String) throws -> Identifier {
    do {
        return try Identifier.parse(text)
    } catch {
        printError(error.description)
        throw ExitCode.validationFailure
    }
}

/// Parses `2026-11-20`, `2026-11-20T10:00:00Z` or a relative `24h` / `7d` / `30m` (before now).
func parseTime(_ text: String, now: Date = Date()) -> Date? {
    if let last = text.last, let amount = Double(text.dropLast()) {
        switch last {
        case "m": return now.addingTimeInterval(-amount * 60)
        case "h": return now.addingTimeInterval(-amount * 3600)
        case "d": return now.addingTimeInterval(-amount * 86400)
        case "w": return now.addingTimeInterval(-amount * 7 * 86400)
        default: break
        }
    }
    let formatter = ISO8601DateFormatter()
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withFullDate]
    return formatter.date(from: text)
}
