import Foundation
import PostgresNIO
import RapportInsight

/// Which command made a stored report.
public enum ReportOrigin: String, Sendable, Codable, Hashable {
    /// `rapport report flaws`.
    case flaws
    /// `rapport report nightly`.
    case nightly
}

/// A stored report's headline figures, as `rapport report list` shows them.
public struct StoredReportSummary: Sendable, Codable, Hashable {
    public var id: Int64
    public var origin: ReportOrigin
    public var from: Date
    public var to: Date
    public var generatedAt: Date
    public var complaints: Int
    public var customers: Int
    public var listedThemes: Int
    public var flaggedThemes: Int
    public var flagged: FlagCounts

    enum CodingKeys: String, CodingKey {
        case id, origin, from, to, complaints, customers, flagged
        case generatedAt = "generated_at"
        case listedThemes = "listed_themes"
        case flaggedThemes = "flagged_themes"
    }
}

/// The stored flaw reports: each is kept whole (its JSON contract) so that tonight's can be compared
/// with last night's, and any stored report can be rendered again in any format.
public struct ReportArchive: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Stores `report` and returns its id.
    public func save(_ report: FlawReport, origin: ReportOrigin) async throws -> Int64 {
        let document = String(decoding: try report.jsonData(), as: UTF8.self)
        let settings = String(decoding: try JSONEncoder().encode(report.settings), as: UTF8.self)
        let summary = report.summary
        let rows = try await database.client.query(
            """
            INSERT INTO reports (origin, period_from, period_to, generated_at, settings, document, complaints, customers,
                                 listed_themes, flagged_themes, repeated_themes, widespread_themes, rising_themes, escalated_themes)
            VALUES (\(origin.rawValue), \(report.period.from), \(report.period.to), \(report.period.generatedAt), \(settings)::jsonb,
                    \(document)::jsonb, \(summary.complaints), \(summary.customers), \(summary.listedThemes), \(summary.flaggedThemes),
                    \(summary.flagged.repeated), \(summary.flagged.widespread), \(summary.flagged.rising), \(summary.flagged.escalated))
            RETURNING id
            """,
            logger: database.logger
        )
        for try await id in rows.decode(Int64.self) { return id }
        throw StoreError.query(detail: "the report was not stored")
    }

    /// The most recent stored reports, newest first.
    public func list(limit: Int = 30) async throws -> [StoredReportSummary] {
        let rows = try await database.client.query(
            """
            SELECT id, origin, period_from, period_to, generated_at, complaints, customers, listed_themes, flagged_themes,
                   repeated_themes, widespread_themes, rising_themes, escalated_themes
            FROM reports ORDER BY generated_at DESC, id DESC LIMIT \(max(1, limit))
            """,
            logger: database.logger
        )
        var reports: [StoredReportSummary] = []
        for try await row in rows {
            let (id, origin, from, to, generatedAt, complaints, customers, listed, flagged, repeated, widespread, rising, escalated) =
                try row.decode((Int64, String, Date, Date, Date, Int, Int, Int, Int, Int, Int, Int, Int).self)
            reports.append(
                StoredReportSummary(
                    id: id, origin: ReportOrigin(rawValue: origin) ?? .flaws, from: from, to: to, generatedAt: generatedAt,
                    complaints: complaints, customers: customers, listedThemes: listed, flaggedThemes: flagged,
                    flagged: FlagCounts(repeated: repeated, widespread: widespread, rising: rising, escalated: escalated)
                )
            )
        }
        return reports
    }

    /// A stored report, read back from its JSON.
    public func report(_ id: Int64) async throws -> FlawReport {
        let rows = try await database.client.query("SELECT document::text FROM reports WHERE id = \(id)", logger: database.logger)
        for try await document in rows.decode(String.self) {
            return try FlawReport(jsonData: Data(document.utf8))
        }
        throw StoreError.refused("no report \(id) is stored (`rapport report list` shows the stored ones)")
    }
}
