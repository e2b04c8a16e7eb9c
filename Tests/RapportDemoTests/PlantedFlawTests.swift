import Foundation
import RapportCore
import RapportDemo
import Testing

@Suite("Demo data generator: planted process flaws")
struct PlantedFlawTests {
    static let day: TimeInterval = 86_400

    /// The planted complaints of `flaw`, as rows read back from the file, oldest first.
    private func plantedRows(_ flaw: PlantedFlaw, in demo: DemoFixture) throws -> [DemoRow] {
        let byKey = Dictionary(uniqueKeysWithValues: demo.rows.map { ($0.key, $0) })
        return try flaw.complaints.map { complaint in
            let row = try #require(byKey["\(complaint.source)/\(complaint.externalID)"], "planted \(complaint.externalID) missing")
            #expect(demo.labels[row.key]?.kind == "complaint")
            #expect(demo.labels[row.key]?.theme == flaw.key)
            #expect(row.direction == "inbound" && row.customer == complaint.customer)
            return row
        }
        .sorted { $0.occurredAt < $1.occurredAt }
    }

    @Test func summaryPlantsOneFlawPerFlagKind() throws {
        let demo = try DemoFixture.shared.get()
        let flags = demo.summary.plantedFlaws.flatMap(\.expectedFlags)
        #expect(Set(flags) == Set(DemoFlag.allCases))
        #expect(demo.summary.flaw("refund_not_received")?.expectedFlags == [.repeated])
        #expect(demo.summary.flaw("charged_twice")?.expectedFlags == [.escalated])
        #expect(demo.summary.flaw("logged_out_after_update")?.expectedFlags == [.rising])
        #expect(demo.summary.flaw("no_reply_to_dms")?.expectedFlags == [.widespread])
    }

    @Test func repeatedRefundComplaintsComeFromOneCRMCustomerUnderSeveralIdentifiers() throws {
        let demo = try DemoFixture.shared.get()
        let flaw = try #require(demo.summary.flaw("refund_not_received"))
        let rows = try plantedRows(flaw, in: demo)
        let links = try demo.crmLinks()
        let weekAgo = DemoFixture.end.addingTimeInterval(-7 * Self.day)
        for customer in flaw.customers {
            let crm = try #require(customer.crm)
            let theirs = try rows.filter { try demo.profileKey(of: $0.customer, links: links) == crm }
            #expect(theirs.count >= 3, "\(crm) complains \(theirs.count) times")
            #expect(Set(theirs.map(\.customer)).count >= 3, "under different identifiers")
            #expect(Set(theirs.map(\.channel)).count >= 3, "on different channels")
            let dates = theirs.compactMap(\.date)
            let first = try #require(dates.min())
            let last = try #require(dates.max())
            #expect(first >= weekAgo && last.timeIntervalSince(first) <= 7 * Self.day)
        }
    }

    @Test func escalatedDoubleChargeMovesFromPrivateToPublic() throws {
        let demo = try DemoFixture.shared.get()
        let flaw = try #require(demo.summary.flaw("charged_twice"))
        let rows = try plantedRows(flaw, in: demo)
        let links = try demo.crmLinks()
        for customer in flaw.customers {
            let crm = try #require(customer.crm)
            let theirs = try rows.filter { try demo.profileKey(of: $0.customer, links: links) == crm }
            let firstPrivate = try #require(theirs.first { $0.visibility == "private" })
            let laterPublic = try #require(theirs.last { $0.visibility == "public" })
            #expect(firstPrivate.occurredAt < laterPublic.occurredAt)
            #expect(firstPrivate.customer != laterPublic.customer, "the CRM links the two identifiers")
        }
        let first = try #require(flaw.customers.first)
        let theirs = try rows.filter { try demo.profileKey(of: $0.customer, links: links) == first.crm }
        #expect(theirs.map(\.channel) == ["email", "twitter"])
    }

    @Test func risingLogoutsSurgeInTheLastTwoDaysFromALowBaseline() throws {
        let demo = try DemoFixture.shared.get()
        let complaints = demo.complaints(on: "logged_out_after_update")
        let surgeStart = DemoFixture.end.addingTimeInterval(-2 * Self.day)
        let surge = complaints.filter { ($0.date ?? .distantPast) >= surgeStart }
        let earlier = complaints.count - surge.count
        let earlierDays = 28.0
        let earlierDailyMean = Double(earlier) / earlierDays
        #expect(earlier >= 3, "a baseline exists")
        #expect(Double(surge.count) / 2 >= 8 * earlierDailyMean, "surge \(surge.count) in 2 days vs \(earlierDailyMean)/day")
        #expect(Set(surge.map(\.customer)).count == surge.count, "many distinct customers")
        #expect(surge.count >= 12)
    }

    @Test func unansweredDMsAreWidespreadInTheLastWeekAndNotRising() throws {
        let demo = try DemoFixture.shared.get()
        let weekAgo = DemoFixture.end.addingTimeInterval(-7 * Self.day)
        func customersLastWeek(_ theme: String) -> Int {
            Set(demo.complaints(on: theme).filter { ($0.date ?? .distantPast) >= weekAgo }.map(\.customer)).count
        }
        let widespread = customersLastWeek("no_reply_to_dms")
        #expect(widespread >= 12)
        let background = Set(demo.labels.values.map(\.theme)).subtracting(
            ["", "no_reply_to_dms", "logged_out_after_update", "refund_not_received", "charged_twice"])
        for theme in background {
            #expect(Double(widespread) >= 1.5 * Double(customersLastWeek(theme)), "\(theme) rivals the widespread flaw")
        }
        let all = demo.complaints(on: "no_reply_to_dms")
        let lastWeek = all.filter { ($0.date ?? .distantPast) >= weekAgo }.count
        #expect(Double(lastWeek) <= 2 * Double(all.count - lastWeek) / 3, "steady all month, not a spike")
    }

    @Test func onlyPlantedCustomersComplainTwiceAboutOneTheme() throws {
        let demo = try DemoFixture.shared.get()
        let links = try demo.crmLinks()
        var planted: Set<String> = []
        for key in ["refund_not_received", "charged_twice"] {
            for customer in try #require(demo.summary.flaw(key)).customers { planted.insert(customer.crm ?? "") }
        }
        var counts: [String: Int] = [:]
        for row in demo.rows {
            guard let label = demo.labels[row.key], label.kind == "complaint" else { continue }
            counts["\(try demo.profileKey(of: row.customer, links: links)) \(label.theme)", default: 0] += 1
        }
        let repeaters = Set(counts.filter { $0.value > 1 }.keys.map { String($0.split(separator: " ")[0]) })
        #expect(repeaters == planted)
    }

    @Test func plantedFlawsFitInTheLastWeekOfEveryPopulationSize() throws {
        for customers in [DemoGenerator.minimumCustomers, 1_000] {
            let demo = try DemoFixture(customers: customers, seed: 99)
            defer { try? FileManager.default.removeItem(at: demo.directory) }
            let weekAgo = DemoFixture.end.addingTimeInterval(-7 * Self.day)
            for flaw in demo.summary.plantedFlaws where flaw.expectedFlags != [.rising] {
                let recent = flaw.complaints.compactMap { DemoFixture.parseTimestamp($0.occurredAt) }.filter { $0 >= weekAgo }
                #expect(recent.count >= (flaw.expectedFlags == [.widespread] ? 12 : 4), "\(flaw.key) with \(customers) customers")
            }
            let surge = try #require(demo.summary.flaw("logged_out_after_update")).complaints.filter {
                $0.occurredAt >= "2026-11-21T00:00:00Z"
            }
            #expect(surge.count >= 12)
        }
    }
}

@Suite("Checking a flaw report against the planted flaws")
struct PlantedFlawCheckTests {
    /// Theme ids as a perfect clusterer would assign them: one id per labelled theme.
    private func perfectThemes(_ demo: DemoFixture) -> [String: Int64] {
        let keys = Set(demo.labels.values.map(\.theme)).subtracting([""]).sorted()
        let ids = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, Int64($0.offset + 1)) })
        return demo.labels.compactMapValues { ids[$0.theme] }
    }

    @Test func findsEveryFlawWhenThemesAndFlagsAreRight() throws {
        let demo = try DemoFixture.shared.get()
        let themes = perfectThemes(demo)
        let flags = Dictionary(
            uniqueKeysWithValues: demo.summary.plantedFlaws.compactMap { flaw -> (Int64, Set<String>)? in
                guard let id = themes["\(flaw.complaints[0].source)/\(flaw.complaints[0].externalID)"] else { return nil }
                return (id, Set(flaw.expectedFlags.map(\.rawValue) + ["widespread"]))
            })
        let verdicts = demo.summary.verify(themeOfInteraction: { themes["\($0)/\($1)"] }, flagsOfTheme: { flags[$0] ?? [] })
        #expect(verdicts.count == 4)
        #expect(verdicts.allSatisfy { $0.found }, "\(verdicts.map(\.explanation))")
        #expect(verdicts.allSatisfy { $0.themeShare == 1 })
    }

    @Test func reportsAMissingFlagAndScatteredComplaints() throws {
        let demo = try DemoFixture.shared.get()
        let themes = perfectThemes(demo)
        let rising = try #require(demo.summary.flaw("logged_out_after_update"))
        let risingTheme = try #require(themes["\(rising.complaints[0].source)/\(rising.complaints[0].externalID)"])
        let noFlags = demo.summary.verify(themeOfInteraction: { themes["\($0)/\($1)"] }, flagsOfTheme: { _ in ["widespread"] })
        #expect(noFlags.first { $0.key == "logged_out_after_update" }?.found == false)
        #expect(noFlags.first { $0.key == "no_reply_to_dms" }?.found == true)
        var counter: Int64 = 1_000
        var scattered: [String: Int64] = [:]
        let verdicts = demo.summary.verify(
            themeOfInteraction: { source, id in
                if let cached = scattered["\(source)/\(id)"] { return cached }
                counter += 1
                scattered["\(source)/\(id)"] = counter
                return counter
            },
            flagsOfTheme: { $0 == risingTheme ? ["rising"] : ["repeated", "escalated", "rising", "widespread"] })
        #expect(verdicts.allSatisfy { !$0.found && $0.themeShare < 0.5 })
        #expect(verdicts.allSatisfy { $0.explanation.contains("NOT found") })
    }
}
