import Foundation
import RapportCore
import RapportInsight
import Testing

@testable import RapportStore

@Suite("Themes across nightly runs")
struct ThemeStabilityTests {
    static let problems = ["charged", "delivery", "logout", "refund"]

    @Test func themesKeepStableIdsAcrossTwoNightlyRuns() async throws {
        try await TestDatabase.with { database in
            let nightly = NightlyReport(database: database)
            _ = try await Fixture.load(try InsightFixtures.night(InsightFixtures.firstNight, number: 1, day: 0), into: database)
            let first = try await nightly.run(period: try FlawPeriod(from: InsightFixtures.at(day: 0, hour: 0), to: InsightFixtures.at(day: 1, hour: 0)), asOf: InsightFixtures.at(day: 1, hour: 0))
            #expect(first.classification.newThemes >= Self.problems.count)

            var themeOfProblem: [String: Int64] = [:]
            let afterFirst = try await InsightFixtures.themes(in: database)
            for problem in Self.problems {
                let ids = (0..<InsightFixtures.firstNight[problem, default: []].count).map { "\(problem)-1-\($0)" }
                let (theme, count) = InsightFixtures.majorityTheme(of: ids, in: afterFirst)
                let found = try #require(theme, "no theme for \(problem)")
                #expect(count >= 4, "\(problem): only \(count) of \(ids.count) complaints share theme \(found)")
                themeOfProblem[problem] = found
            }
            #expect(Set(themeOfProblem.values).count == Self.problems.count, "each problem has its own theme: \(themeOfProblem)")
            let catalog = ThemeCatalog(database: database)
            let before = Dictionary(uniqueKeysWithValues: try await catalog.list().map { ($0.id, $0) })

            _ = try await Fixture.load(try InsightFixtures.night(InsightFixtures.secondNight, number: 2, day: 1), into: database)
            _ = try await nightly.run(period: try FlawPeriod(from: InsightFixtures.at(day: 1, hour: 0), to: InsightFixtures.at(day: 2, hour: 0)), asOf: InsightFixtures.at(day: 2, hour: 0))

            let afterSecond = try await InsightFixtures.themes(in: database)
            let after = Dictionary(uniqueKeysWithValues: try await catalog.list().map { ($0.id, $0) })
            for (id, theme) in before {
                let kept = try #require(after[id], "theme \(id) (\(theme.name)) disappeared")
                #expect(kept.name == theme.name)
                #expect(kept.size >= theme.size)
            }
            for problem in Self.problems {
                // First-night complaints keep their themes.
                for k in 0..<InsightFixtures.firstNight[problem, default: []].count {
                    #expect(afterSecond["\(problem)-1-\(k)"] == afterFirst["\(problem)-1-\(k)"])
                }
                // Second-night complaints join the first night's theme of their problem.
                let ids = (0..<InsightFixtures.secondNight[problem, default: []].count).map { "\(problem)-2-\($0)" }
                let joined = ids.filter { afterSecond[$0] == themeOfProblem[problem] }.count
                #expect(joined >= 2, "\(problem): \(joined) of \(ids.count) second-night complaints joined theme \(themeOfProblem[problem] ?? -1)")
                if let id = themeOfProblem[problem], let old = before[id], let new = after[id] {
                    #expect(new.size >= old.size + Int64(joined))
                }
            }
        }
    }

    @Test func taxonomyNamesTheThemeItsExamplesMatch() async throws {
        try await TestDatabase.with { database in
            let taxonomy = ThemeTaxonomy(themes: [
                .init(key: "parcel_not_delivered", name: "Parcel marked delivered, never arrived", examples: [
                    "tracking says delivered but my parcel never arrived", "parcel marked as delivered but not here",
                ])
            ])
            _ = try await Fixture.load(try InsightFixtures.night(InsightFixtures.firstNight, number: 1, day: 0), into: database)
            _ = try await InsightClassification(database: database, taxonomy: taxonomy).run(.new)
            let themes = try await ThemeCatalog(database: database).list()
            let named = try #require(themes.first { $0.taxonomyKey == "parcel_not_delivered" })
            #expect(named.name == "Parcel marked delivered, never arrived")
            let assigned = try await InsightFixtures.themes(in: database)
            let deliveries = (0..<6).filter { assigned["delivery-1-\($0)"] == named.id }.count
            #expect(deliveries >= 3)
            // A second run with the same taxonomy reuses the theme instead of naming a new one.
            _ = try await Fixture.load(try InsightFixtures.night(InsightFixtures.secondNight, number: 2, day: 1), into: database)
            _ = try await InsightClassification(database: database, taxonomy: taxonomy).run(.new)
            #expect(try await ThemeCatalog(database: database).list().filter { $0.taxonomyKey == "parcel_not_delivered" }.map(\.id) == [named.id])
        }
    }
}
