import Foundation
import Logging
import PostgresNIO
import RapportDemo
import RapportIngest
import RapportInsight
import RapportStore

/// `rapport bench nightly`: the nightly job over the last day of a large store, against the time
/// PostgreSQL needs just to read that day's rows.
///
/// Setup (untimed): a scratch database gets the history (all rows but the last day's) through
/// `InteractionLoader`, classified and themed as earlier nights would have left it, then the last
/// day's rows; `VACUUM ANALYZE` brings both tables to the steady state autovacuum keeps them in.
/// Timed:
/// - raw: `COPY (SELECT * FROM interactions WHERE occurred_at in the last day) TO STDOUT` through
///   `psql` into /dev/null — the median of three runs;
/// - rapport: ``NightlyReport`` for that day: classify the new rows, place their complaints in
///   themes, read what the report needs, analyse, store the report.
public struct NightlyBenchmark: Sendable {
    public struct Result: Sendable, Codable {
        public var rows: Int
        public var recentRows: Int
        public var profiles: Int
        public var copySeconds: Double
        public var copyRuns: Int
        public var nightlySeconds: Double
        /// nightly / raw COPY; the target is ≤ 5.
        public var ratio: Double
        /// The nightly job's steps (see ``NightlyOutcome/seconds``).
        public var steps: [String: Double]
        public var classified: Int
        public var complaints: Int
        public var themes: Int
        public var listedThemes: Int
        public var flaggedThemes: Int
        public var setupSeconds: Double
        /// The set-up came from a kept copy (``NightlyBenchmark/reuseSetup``): `setupSeconds` is the
        /// time to clone it.
        public var setupReused: Bool
        /// CPU seconds the nightly job took in this process (Swift: classification, themes, analysis).
        public var nightlyCPUSeconds: Double
        /// CPU seconds the PostgreSQL server's processes took meanwhile (nil: not measurable here, a
        /// remote server or not Linux; a lower bound, see ``CPUTime``).
        public var serverCPUSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case rows, profiles, ratio, steps, classified, complaints, themes
            case nightlyCPUSeconds = "nightly_cpu_seconds", serverCPUSeconds = "server_cpu_seconds"
            case recentRows = "recent_rows", copySeconds = "copy_seconds", copyRuns = "copy_runs"
            case nightlySeconds = "nightly_seconds", listedThemes = "listed_themes", flaggedThemes = "flagged_themes"
            case setupSeconds = "setup_seconds", setupReused = "setup_reused"
        }
    }

    public var server: DatabaseURL
    public var rows: Int
    public var profiles: Int
    public var recentShare: Double
    public var workDirectory: URL
    public var schemaDirectory: URL
    public var logger: Logger
    /// Leave the scratch database (`rapport_bench_nightly`) in place afterwards, to inspect it.
    public var keepDatabase: Bool
    /// Keep the set-up store (`rapport_bench_nightly_setup`) and, when it matches this run's
    /// parameters and day, start from a copy of it instead of building it again: the timed part then
    /// repeats on an identical store without the untimed set-up (about 15 minutes at 10M rows).
    public var reuseSetup: Bool

    public init(
        server: DatabaseURL, rows: Int, profiles: Int, recentShare: Double = 0.1, workDirectory: URL, schemaDirectory: URL, logger: Logger,
        keepDatabase: Bool = false, reuseSetup: Bool = false
    ) {
        self.keepDatabase = keepDatabase
        self.reuseSetup = reuseSetup
        self.server = server
        self.rows = rows
        self.profiles = profiles
        self.recentShare = recentShare
        self.workDirectory = workDirectory
        self.schemaDirectory = schemaDirectory
        self.logger = logger
    }

    public func run(progress: (String) -> Void) async throws -> Result {
        if let problem = BenchmarkDataWriter.validate(interactions: rows, profiles: profiles, recentShare: recentShare, historyDays: 30) {
            throw StoreError.refused(problem.description)
        }
        let psql = try Self.locatePsql()
        let end = DemoGenerator.defaultEnd()
        let writer = BenchmarkDataWriter(interactions: rows, profiles: profiles, seed: 11, recentShare: recentShare, end: end)
        let period = try FlawPeriod(lasting: 86_400, endingAt: end)
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        let name = "rapport_bench_nightly"
        let setupStarted = ContinuousClock.now
        var reused = false
        if reuseSetup {
            let tag = "rows=\(rows) profiles=\(profiles) recent=\(recentShare) end=\(Self.isoTime(end))"
            reused = try await SetupCopy(server: server, name: Self.setupDatabase, tag: tag, logger: logger).exists()
            if !reused {
                progress("building the set-up store \(Self.setupDatabase), kept for later runs")
                try await scratch(Self.setupDatabase).with(keep: true) { database in
                    try await setUp(database, writer: writer, period: period, progress: progress)
                }
                try await SetupCopy(server: server, name: Self.setupDatabase, tag: tag, logger: logger).mark()
            }
            progress("copying \(Self.setupDatabase) to \(name)")
        }
        return try await scratch(name, template: reuseSetup ? Self.setupDatabase : nil).with(keep: keepDatabase) { database in
            if !reuseSetup { try await setUp(database, writer: writer, period: period, progress: progress) }
            let setupSeconds = Self.seconds(since: setupStarted)

            progress("timing raw COPY of the last day (3 runs)")
            var copies: [Double] = []
            for _ in 0..<3 {
                copies.append(try Self.timeCopy(psql: psql, url: server.with(database: name), from: period.from, to: period.to))
            }
            copies.sort()

            progress("timing rapport report nightly")
            let before = CPUTime.now()
            let outcome = try await NightlyReport(database: database).run(period: period, asOf: period.to)
            let cpu = CPUTime.now().since(before)
            let themes = try await ThemeCatalog(database: database).list().count
            let nightly = outcome.seconds["total"] ?? 0
            return Result(
                rows: rows, recentRows: writer.recentRows, profiles: profiles, copySeconds: copies[1], copyRuns: copies.count,
                nightlySeconds: nightly, ratio: nightly / copies[1], steps: outcome.seconds,
                classified: outcome.classification.classified, complaints: outcome.classification.kinds["complaint"] ?? 0,
                themes: themes, listedThemes: outcome.report.summary.listedThemes, flaggedThemes: outcome.report.summary.flaggedThemes,
                setupSeconds: setupSeconds, setupReused: reused, nightlyCPUSeconds: cpu.rapport, serverCPUSeconds: cpu.postgres
            )
        }
    }

    /// The database ``reuseSetup`` keeps the set-up store in.
    static let setupDatabase = "rapport_bench_nightly_setup"

    /// The untimed set-up: the history, classified and themed as earlier nights would have left it,
    /// then the last day's rows, vacuumed and analysed.
    func setUp(_ database: Database, writer: BenchmarkDataWriter, period: FlawPeriod, progress: (String) -> Void) async throws {
        progress("loading \(writer.historyRows) rows of history")
        try await load(writer, rows: 0..<writer.historyRows, into: database)
        progress("classifying and theming the history, as earlier nights would have")
        _ = try await InsightClassification(database: database).run(.new, now: period.from)
        // Each nightly run folds the hourly complaint counts of the days before its period.
        try await FlawReporter(database: database).compactHourCounts(for: period)
        progress("loading the last day's \(writer.recentRows) rows")
        try await load(writer, rows: writer.recentRange, into: database)
        progress("VACUUM ANALYZE")
        for table in ["interactions", "identities", "interaction_insights", "insight_batches", "themes"] {
            try await database.client.query("VACUUM (ANALYZE) \(unescaped: table)", logger: logger)
        }
        try await database.client.query("CHECKPOINT", logger: logger)
    }

    /// The scratch database `name` on the configured server (a copy of `template` when given).
    func scratch(_ name: String, template: String? = nil) -> ScratchDatabase {
        ScratchDatabase(server: server, name: name, template: template, schemaDirectory: schemaDirectory, logger: logger)
    }

    /// Writes rows `range` as JSONL and loads them with the production loader.
    func load(_ writer: BenchmarkDataWriter, rows range: Range<Int>, into database: Database) async throws {
        let file = workDirectory.appendingPathComponent("bench-nightly-\(range.lowerBound)-\(range.upperBound).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try writer.writeJSONL(to: file, rows: range)
        var reader = try InteractionReader(path: file.path, format: .jsonl)
        let summary = try await InteractionLoader(database: database).load(from: &reader)
        guard summary.inserted == range.count else {
            throw StoreError.refused("the loader stored \(summary.inserted) of \(range.count) rows: \(summary)")
        }
    }

    /// Seconds for `psql` to run the COPY of the period's rows into /dev/null. The bounds reach SQL
    /// through psql variables (`:'from'`), which psql quotes as literals.
    static func timeCopy(psql: String, url: DatabaseURL, from: Date, to: Date) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "from=\(isoTime(from))", "-v", "to=\(isoTime(to))"]
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = url.host
        environment["PGPORT"] = String(url.port)
        environment["PGUSER"] = url.username
        environment["PGDATABASE"] = url.database
        if let password = url.password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        let started = ContinuousClock.now
        try process.run()
        input.fileHandleForWriting.write(
            Data("COPY (SELECT * FROM interactions WHERE occurred_at >= :'from' AND occurred_at < :'to') TO STDOUT;\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let seconds = Self.seconds(since: started)
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw StoreError.refused("psql failed: \(message)")
        }
        return seconds
    }

    /// `psql` beside the server programs, or on PATH.
    static func locatePsql() throws -> String {
        if let bin = try? PostgreSQLInstallation.binDirectory(), FileManager.default.isExecutableFile(atPath: bin + "/psql") {
            return bin + "/psql"
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/psql"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw StoreError.refused("the nightly benchmark needs psql (it times COPY … TO STDOUT through it); install postgresql-client")
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let (whole, fraction) = (ContinuousClock.now - start).components
        return Double(whole) + Double(fraction) / 1e18
    }

    static func isoTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
