import Foundation
import RapportCore
import RapportDemo
import RapportIngest
import RapportInsight
import Testing

@testable import RapportStore

/// Issue 4: the demo data plants known process flaws; the nightly report must find every one, with
/// its flags, through the real readers, loaders, classifier, themes and report.
@Suite("The nightly report finds the demo's planted flaws")
struct DemoFlawReportTests {
    /// Midnight UTC, 2025-11-20: a fixed end so the data and the report never depend on today.
    static let end = Date(timeIntervalSince1970: 1_763_596_800)

    @Test(arguments: [42, 1, 7, 99, 2025, 3, 5, 11, 123, 777, 31337, 8])
    func nightlyReportFindsEveryPlantedFlawWithItsFlags(seed: UInt64) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let summary = try DemoGenerator(customers: 300, seed: seed, end: Self.end, days: 30).write(to: directory)
        try #require(!summary.plantedFlaws.isEmpty)

        try await TestDatabase.with { database in
            var customers = try CustomerReader(path: directory.appendingPathComponent(DemoGenerator.customersFile).path)
            let imported = try await CustomerImporter(database: database).load(from: &customers)
            #expect(imported.rejected == 0)
            var interactions = try InteractionReader(path: directory.appendingPathComponent(DemoGenerator.interactionsFile).path, format: .jsonl)
            let loaded = try await InteractionLoader(database: database).load(from: &interactions)
            #expect(loaded.rejected == 0)
            #expect(loaded.inserted == summary.interactions)

            let period = try FlawPeriod(lasting: 7 * 86_400, endingAt: Self.end)
            let outcome = try await NightlyReport(database: database).run(period: period, asOf: Self.end)
            let report = outcome.report
            #expect(outcome.classification.classified == summary.inbound)

            let themes = try await Self.themesBySourceAndID(in: database)
            let reported = Dictionary(uniqueKeysWithValues: report.themes.map { ($0.id, $0) })
            let iso = ISO8601DateFormatter()
            for flaw in summary.plantedFlaws {
                // Found: most of the flaw's planted complaints in the report's period sit in themes that
                // the report flags with every expected flag. Discovery may split one planted problem into
                // several themes (different wordings of "no reply to my DM"); each must then carry the flag.
                let expected = Set(flaw.expectedFlags.map(\.rawValue))
                let inPeriod = flaw.complaints.filter { iso.date(from: $0.occurredAt).map(period.contains) ?? false }
                try #require(!inPeriod.isEmpty, "\(flaw.key) has no planted complaint in the period")
                let placed = inPeriod.map { themes["\($0.source)\u{1F}\($0.externalID)"] ?? nil }
                let flagged = placed.filter { theme in
                    guard let theme, let found = reported[theme] else { return false }
                    return expected.isSubset(of: Set(found.flags.map(\.rawValue)))
                }
                let share = Double(flagged.count) / Double(inPeriod.count)
                let seen = Set(placed.compactMap { $0 }).map { id in "#\(id) \(reported[id]?.name ?? "(not listed)") \(reported[id]?.flags.map(\.rawValue) ?? [])" }
                #expect(share >= 0.5, "\(flaw.key): \(flagged.count) of \(inPeriod.count) planted complaints of the period in themes flagged \(expected.sorted()); themes: \(seen.sorted())")

                // The customers who played out a repeated or escalated flaw are named by a flagged theme
                // that holds their complaints.
                for flag in flaw.expectedFlags where flag == .repeated || flag == .escalated {
                    let named = Set(Set(flagged.compactMap { $0 }).flatMap { id -> [String] in
                        guard let theme = reported[id] else { return [] }
                        return flag == .repeated ? theme.repeatedBy : theme.escalatedBy
                    })
                    for customer in flaw.customers {
                        let theirs = Set(try customer.identifiers.map { try Identifier.parse($0).description })
                        #expect(!named.isDisjoint(with: theirs), "\(flaw.key): \(flag.rawValue) should name one of \(theirs.sorted()); names \(named.sorted())")
                    }
                }
            }
        }
    }

    static func themesBySourceAndID(in database: Database) async throws -> [String: Int64?] {
        let rows = try await database.client.query(
            "SELECT x.source, x.external_id, n.theme_id FROM interaction_insights n JOIN interactions x ON x.id = n.interaction_id",
            logger: database.logger)
        var themes: [String: Int64?] = [:]
        for try await (source, id, theme) in rows.decode((String, String, Int64?).self) { themes["\(source)\u{1F}\(id)"] = theme }
        return themes
    }
}
