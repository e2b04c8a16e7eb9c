import ArgumentParser
import Foundation
import RapportCore
import RapportStore

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export everything held about a person, across every linked identity, as one JSON document.",
        discussion: """
            For a data-subject access request. The document holds the profile and every profile merged into it, \
            the CRM records, the identities, every interaction (with its classification and theme), the ledger \
            entries, merge suggestions and the stored reports that quote or list the person. It is one consistent \
            snapshot. --out writes a file readable only by its owner (it is personal data). See docs/privacy.md.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Any identifier of the person, e.g. email:jane@example.com or profile:42.") var identifier: String
    @Option(help: "Write to this file (mode 0600) instead of standard output.") var out: String?

    func run() async throws {
        let identifier = try parseIdentifier(self.identifier)
        let out = self.out
        try await reportingErrors {
            try await database.withDatabase { database in
                let document = try await SubjectAccessExport(database: database).document(for: identifier) + "\n"
                guard let out else { return print(document, terminator: "") }
                guard FileManager.default.createFile(atPath: out, contents: Data(document.utf8), attributes: [.posixPermissions: 0o600]) else {
                    printError("cannot write \(out)")
                    throw ExitCode.failure
                }
                printError("exported \(identifier) to \(out) (\(document.utf8.count) bytes)")
            }
        }
    }
}

struct Erase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Erase a person's personal data across every linked identity (irreversible).",
        discussion: """
            For a data-subject erasure request. In one transaction: identity values become erased:<id>, CRM \
            fields are emptied, interaction bodies and attributes removed (the rows stay, so counts and reports \
            stay right), ledger reasons replaced, suggestions deleted, the person's quotes removed from stored \
            reports, and their e-mail addresses, phone numbers, @handles and full name blanked where other \
            people's messages mention them. An audit record keeps who, why, when and how much, never the values; \
            the reason must not contain the person's data (give a ticket number). Shows what it will erase and \
            asks for confirmation on a terminal unless --yes; without a terminal, --yes is required. \
            `rapport erase --list` shows the audit records. See docs/privacy.md.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Any identifier of the person.") var identifier: String?
    @Option(help: "Why (recorded; e.g. the request's ticket number, never the person's data).") var reason: String?
    @Option(help: "Who erases (recorded).") var steward: String?
    @Flag(help: "Do not ask for confirmation.") var yes = false
    @Flag(help: "Show what would be erased; change nothing.") var dryRun = false
    @Flag(help: "List the audit records of past erasures instead.") var list = false
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if list { return }
        guard identifier != nil else { throw ValidationError("give the identifier of the person to erase (or --list)") }
        if !dryRun {
            guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason is required") }
            guard let steward, !steward.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--steward is required") }
        }
    }

    func run() async throws {
        let (yes, dryRun, list, format) = (self.yes, self.dryRun, self.list, self.format)
        let (reason, steward) = (self.reason ?? "", self.steward ?? "")
        let identifier = try self.identifier.map(parseIdentifier)
        try await reportingErrors {
            try await database.withDatabase { database in
                let erasure = Erasure(database: database)
                if list {
                    let records = try await erasure.records()
                    if format == .table { return print(PrivacyRenderer.records(records), terminator: "") }
                    return try JSONOutput.print(records)
                }
                guard let identifier else { return }
                let scope = try await erasure.preview(identifier)
                if dryRun {
                    if format == .table { return print(PrivacyRenderer.scope(scope), terminator: "") }
                    return try JSONOutput.print(scope)
                }
                if !yes {
                    guard Terminal.isStandardInputInteractive else {
                        printError("erasing is irreversible: pass --yes to confirm when not on a terminal")
                        throw ExitCode(ExitStatus.refused)
                    }
                    FileHandle.standardError.write(Data(PrivacyRenderer.scope(scope).utf8))
                    FileHandle.standardError.write(Data("This cannot be undone. Type 'erase' to erase profile \(scope.profileID): ".utf8))
                    guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "erase" else {
                        printError("nothing erased")
                        throw ExitCode(ExitStatus.refused)
                    }
                }
                let record = try await erasure.erase(identifier, steward: steward, reason: reason)
                if format != .table { return try JSONOutput.print(record) }
                print("erased profile \(scope.profileID) — audit record \(record.id)")
                print(PrivacyRenderer.counts(record.counts), terminator: "")
            }
        }
    }
}

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Apply the retention policy to old interactions.",
        subcommands: [RetentionApply.self, RetentionHistory.self]
    )
}

struct RetentionApply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Anonymise (default) or delete interactions older than a duration, in batches.",
        discussion: """
            anonymise removes bodies, attributes and classification cues and keeps the rows (who, when, channel, \
            kind, theme), so counts and stored reports stay right and reloading old files adds nothing; delete \
            removes the rows and their insight. Quotes of those messages are removed from stored reports. Each \
            batch is its own short transaction walking the occurred_at index, so it runs safely beside ingest and \
            `rapport serve`; an interrupted run continues next time. Schedule it like the nightly report \
            (docs/privacy.md). Durations: 90d, 12w, 2y, 36h.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Interactions older than this (e.g. 2y, 90d, 36h) are in scope.") var olderThan: String
    @Option(help: "anonymise or delete.") var mode: RetentionMode = .anonymise
    @Option(help: "Interactions per batch (each batch one transaction).") var batchSize = 5_000
    @Flag(help: "Count what would change; change nothing.") var dryRun = false
    @Option(help: "Output format: text or json.") var format: SummaryFormat = .text

    func validate() throws {
        guard retentionAge(olderThan) != nil else { throw ValidationError("--older-than takes a duration such as 2y, 90d, 12w or 36h") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() async throws {
        let cutoff = Date().addingTimeInterval(-(retentionAge(olderThan) ?? 0))
        let (mode, batchSize, dryRun, format) = (self.mode, self.batchSize, self.dryRun, self.format)
        try await reportingErrors {
            try await database.withDatabase { database in
                let showProgress = Terminal.isStandardErrorInteractive
                let outcome = try await Retention(database: database).apply(before: cutoff, mode: mode, batchSize: batchSize, dryRun: dryRun) { done in
                    if showProgress { FileHandle.standardError.write(Data("\r\(mode.rawValue): \(done) interactions…".utf8)) }
                }
                if showProgress && !dryRun { FileHandle.standardError.write(Data("\n".utf8)) }
                if format == .json { return try JSONOutput.print(outcome, pretty: false) }
                let verb = dryRun ? "would \(mode.rawValue)" : (mode == .anonymise ? "anonymised" : "deleted")
                print("\(verb) \(outcome.interactions) interactions that occurred before \(ISO8601DateFormatter().string(from: cutoff))")
                print("\(dryRun ? "would remove" : "removed") \(outcome.reportQuotes) quotes from stored reports")
            }
        }
    }
}

struct RetentionHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List past retention runs.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let format = self.format
        try await reportingErrors {
            try await database.withDatabase { database in
                let runs = try await Retention(database: database).runs()
                if format != .table { return try JSONOutput.print(runs) }
                print(PrivacyRenderer.runs(runs), terminator: "")
            }
        }
    }
}

extension RetentionMode: ExpressibleByArgument {}

/// `90d`, `12w`, `2y`, `36h`, `30m` as seconds; nil when it is not such a duration.
func retentionAge(_ text: String) -> TimeInterval? {
    guard let unit = text.last, let amount = Double(text.dropLast()), amount > 0, amount.isFinite else { return nil }
    switch unit {
    case "m": return amount * 60
    case "h": return amount * 3_600
    case "d": return amount * 86_400
    case "w": return amount * 7 * 86_400
    case "y": return amount * 365 * 86_400
    default: return nil
    }
}
