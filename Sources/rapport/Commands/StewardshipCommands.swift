import ArgumentParser
import Foundation
import RapportCore
import RapportStore

/// Who and why, required on every change a steward makes.
struct StewardOptions: ParsableArguments {
    @Option(help: "Why: recorded in the ledger.") var reason: String
    @Option(help: "Who: recorded in the ledger.") var steward: String
}

struct Merge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge two customers' profiles, with a preview, through the audited ledger.",
        discussion: """
            A and B are any identifiers of the two customers. The preview (always shown) lists both profiles, \
            their CRM records, the identities that move and the interactions per channel before and after. \
            The survivor is the one named by --keep, else the one with a CRM record, else the older. \
            Guardrails refuse merging two different CRM records of one source (unless --force), merging \
            through a blocklisted identifier (never), and exceeding the identities-per-kind limit (unless \
            --force). Undo with `rapport unmerge MERGE_ID`.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "An identifier of the first customer.") var a: String
    @Argument(help: "An identifier of the second customer.") var b: String
    @Option(help: "Which side survives: A or B (default: the one with a CRM record, else the older).") var keep: String?
    @OptionGroup var steward: StewardOptions
    @Flag(help: "Show the preview only; change nothing.") var dryRun = false
    @Flag(help: "Override the guardrails that allow it (CRM conflict, identity limit).") var force = false
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if let keep, !["a", "b"].contains(keep.lowercased()) { throw ValidationError("--keep takes A or B") }
    }

    func run() async throws {
        let (first, second) = (try parseIdentifier(a), try parseIdentifier(b))
        let choice: SurvivorChoice = keep.map { $0.lowercased() == "a" ? .first : .second } ?? .automatic
        let (dryRun, force, format, steward) = (self.dryRun, self.force, self.format, self.steward)
        try await reportingErrors {
            try await database.withDatabase { database in
                let stewardship = Stewardship(database: database)
                let preview = try await stewardship.preview(first, second, keep: choice)
                if dryRun {
                    if format == .json { return try JSONOutput.print(preview) }
                    return print(StewardshipRenderer.preview(preview), terminator: "")
                }
                if format != .json { print(StewardshipRenderer.preview(preview), terminator: "") }
                var outcome = try await stewardship.merge(first, second, keep: choice, steward: steward.steward, reason: steward.reason, force: force)
                outcome.preview = preview
                if format == .json { return try JSONOutput.print(outcome) }
                print("merged: profile \(outcome.absorbedID) into profile \(outcome.survivorID) — merge_id \(outcome.mergeID) (undo: rapport unmerge \(outcome.mergeID) --steward NAME --reason TEXT)")
            }
        }
    }
}

struct Unmerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Undo a merge (or a detach): move exactly its identities back.",
        discussion: """
            Afterwards every identity is where it would be had the entry never been made: the store is always \
            what replaying the active ledger entries gives, so the entry's identities come back (also after the \
            survivor absorbed others or was merged into a third profile) and the merged-away profile lives \
            again. Undos compose in any order. The entry is marked undone (who, why, when); nothing is deleted \
            from the ledger.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The merge_id (ledger entry) to undo.") var mergeID: Int64
    @OptionGroup var steward: StewardOptions
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let (mergeID, steward, format) = (self.mergeID, self.steward, self.format)
        try await reportingErrors {
            try await database.withDatabase { database in
                let outcome = try await Stewardship(database: database).undo(mergeID, steward: steward.steward, reason: steward.reason)
                if format == .json { return try JSONOutput.print(outcome) }
                print("undone: ledger entry \(mergeID) (\(outcome.entry.action.rawValue)); moved back: \(outcome.returned.joined(separator: ", "))")
                if !outcome.leftInPlace.isEmpty {
                    print("already in place: \(outcome.leftInPlace.joined(separator: ", "))")
                }
            }
        }
    }
}

struct Detach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move one identity out of its profile into a new profile of its own (ledgered, reversible)."
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The identity to detach, as kind:value.") var identifier: String
    @OptionGroup var steward: StewardOptions
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let identifier = try parseIdentifier(self.identifier)
        let (steward, format) = (self.steward, self.format)
        try await reportingErrors {
            try await database.withDatabase { database in
                let entry = try await Stewardship(database: database).detach(identifier, steward: steward.steward, reason: steward.reason)
                if format == .json { return try JSONOutput.print(entry) }
                print("detached \(identifier) from profile \(entry.survivorID) into new profile \(entry.absorbedID) — merge_id \(entry.id) (undo: rapport unmerge \(entry.id))")
            }
        }
    }
}

struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show every ledger entry that touched a customer's profile.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Any identifier of the customer.") var identifier: String
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let identifier = try parseIdentifier(self.identifier)
        let format = self.format
        try await reportingErrors {
            try await database.withDatabase { database in
                let entries = try await Stewardship(database: database).history(identifier)
                if format == .json { return try JSONOutput.print(entries) }
                if entries.isEmpty { return print("no ledger entries touch \(identifier)'s profile") }
                for entry in entries { print(StewardshipRenderer.entry(entry)) }
            }
        }
    }
}

enum StewardshipRenderer {
    static func preview(_ preview: MergePreview) -> String {
        func side(_ title: String, _ side: MergePreview.ProfileSide) -> String {
            var text = "\(title): profile \(side.id) — \(side.label)\n"
            text += "    CRM records: \(side.crmRecords.isEmpty ? "none" : side.crmRecords.joined(separator: ", "))\n"
            text += "    identities:  \(side.identities.joined(separator: ", "))\n"
            text += "    interactions: \(counts(side.counts))\n"
            return text
        }
        var text = "Merge preview\n" + side("  keep  ", preview.survivor) + side("  absorb", preview.absorbed)
        text += "  moving: \(preview.movingIdentities.joined(separator: ", "))\n"
        text += "  after:  \(counts(preview.countsAfter))\n"
        for violation in preview.violations {
            text += "  ! \(violation.message)\(violation.forcible ? "" : " (cannot be forced)")\n"
        }
        return text
    }

    static func counts(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    static func entry(_ entry: LedgerEntry) -> String {
        let formatter = ISO8601DateFormatter()
        var text = "#\(entry.id) \(formatter.string(from: entry.createdAt)) \(entry.action.rawValue)"
        switch entry.action {
        case .merge: text += " profile \(entry.absorbedID) into \(entry.survivorID)"
        case .detach: text += " from profile \(entry.survivorID) into new profile \(entry.absorbedID)"
        }
        text += " by \(entry.steward)\(entry.automatic ? " (automatic)" : ""): \(entry.reason)\n    identities: \(entry.identifiers.joined(separator: ", "))"
        if let undoneAt = entry.undoneAt {
            text += "\n    undone \(formatter.string(from: undoneAt)) by \(entry.undoneBy ?? "?"): \(entry.undoReason ?? "")"
        }
        return text
    }
}
