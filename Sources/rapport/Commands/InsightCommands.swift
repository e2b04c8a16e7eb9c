import ArgumentParser
import Foundation
import RapportInsight
import RapportStore

struct Insight: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify customer messages and group complaints into themes.",
        discussion: """
            Every inbound message with a text gets a kind — complaint, compliment, question or comment — a \
            sentiment score from -1 to 1, and the cues that decided it. Complaints are grouped into themes: the \
            operational problem behind them, named by their key phrases, with ids that stay stable from night to \
            night. `rapport report nightly` runs the same classification before it reports. See docs/insight.md.
            """,
        subcommands: [Classify.self, Themes.self, Export.self]
    )

    struct Classify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Classify the inbound messages that have no insight yet, and theme their complaints.",
            discussion: """
                Without --since, reads every message stored since the last run (all of them the first time) and \
                moves the run's frontier. With --since, reads the messages that occurred since then and have no \
                insight, whenever they were stored (e.g. after loading an old export). Re-running adds nothing. \
                Complaints join the closest stored theme, a theme of the --taxonomy file, or a newly found one.
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only messages that occurred at or after this time (ISO-8601, a date, or 24h / 7d ago).") var since: String?
        @Option(help: "A taxonomy file naming known flaws with example phrases (docs/taxonomy.md).") var taxonomy: String?
        @Option(help: "Messages classified and written per transaction.") var chunkSize: Int = InsightOptions().chunkSize
        @Option(help: "Output format: text or json.") var format: SummaryFormat = .text

        func validate() throws {
            if let since, parseTime(since) == nil { throw ValidationError("--since: expected a date, an ISO-8601 time or 24h / 7d") }
            guard chunkSize > 0 else { throw ValidationError("--chunk-size must be positive") }
        }

        func run() async throws {
            let scope: ClassificationScope = since.flatMap { parseTime($0) }.map { .since($0) } ?? .new
            let taxonomy = try loadTaxonomy(self.taxonomy)
            let (format, chunkSize) = (self.format, self.chunkSize)
            try await reportingErrors {
                try await database.withDatabase { database in
                    let progress = ClassificationProgress()
                    let summary = try await InsightClassification(
                        database: database, options: InsightOptions(chunkSize: chunkSize), taxonomy: taxonomy
                    ).run(scope, progress: progress.show)
                    progress.finish()
                    if format == .json { return try JSONOutput.print(summary) }
                    print(ClassificationText.render(summary))
                }
            }
        }
    }

    struct Themes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the complaint themes with their sizes, largest first.",
            discussion: "`size` counts every complaint that ever joined the theme; `7 days` those that occurred in the last week."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Show at most this many themes (0: all).") var limit: Int = 0
        @Option(help: "Output format: text or json.") var format: SummaryFormat = .text

        func run() async throws {
            let (format, limit) = (self.format, self.limit)
            try await reportingErrors {
                try await database.withDatabase { database in
                    var themes = try await ThemeCatalog(database: database).list()
                    if limit > 0 { themes = Array(themes.prefix(limit)) }
                    if format == .json { return try JSONOutput.print(themes) }
                    guard !themes.isEmpty else {
                        return print("No themes yet: `rapport insight classify` (or `rapport report nightly`) finds them among complaints.")
                    }
                    print("   id      size  7 days  name")
                    for theme in themes {
                        let key = theme.taxonomyKey.map { "  [\($0)]" } ?? ""
                        print(String(format: "%5lld  %8lld  %6lld  ", theme.id, theme.size, theme.lastWeek) + Terminal.printable(theme.name) + key)
                    }
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every classified message's insight, one record per message, for BI tools and audits.",
            discussion: """
                Fields: source, external_id, occurred_at, kind, sentiment, theme_id, theme_name, cues. Records come \
                in the order the messages occurred and are streamed, so any size fits in little memory. In CSV, \
                text that a spreadsheet would run as a formula is prefixed with '.
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only messages that occurred at or after this time (ISO-8601, a date, or 24h / 7d ago).") var since: String?
        @Option(help: "Output format: jsonl or csv.") var format: ExportFormat = .jsonl
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func validate() throws {
            if let since, parseTime(since) == nil { throw ValidationError("--since: expected a date, an ISO-8601 time or 24h / 7d") }
        }

        func run() async throws {
            let since = self.since.flatMap { parseTime($0) }
            let format = self.format.storeFormat
            let output = try OutputFile(path: out)
            try await reportingErrors {
                try await database.withDatabase { database in
                    let count = try await InsightExport(database: database).write(since: since, format: format) { try output.write($0) }
                    try output.close()
                    if out != nil { FileHandle.standardError.write(Data("rapport: wrote \(count) records to \(out ?? "")\n".utf8)) }
                }
            }
        }
    }
}

/// `rapport insight export --format`.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl, csv
    var storeFormat: InsightExport.Format { self == .csv ? .csv : .jsonl }
}

/// Reads `--taxonomy FILE`, or nil without one; a bad file is a usage error naming the problem.
func loadTaxonomy(_ path: String?) throws -> ThemeTaxonomy? {
    guard let path else { return nil }
    do {
        return try ThemeTaxonomy.read(from: URL(fileURLWithPath: path))
    } catch {
        printError("--taxonomy \(path): \(error)")
        throw ExitCode.validationFailure
    }
}

/// The text form of a classification run's summary.
enum ClassificationText {
    static func render(_ summary: ClassificationSummary) -> String {
        var lines = ["classified \(summary.classified) of \(summary.considered) messages read in \(String(format: "%.1f", summary.seconds)) s"]
        if !summary.kinds.isEmpty {
            lines.append(
                "  " + InteractionKind.allCases.map { "\($0.rawValue) \(summary.kinds[$0.rawValue] ?? 0)" }.joined(separator: ", "))
        }
        lines.append(
            "  complaints themed \(summary.themed) (\(summary.backlogThemed) from the backlog), left without a theme \(summary.unthemed), new themes \(summary.newThemes)"
        )
        return lines.joined(separator: "\n")
    }
}

/// Progress of a classification run on stderr, one redrawn line per chunk, only on a terminal.
struct ClassificationProgress: Sendable {
    let enabled = Terminal.isStandardErrorInteractive

    var show: @Sendable (ClassificationSummary) -> Void {
        let enabled = self.enabled
        return { summary in
            guard enabled else { return }
            let text = "\rclassified \(summary.classified) of \(summary.considered) read, \(summary.kinds["complaint"] ?? 0) complaints, \(summary.newThemes) new themes   "
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// Standard output, or a file created for `--out`.
struct OutputFile {
    private let handle: FileHandle
    private let isFile: Bool

    init(path: String?) throws {
        guard let path else {
            handle = FileHandle.standardOutput
            isFile = false
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            printError("cannot create \(path)")
            throw ExitCode.failure
        }
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } catch {
            printError("cannot write \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        isFile = true
    }

    func write(_ bytes: [UInt8]) throws {
        try endingQuietlyOnClosedPipe { try handle.write(contentsOf: bytes) }
    }

    func write(_ text: String) throws {
        try endingQuietlyOnClosedPipe { try handle.write(contentsOf: Data(text.utf8)) }
    }

    /// When the reader of standard output has gone (`rapport report show 3 | head`), stop without an
    /// error message, as command-line tools do.
    private func endingQuietlyOnClosedPipe(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            if !isFile, underlying?.domain == NSPOSIXErrorDomain, underlying?.code == Int(EPIPE) { throw ExitCode.success }
            throw error
        }
    }

    func close() throws {
        if isFile { try handle.close() }
    }
}

extension Terminal {
    /// Text from customers' words with control characters (terminal escapes) made harmless.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
