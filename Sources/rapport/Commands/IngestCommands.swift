import ArgumentParser
import Foundation
import RapportCore
import RapportIngest
import RapportStore

struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load interactions from any channel (Rapport JSONL or the twcs Twitter CSV).",
        discussion: """
            Streams the file in bounded memory and bulk-loads it with COPY. Idempotent: rows already stored \
            (same source and external_id) are counted as duplicates and skipped, so a file can be loaded again \
            safely, e.g. after a crash. Unknown customers get a new profile; known ones land on theirs.

            Bad rows (missing field, bad timestamp, unknown channel or direction, invalid UTF-8, malformed \
            identifier, oversize body, a reply to an unknown message) are written to the rejects file, one JSON \
            object per line with the line number and reason; the good rows still load. Exit status 2 when any \
            row was rejected (unless --allow-rejects). Formats: docs/formats.md.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The input file, or - for standard input.") var file: String
    @Option(name: .customLong("input-format"), help: "jsonl or twcs (default: detected from the content).") var inputFormat: InputFormat?
    @Option(help: "Where rejected rows go (default: FILE.rejects beside the input, or in the working directory when that folder is read-only; rapport-stdin.rejects for -).") var rejects: String?
    @Option(help: "Rows per batch (one transaction each).") var batchSize: Int = 20_000
    @Option(name: .customLong("default-country-code"), help: "Country calling code for phone numbers written without one.")
    var defaultCountryCode: String = "1"
    @Flag(help: "Exit 0 even when rows were rejected.") var allowRejects = false
    @Option(help: "Summary format: text or json (keys read, inserted, duplicates, rejected).") var format: SummaryFormat = .text

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() async throws {
        let options = IngestOptions(normalisation: NormalisationOptions(defaultCountryCode: defaultCountryCode))
        let rejectsPath = rejects ?? defaultRejectsPath(for: file)
        let (file, inputFormat, batchSize, format) = (self.file, self.inputFormat, self.batchSize, self.format)
        let summary: IngestSummary = try await reportingErrors {
            var reader = try openInput { try InteractionReader(path: file, format: inputFormat, options: options) }
            let writer = RejectsWriter(path: rejectsPath, truncating: true)
            defer { writer.close() }
            let progress = ProgressLine()
            let summary = try await database.withDatabase { database in
                try await InteractionLoader(database: database, batchSize: batchSize, pipelined: true).load(
                    from: &reader, rejects: { try writer.write($0) },
                    progress: { progress.update(rows: $0.summary.read, bytes: $0.bytesRead, totalBytes: $0.totalBytes) }
                )
            }
            progress.finish()
            return summary
        }
        if format == .json {
            try JSONOutput.print(summary, pretty: false)
        } else {
            print("read \(summary.read), inserted \(summary.inserted), already present \(summary.duplicates), rejected \(summary.rejected)")
            if summary.rejected > 0 { print("rejected rows (line and reason): \(rejectsPath)") }
        }
        if summary.rejected > 0 && !allowRejects { throw ExitCode(ExitStatus.rejectedRows) }
    }
}

extension InputFormat: ExpressibleByArgument {}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import reference data.",
        subcommands: [Customers.self]
    )

    struct Customers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a CRM export (CSV): upsert customers and link their identifiers.",
            discussion: """
                Header: crm_source,crm_id,name,emails,phones,twitter,facebook,instagram (any order; several values \
                in one cell separated by ';'; other columns are kept as attributes). Re-importing updates records \
                in place. Every identifier becomes an identity on the customer's profile. An identifier already on \
                a social-only profile links it to the customer through an automatic ledger entry (undo with \
                `rapport unmerge`); one already on another CRM customer's profile is a conflict: reported, never merged.
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file, or - for standard input.") var file: String
        @Option(help: "Where rejected rows go (default: FILE.rejects).") var rejects: String?
        @Option(name: .customLong("default-country-code"), help: "Country calling code for phone numbers written without one.")
        var defaultCountryCode: String = "1"
        @Flag(help: "Exit 0 even when rows were rejected.") var allowRejects = false
        @Option(help: "Summary format: text or json.") var format: SummaryFormat = .text

        func run() async throws {
            let options = IngestOptions(normalisation: NormalisationOptions(defaultCountryCode: defaultCountryCode))
            let rejectsPath = rejects ?? defaultRejectsPath(for: file)
            let file = self.file
            let summary: CustomerImportSummary = try await reportingErrors {
                var reader = try openInput { try CustomerReader(path: file, options: options) }
                let writer = RejectsWriter(path: rejectsPath, truncating: true)
                defer { writer.close() }
                let progress = ProgressLine()
                let summary = try await database.withDatabase { database in
                    try await CustomerImporter(database: database).load(
                        from: &reader, rejects: { try writer.write($0) },
                        progress: { progress.update(rows: $0, bytes: $1, totalBytes: $2) }
                    )
                }
                progress.finish()
                return summary
            }
            if format == .json {
                try JSONOutput.print(summary, pretty: false)
            } else {
                print(
                    "read \(summary.read), inserted \(summary.inserted), updated \(summary.updated), unchanged \(summary.unchanged), linked \(summary.linked), rejected \(summary.rejected), conflicts \(summary.conflicts.count)"
                )
                for conflict in summary.conflicts.prefix(20) {
                    print("  conflict line \(conflict.line): \(conflict.identifier) claimed by \(conflict.claimedBy) but held by \(conflict.heldBy.joined(separator: ", ")) — not merged")
                }
                if summary.conflicts.count > 20 { print("  … \(summary.conflicts.count - 20) more (use --format json)") }
                if summary.rejected > 0 { print("rejected rows (line and reason): \(rejectsPath)") }
            }
            if summary.rejected > 0 && !allowRejects { throw ExitCode(ExitStatus.rejectedRows) }
        }
    }
}

/// Opens an input, turning a problem with the file as a whole into one clear message.
func openInput<Reader>(_ open: () throws -> Reader) throws -> Reader {
    do {
        return try open()
    } catch let error as InputError {
        printError(error.description)
        throw ExitCode.failure
    }
}

/// `FILE.rejects` beside the input, or `./NAME.rejects` when the input's folder cannot be written
/// (a read-only mount, someone else's directory); `rapport-stdin.rejects` for standard input.
func defaultRejectsPath(for file: String) -> String {
    guard file != "-" else { return "rapport-stdin.rejects" }
    let url = URL(fileURLWithPath: file)
    let folder = url.deletingLastPathComponent().path
    if FileManager.default.isWritableFile(atPath: folder) { return file + ".rejects" }
    return url.lastPathComponent + ".rejects"
}
