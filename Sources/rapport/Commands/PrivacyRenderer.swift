import Foundation
import RapportStore

/// Text output of the privacy commands.
enum PrivacyRenderer {
    /// What an erasure will touch.
    static func scope(_ scope: ErasureScope) -> String {
        var text = "profile \(scope.profileID)"
        if scope.profileIDs.count > 1 {
            text += " (with merged profiles \(scope.profileIDs.filter { $0 != scope.profileID }.map(String.init).joined(separator: ", ")))"
        }
        text += "\n  identities:     \(scope.identifiers.joined(separator: ", "))\n"
        text += "  CRM records:    \(scope.crmRecords)\n"
        text += "  interactions:   \(scope.interactions)\n"
        text += "  ledger entries: \(scope.ledgerEntries)\n"
        text += "  suggestions:    \(scope.suggestions)\n"
        text += "  stored reports: \(scope.reports)\n"
        return text
    }

    /// An erasure's counts, one per line.
    static func counts(_ counts: [String: Int]) -> String {
        counts.sorted { $0.key < $1.key }.map { "  \($0.key.replacingOccurrences(of: "_", with: " ")): \($0.value)\n" }.joined()
    }

    static func records(_ records: [ErasureRecord]) -> String {
        guard !records.isEmpty else { return "no erasures\n" }
        let formatter = ISO8601DateFormatter()
        return records.map { record in
            "#\(record.id)  \(formatter.string(from: record.erasedAt))  by \(record.steward)  profiles \(record.profileIDs.map(String.init).joined(separator: ","))  — \(record.reason)\n"
                + counts(record.counts)
        }.joined()
    }

    static func runs(_ runs: [RetentionRun]) -> String {
        guard !runs.isEmpty else { return "no retention runs\n" }
        let formatter = ISO8601DateFormatter()
        return runs.map { run in
            "#\(run.id)  \(formatter.string(from: run.finishedAt))  \(run.mode.rawValue) before \(formatter.string(from: run.cutoff)): "
                + "\(run.interactions) interactions, \(run.reportQuotes) report quotes\n"
        }.joined()
    }
}
