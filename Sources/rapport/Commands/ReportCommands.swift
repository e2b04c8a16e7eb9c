import ArgumentParser
import Foundation
import RapportBench
import RapportInsight
import RapportStore

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The process-flaw report: the operational problems customers complain about again and again.",
        discussion: """
            Per complaint theme, four flags: repeated (a customer comes back with the same problem), widespread \
            (many customers), rising (well above the theme's own baseline) and escalated (a private complaint \
            followed by a public one). Each flagged theme shows counts, customers, channels, a daily trend and \
            quotes with the `rapport timeline` command that opens the customer; then first-reply times per channel. \
            Every report is stored (`rapport report list`, `rapport report show ID`). Definitions and settings: \
            docs/report.md; the nightly job: docs/insight.md.
            """,
        subcommands: [Flaws.self, Nightly.self, List.self, Show.self]
    )

    struct Flaws: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report the process flaws of a period from the messages classified so far, and store the report.",
            discussion: """
                Reads only what is classified: run `rapport insight classify` first, or use `rapport report nightly`, \
                which classifies what is new and then reports.
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var period: PeriodOptions
        @OptionGroup var output: ReportOutputOptions

        func validate() throws { _ = try period.resolve() }

        func run() async throws {
            let (period, output) = (try self.period.resolve(), self.output)
            let settings = try output.loadSettings()
            try await reportingErrors {
                try await database.withDatabase { database in
                    let now = Date()
                    let settings = try await resolvedSettings(settings, database: database)
                    let report = try await FlawReporter(database: database, settings: settings).report(for: period, asOf: now, generatedAt: now)
                    let id = try await ReportArchive(database: database).save(report, origin: .flaws)
                    if report.summary.complaints == 0 {
                        note("no classified complaint in the period; `rapport insight classify` or `rapport report nightly` classifies new messages")
                    }
                    try output.write(report)
                    note("report \(id) stored (`rapport report show \(id)`)")
                }
            }
        }
    }

    struct Nightly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What a scheduler runs: classify what is new, update the themes, then build, store and write the report.",
            discussion: """
                Classifies every message stored since the last run (the first run classifies the whole history), \
                places new complaints in themes (the --taxonomy file's named themes first), reports the period \
                (default: the 24 hours before now) and stores the report. Progress and a one-line summary go to \
                stderr; the report goes to stdout or --out. A crontab line and a systemd timer: docs/insight.md.
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var period: PeriodOptions
        @OptionGroup var output: ReportOutputOptions
        @Option(help: "A taxonomy file naming known flaws with example phrases (docs/taxonomy.md).") var taxonomy: String?
        @Option(help: "Messages classified and written per transaction.") var chunkSize: Int = InsightOptions().chunkSize

        func validate() throws {
            _ = try period.resolve()
            guard chunkSize > 0 else { throw ValidationError("--chunk-size must be positive") }
        }

        func run() async throws {
            let (period, output, chunkSize) = (try self.period.resolve(), self.output, self.chunkSize)
            let settings = try output.loadSettings()
            let taxonomy = try loadTaxonomy(self.taxonomy)
            try await reportingErrors {
                try await database.withDatabase { database in
                    let settings = try await resolvedSettings(settings, database: database)
                    let progress = ClassificationProgress()
                    let outcome = try await NightlyReport(
                        database: database, settings: settings, options: InsightOptions(chunkSize: chunkSize), taxonomy: taxonomy
                    ).run(period: period, asOf: Date(), progress: progress.show)
                    progress.finish()
                    note(ClassificationText.render(outcome.classification).replacingOccurrences(of: "\n", with: "\n         "))
                    try output.write(outcome.report)
                    note(String(format: "report %lld stored in %.1f s (`rapport report show %lld`)", outcome.reportID, outcome.seconds["total"] ?? 0, outcome.reportID))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the stored reports, newest first.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Show at most this many.") var limit: Int = 30
        @Option(help: "Output format: text or json.") var format: SummaryFormat = .text

        func run() async throws {
            let (limit, format) = (self.limit, self.format)
            try await reportingErrors {
                try await database.withDatabase { database in
                    let reports = try await ReportArchive(database: database).list(limit: limit)
                    if format == .json { return try JSONOutput.print(reports) }
                    guard !reports.isEmpty else { return print("No stored reports yet: `rapport report nightly` makes one.") }
                    print("   id  origin   period (UTC)                            complaints  customers  flagged  rep wide rise esc")
                    for r in reports {
                        let period = "\(ReportTime.minute(r.from)) – \(ReportTime.minute(r.to))"
                        let head = String(format: "%5lld  ", r.id) + r.origin.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0) + "  "
                            + period.padding(toLength: 38, withPad: " ", startingAt: 0)
                        print(
                            head
                                + String(
                                    format: "  %10ld  %9ld  %7ld  %3ld %4ld %4ld %3ld", r.complaints, r.customers, r.flaggedThemes,
                                    r.flagged.repeated, r.flagged.widespread, r.flagged.rising, r.flagged.escalated))
                    }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a stored report again, in any format.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The report's id (see `rapport report list`).") var id: Int64
        @Option(help: "Output format: text, markdown, html, json or csv.") var format: FlawReportFormat = .text
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func run() async throws {
            let (id, output) = (self.id, ReportOutputOptions(format: format, out: out))
            try await reportingErrors {
                try await database.withDatabase { database in
                    try output.write(try await ReportArchive(database: database).report(id))
                }
            }
        }
    }
}

/// `--since 24h` or `--from T --to T`.
struct PeriodOptions: ParsableArguments {
    @Option(help: "The period ends now and lasts this long (24h, 7d, 90m, 2w), or starts at this time. Default: 24h.")
    var since: String?
    @Option(help: "Start of the period (ISO-8601 or a date, UTC); needs --to.") var from: String?
    @Option(help: "End of the period (exclusive).") var to: String?

    func resolve(now: Date = Date()) throws -> FlawPeriod {
        if since != nil && (from != nil || to != nil) { throw ValidationError("use either --since or --from/--to") }
        do {
            if let from {
                guard let to else { throw ValidationError("--from needs --to") }
                guard let start = parseTime(from, now: now) else { throw ValidationError("--from: expected a date or an ISO-8601 time") }
                guard let end = parseTime(to, now: now) else { throw ValidationError("--to: expected a date or an ISO-8601 time") }
                return try FlawPeriod(from: start, to: end)
            }
            if to != nil { throw ValidationError("--to needs --from") }
            let text = since ?? "24h"
            if let duration = try? FlawPeriod.parseDuration(text) { return try FlawPeriod(lasting: duration, endingAt: now) }
            guard let start = parseTime(text, now: now) else { throw ValidationError("--since: expected 24h / 7d or a time") }
            return try FlawPeriod(from: start, to: now)
        } catch let invalid as FlawPeriod.Invalid {
            throw ValidationError(invalid.description)
        }
    }
}

/// `--format`, `--out` and `--settings` of the report commands.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "Output format: text, markdown, html, json or csv.") var format: FlawReportFormat = .text
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @Option(help: "A JSON file of flag settings (docs/report.md); overrides the store's `report.flaws` setting.")
    var settings: String?

    init() {}

    init(format: FlawReportFormat, out: String?) {
        self.format = format
        self.out = out
    }

    func loadSettings() throws -> FlawSettings? {
        guard let settings else { return nil }
        do {
            let decoded = try JSONDecoder().decode(FlawSettings.self, from: Data(contentsOf: URL(fileURLWithPath: settings)))
            try decoded.validate()
            return decoded
        } catch {
            printError("--settings \(settings): \(error)")
            throw ExitCode.validationFailure
        }
    }

    func write(_ report: FlawReport) throws {
        let text = try report.rendered(as: format, width: Terminal.width)
        let file = try OutputFile(path: out)
        try file.write(text.hasSuffix("\n") ? text : text + "\n")
        try file.close()
    }
}

extension FlawReportFormat: ExpressibleByArgument {}

/// Settings from `--settings`, else the store's `report.flaws` setting, else the defaults.
func resolvedSettings(_ fromFile: FlawSettings?, database: RapportStore.Database) async throws -> FlawSettings {
    if let fromFile { return fromFile }
    return try await FlawReporter.storedSettings(in: database) ?? FlawSettings()
}

/// A line on stderr, for what is not the report itself.
func note(_ message: String) {
    FileHandle.standardError.write(Data("rapport: \(message)\n".utf8))
}

/// Short UTC times for listings.
enum ReportTime {
    static func minute(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

extension Bench {
    struct NightlyBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "nightly",
            abstract: "rapport report nightly over the last day against a raw COPY of that day's rows (target ≤ 5×).",
            discussion: """
                Generates a store (history, classified and themed as earlier nights would have left it), loads the \
                last day (--recent-share of the rows), then times `COPY (SELECT * FROM interactions WHERE <last day>) \
                TO STDOUT` through psql against the whole nightly job (classify, themes, report, store). Also prints \
                the CPU seconds the job took, in this process and in the PostgreSQL server's processes (from /proc, \
                when the server runs on this machine): on a shared machine they vary less than wall time. Figures: \
                docs/benchmarks.md.
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Interactions in the store.") var rows: Int = 10_000_000
        @Option(help: "Distinct customers among them (default: rows / 10).") var profiles: Int?
        @Option(help: "Share of the rows in the last day.") var recentShare: Double = 0.1
        @Option(help: "Scratch folder for the generated files.") var workDirectory: String = NSTemporaryDirectory()
        @Option(help: "Output format: text or json.") var format: SummaryFormat = .text
        @Flag(help: "Keep the scratch database rapport_bench_nightly afterwards, to inspect it.") var keepDatabase = false
        @Flag(help: """
            Keep the set-up store in rapport_bench_nightly_setup and start later runs with the same --rows, --profiles, \
            --recent-share (and day) from a copy of it, skipping the set-up.
            """) var reuseSetup = false

        func run() async throws {
            let (rows, recentShare, format, keepDatabase, reuseSetup) = (self.rows, self.recentShare, self.format, self.keepDatabase, self.reuseSetup)
            let profiles = self.profiles ?? max(1, rows / 10)
            let work = URL(fileURLWithPath: workDirectory)
            try await reportingErrors {
                let benchmark = NightlyBenchmark(
                    server: try await database.resolveURL(), rows: rows, profiles: profiles, recentShare: recentShare,
                    workDirectory: work, schemaDirectory: try Migrator.locateSchemaDirectory(), logger: database.logger(),
                    keepDatabase: keepDatabase, reuseSetup: reuseSetup
                )
                let result = try await benchmark.run { FileHandle.standardError.write(Data("… \($0)\n".utf8)) }
                if format == .json { return try JSONOutput.print(result) }
                print("rows            \(result.rows) (\(result.recentRows) in the last day, \(result.profiles) customers)")
                print(String(format: "raw COPY        %8.2f s  (median of %d)", result.copySeconds, result.copyRuns))
                print(String(format: "nightly         %8.2f s  (classify %.2f, report queries %.2f, analysis %.2f, store %.2f)",
                    result.nightlySeconds, result.steps["classify"] ?? 0, result.steps["report_queries"] ?? 0,
                    result.steps["analysis"] ?? 0, result.steps["store"] ?? 0))
                print(String(format: "ratio           %8.2f × raw COPY (target ≤ 5)", result.ratio))
                let server = result.serverCPUSeconds.map { String(format: ", PostgreSQL %.2f s", $0) } ?? ""
                print(String(format: "nightly CPU     %8.2f s  (rapport %.2f s%@)", result.nightlyCPUSeconds + (result.serverCPUSeconds ?? 0),
                    result.nightlyCPUSeconds, server))
                print("classified \(result.classified) messages, \(result.complaints) complaints, \(result.themes) themes; report: \(result.listedThemes) themes listed, \(result.flaggedThemes) flagged")
                print(String(format: "setup (untimed) %8.1f s%@", result.setupSeconds, result.setupReused ? " (a copy of the kept set-up)" : ""))
            }
        }
    }
}
