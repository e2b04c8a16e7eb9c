import Foundation
import RapportCore
import RapportFuzzSupport
import RapportInsight
import Testing

@testable import RapportStore

@Suite("The flaw report from the store")
struct FlawReporterTests {
    static let period = (from: InsightFixtures.at(day: 0, hour: 0), to: InsightFixtures.at(day: 3, hour: 0))

    /// Six customers complain once each about a missing refund; one person complains twice more,
    /// once by e-mail and once on Twitter, under identifiers not (yet) linked.
    static func refundComplaints() throws -> [InteractionRecord] {
        var records: [InteractionRecord] = []
        for (k, text) in InsightFixtures.firstNight["refund", default: []].enumerated() {
            records.append(try InsightFixtures.message("refund-\(k)", customer: "twitter:refunder\(k)", body: text, at: InsightFixtures.at(day: 0, hour: 8 + Double(k))))
        }
        records.append(
            try InsightFixtures.message(
                "jane-mail", customer: "email:jane@example.com", body: "I have still not received my refund for order 5512, please help",
                at: InsightFixtures.at(day: 0, hour: 9), channel: .email))
        records.append(
            try InsightFixtures.message(
                "jane-tweet", customer: "twitter:janedoe", body: "two days later and my refund is still not received. Emailed you, nothing.",
                at: InsightFixtures.at(day: 2, hour: 11)))
        return records
    }

    static func refundTheme(in report: FlawReport, themes: [String: Int64?]) -> FlawTheme? {
        guard let id = themes["jane-tweet"] ?? nil else { return nil }
        return report.themes.first { $0.id == id }
    }

    /// Pins the refund complaints to one named theme, so the test is about counting customers, not
    /// about how discovery happens to split eight short texts.
    static let refundTaxonomy = ThemeTaxonomy(themes: [
        .init(key: "refund_not_received", name: "Refund not received", examples: [
            "I still have not received my refund", "refund not received", "my refund never arrived",
        ])
    ])

    @Test func mergedIdentitiesCountAsOneCustomerForRepeated() async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load(try Self.refundComplaints(), into: database)
            _ = try await InsightClassification(database: database, taxonomy: Self.refundTaxonomy).run(.new)
            let themes = try await InsightFixtures.themes(in: database)
            let janeTheme = try #require(themes["jane-tweet"] ?? nil, "jane's tweet found no theme")
            try #require(themes["jane-mail"] == janeTheme, "jane's two complaints are in different themes")

            let period = try FlawPeriod(from: Self.period.from, to: Self.period.to)
            let reporter = FlawReporter(database: database)
            let before = try #require(Self.refundTheme(in: try await reporter.report(for: period, asOf: Self.period.to), themes: themes))
            #expect(!before.flags.contains(.repeated))
            #expect(before.repeatedBy.isEmpty)
            let customersBefore = before.customers

            _ = try await Stewardship(database: database).merge(
                try Identifier.parse("email:jane@example.com"), try Identifier.parse("twitter:janedoe"), steward: "test",
                reason: "same person: she says she emailed")
            let after = try #require(Self.refundTheme(in: try await reporter.report(for: period, asOf: Self.period.to), themes: themes))
            #expect(after.flags.contains(.repeated))
            #expect(after.repeatedBy.count == 1)
            #expect(after.repeatedBy.first.map { ["email:jane@example.com", "twitter:janedoe"].contains($0) } == true)
            #expect(after.customers == customersBefore - 1)
            #expect(after.complaints == before.complaints)
        }
    }

    /// The store reads a profile's earlier complaints only in the themes it complains about in the
    /// period: one before the period in the same theme still makes a repeat and an escalation, one in
    /// another theme makes neither.
    @Test func complaintsBeforeThePeriodRepeatAndEscalateWithinTheirTheme() async throws {
        try await TestDatabase.with { database in
            var records = try Self.refundComplaints().filter { $0.externalID != "jane-mail" }
            records.append(
                try InsightFixtures.message(
                    "jane-mail-earlier", customer: "email:jane@example.com",
                    body: "I have still not received my refund for order 5512, please help", at: InsightFixtures.at(day: -3, hour: 9),
                    channel: .email))
            records.append(
                try InsightFixtures.message(
                    "sam-mail-earlier", customer: "email:sam@example.com", body: "your app crashes every time I open it, useless",
                    at: InsightFixtures.at(day: -2, hour: 9), channel: .email))
            records.append(
                try InsightFixtures.message(
                    "sam-tweet", customer: "twitter:samrefund", body: "my refund never arrived and nobody answers",
                    at: InsightFixtures.at(day: 1, hour: 10)))
            _ = try await Fixture.load(records, into: database)
            _ = try await InsightClassification(database: database, taxonomy: Self.refundTaxonomy).run(.new)
            let themes = try await InsightFixtures.themes(in: database)
            let refund = try #require(themes["jane-tweet"] ?? nil)
            try #require(themes["jane-mail-earlier"] == refund && themes["sam-tweet"] == refund)
            try #require(themes["sam-mail-earlier"] != refund)
            let steward = Stewardship(database: database)
            _ = try await steward.merge(
                try Identifier.parse("email:jane@example.com"), try Identifier.parse("twitter:janedoe"), steward: "test", reason: "same person")
            _ = try await steward.merge(
                try Identifier.parse("email:sam@example.com"), try Identifier.parse("twitter:samrefund"), steward: "test", reason: "same person")

            let period = try FlawPeriod(from: Self.period.from, to: Self.period.to)
            let report = try await FlawReporter(database: database).report(for: period, asOf: Self.period.to)
            let theme = try #require(Self.refundTheme(in: report, themes: themes))
            #expect(theme.flags.contains(.repeated))
            #expect(theme.repeatedBy.count == 1)
            #expect(theme.repeatedBy.first.map { ["email:jane@example.com", "twitter:janedoe"].contains($0) } == true)
            #expect(theme.escalatedBy.count == 1)
            #expect(theme.escalatedBy.first.map { ["email:jane@example.com", "twitter:janedoe"].contains($0) } == true)
        }
    }

    /// The nightly job reads the identities and earlier complaints of each chunk's complaints while
    /// it classifies (``ComplaintPrefetch``); its report must be the one read afterwards in one go.
    /// With one message per chunk, every lookup happens chunk by chunk. When the complaint before the
    /// period arrives late (classified by the same run), what was read during the run is incomplete
    /// and must not be used. Complaints of the period classified by an earlier run are read as the
    /// nightly run begins.
    @Test(arguments: [false, true])
    func nightlyReportReadWhileClassifyingEqualsTheReportReadAfterwards(lateArrival: Bool) async throws {
        try await TestDatabase.with { database in
            let earlier = try InsightFixtures.message(
                "jane-mail-earlier", customer: "email:jane@example.com",
                body: "I have still not received my refund for order 5512, please help", at: InsightFixtures.at(day: -3, hour: 9),
                channel: .email)
            if !lateArrival {
                // History enough for the first run to theme it, so tonight's run changes nothing
                // before the period and the reads made while it ran are used.
                var history = [earlier]
                for (k, text) in InsightFixtures.firstNight["refund", default: []].enumerated() {
                    history.append(
                        try InsightFixtures.message("old-refund-\(k)", customer: "twitter:oldrefunder\(k)", body: text, at: InsightFixtures.at(day: -5, hour: 8 + Double(k))))
                }
                _ = try await Fixture.load(history, into: database)
                _ = try await InsightClassification(database: database, taxonomy: Self.refundTaxonomy).run(.new, now: Self.period.from)
                try #require(try await InsightFixtures.themes(in: database)["jane-mail-earlier"] ?? nil != nil)
            }
            var records = try Self.refundComplaints().filter { $0.externalID != "jane-mail" }
            if lateArrival { records.append(earlier) }
            // Two of the period's complaints were classified by an earlier run (read from the store
            // as the nightly run begins); the nightly run classifies the rest.
            _ = try await Fixture.load(Array(records.prefix(2)), into: database)
            _ = try await InsightClassification(database: database, taxonomy: Self.refundTaxonomy).run(.new, now: Self.period.from)
            records.removeFirst(2)
            _ = try await Fixture.load(records, into: database)
            _ = try await Stewardship(database: database).merge(
                try Identifier.parse("email:jane@example.com"), try Identifier.parse("twitter:janedoe"), steward: "test", reason: "same person")

            let period = try FlawPeriod(from: Self.period.from, to: Self.period.to)
            let nightly = try await NightlyReport(
                database: database, options: InsightOptions(chunkSize: 1, parallelism: 1), taxonomy: Self.refundTaxonomy
            ).run(period: period, asOf: Self.period.to)
            try #require(nightly.classification.classified == records.count)
            if !lateArrival { try #require(nightly.classification.earliestChange.map { $0 >= period.from } == true) }
            let themes = try await InsightFixtures.themes(in: database)
            let tonight = try #require(Self.refundTheme(in: nightly.report, themes: themes))
            #expect(tonight.flags.contains(.repeated))
            #expect(tonight.repeatedBy.count == 1)
            #expect(tonight.escalatedBy.count == 1)
            #expect(tonight.complaints == 7)

            let afterwards = try await FlawReporter(database: database).report(for: period, asOf: Self.period.to)
            #expect(nightly.report.themes == afterwards.themes)
            #expect(nightly.report.summary == afterwards.summary)
        }
    }

    @Test func firstReplyIsTheNextBrandMessageOnTheSameProfileAndChannel() async throws {
        try await TestDatabase.with { database in
            let t = InsightFixtures.at(day: 0, hour: 9)
            _ = try await Fixture.load(
                [
                    try InsightFixtures.message("q1", customer: "twitter:asker", body: "how do I reset my password?", at: t),
                    // A reply on another channel does not answer the tweet.
                    try InsightFixtures.message("r-mail", customer: "twitter:asker", body: "see our email", at: t.addingTimeInterval(600), channel: .email, direction: .outbound),
                    try InsightFixtures.message("r1", customer: "twitter:asker", body: "Hi! Use the link in settings.", at: t.addingTimeInterval(1800), direction: .outbound),
                    try InsightFixtures.message("r2", customer: "twitter:asker", body: "Anything else?", at: t.addingTimeInterval(3600), direction: .outbound),
                    try InsightFixtures.message("q2", customer: "twitter:ignored", body: "hello? anyone there?", at: t),
                ], into: database)
            let period = try FlawPeriod(from: Self.period.from, to: Self.period.to)
            let timings = try await FlawReporter(database: database).replyTimings(for: period, asOf: Self.period.to)
            #expect(timings.count == 2)
            let answered = timings.compactMap { $0.firstReplyAt.map { $0.timeIntervalSince(t) } }
            #expect(answered == [1800])
            #expect(timings.filter { $0.firstReplyAt == nil }.count == 1)
        }
    }

    /// The first-reply times equal those of the plain definition, written as one SQL window query
    /// (every message joined to its identity's profile; per profile and channel, newest first, the
    /// running minimum of the brand messages' times), on random conversations: profiles with several
    /// identities after merges, messages at the same instant, brand messages before the period and
    /// after `asOf`, several channels.
    @Test(arguments: [(seed: UInt64(1), asOfHours: 0.0), (seed: 2, asOfHours: 6), (seed: 3, asOfHours: -80)])
    func firstReplyTimesEqualTheWindowQueryDefinition(seed: UInt64, asOfHours: Double) async throws {
        try await TestDatabase.with { database in
            var random = FuzzRandom(seed: seed)
            let channels: [RapportCore.Channel] = [.twitter, .email, .facebook]
            var records: [InteractionRecord] = []
            for k in 0..<120 {
                let person = random.int(in: 0..<12)
                let handle = random.chance(0.3) ? "twitter:p\(person)b" : "twitter:p\(person)"
                let channel = channels[random.int(in: 0..<channels.count)]
                let customer = channel == .email ? "email:p\(person)@example.com" : handle
                // Ten-minute steps from a day before the period to a day after it: instants collide.
                let at = Self.period.from.addingTimeInterval(Double(random.int(in: -144..<576)) * 600)
                records.append(
                    try InsightFixtures.message(
                        "m\(k)", customer: customer, body: "message \(k)", at: at, channel: channel,
                        direction: random.chance(0.45) ? .outbound : .inbound))
            }
            // Always present: a brand message at the same instant as the customer's, and one that
            // answers a second handle of the same (merged) person.
            let noon = Self.period.from.addingTimeInterval(12 * 3600)
            records += [
                try InsightFixtures.message("same-in", customer: "twitter:p0", body: "hello?", at: noon),
                try InsightFixtures.message("same-out", customer: "twitter:p0", body: "hi", at: noon, direction: .outbound),
                try InsightFixtures.message("other-in", customer: "twitter:p1", body: "anyone?", at: noon),
                try InsightFixtures.message("other-out", customer: "twitter:p1b", body: "yes", at: noon.addingTimeInterval(60), direction: .outbound),
            ]
            _ = try await Fixture.load(records, into: database)
            let stewardship = Stewardship(database: database)
            for person in 0..<12 where person % 3 != 2 {
                for other in ["twitter:p\(person)b", "email:p\(person)@example.com"] {
                    _ = try? await stewardship.merge(try Identifier.parse("twitter:p\(person)"), try Identifier.parse(other), steward: "test", reason: "same person")
                }
            }
            let period = try FlawPeriod(from: Self.period.from, to: Self.period.to)
            let asOf = period.to.addingTimeInterval(asOfHours * 3600)
            let timings = try await FlawReporter(database: database).replyTimings(for: period, asOf: asOf)

            let horizon = max(asOf, period.from)
            let rows = try await database.client.query(
                """
                SELECT channel, occurred_at, first_reply FROM (
                    SELECT m.channel, m.occurred_at, m.inbound,
                           min(m.reply_at) OVER (PARTITION BY m.profile_id, m.channel ORDER BY m.occurred_at DESC, m.inbound
                                                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS first_reply
                    FROM (
                        SELECT i.profile_id, x.channel, x.occurred_at, x.direction = 'inbound' AS inbound,
                               CASE WHEN x.direction = 'outbound' THEN x.occurred_at END AS reply_at
                        FROM interactions x JOIN identities i ON i.id = x.identity_id
                        WHERE x.occurred_at >= \(period.from)
                          AND ((x.direction = 'inbound' AND x.occurred_at < \(period.to))
                               OR (x.direction = 'outbound' AND x.occurred_at < \(horizon)))
                    ) m
                ) w
                WHERE inbound
                """,
                logger: database.logger)
            var expected: [String] = []
            for try await (channel, at, reply) in rows.decode((String, Date, Date?).self) {
                expected.append("\(channel) \(at.timeIntervalSince1970) \(reply.map { "\($0.timeIntervalSince1970)" } ?? "-")")
            }
            let actual = timings.map { "\($0.channel.rawValue) \($0.receivedAt.timeIntervalSince1970) \($0.firstReplyAt.map { "\($0.timeIntervalSince1970)" } ?? "-")" }
            #expect(expected.count > 20)
            #expect(expected.contains { !$0.hasSuffix("-") } || asOfHours < 0)
            #expect(actual.sorted() == expected.sorted())
        }
    }

    @Test func storedReportsListAndReadBack() async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load(try Self.refundComplaints(), into: database)
            let period = try FlawPeriod(from: Self.period.from, to: Self.period.to)
            let outcome = try await NightlyReport(database: database).run(period: period, asOf: Self.period.to)
            let archive = ReportArchive(database: database)
            let listed = try await archive.list()
            #expect(listed.map(\.id) == [outcome.reportID])
            #expect(listed.first?.complaints == outcome.report.summary.complaints)
            #expect(listed.first?.origin == .nightly)
            let stored = try await archive.report(outcome.reportID)
            #expect(try stored.rendered(as: .text) == (try outcome.report.rendered(as: .text)))
            #expect(stored.themes.map(\.id) == outcome.report.themes.map(\.id))
            await #expect(throws: StoreError.self) { try await archive.report(outcome.reportID + 1) }
        }
    }

    @Test func exportWritesOneRecordPerInsightWithItsTheme() async throws {
        try await TestDatabase.with { database in
            _ = try await Fixture.load(try Self.refundComplaints(), into: database)
            _ = try await InsightClassification(database: database).run(.new)
            let export = InsightExport(database: database)
            var jsonl: [UInt8] = []
            let count = try await export.write(since: nil, format: .jsonl, chunkBytes: 64) { jsonl += $0 }
            let lines = String(decoding: jsonl, as: UTF8.self).split(separator: "\n")
            #expect(count == 8)
            #expect(lines.count == 8)
            struct Record: Decodable {
                let source: String
                let external_id: String
                let kind: String
                let sentiment: Double
                let theme_id: Int64?
                let theme_name: String?
            }
            let records = try lines.map { try JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
            let themes = try await InsightFixtures.themes(in: database)
            let names = Dictionary(uniqueKeysWithValues: try await ThemeCatalog(database: database).list().map { ($0.id, $0.name) })
            for record in records {
                #expect(record.source == "insight-test")
                #expect(record.theme_id == (themes[record.external_id] ?? nil))
                #expect(record.theme_name == record.theme_id.flatMap { names[$0] })
            }
            var csv: [UInt8] = []
            let since = InsightFixtures.at(day: 1, hour: 0)
            let recent = try await export.write(since: since, format: .csv) { csv += $0 }
            #expect(recent == 1)
            let csvLines = String(decoding: csv, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(csvLines.first == "source,external_id,occurred_at,kind,sentiment,theme_id,theme_name,cues")
            #expect(csvLines.count == 2)
            #expect(csvLines.last?.hasPrefix("insight-test,jane-tweet,") == true)
        }
    }

    @Test func lookupsSplitIntoEvenPartsThatKeepEveryKeyOnceInOrder() {
        for count in [0, 1, 2, 3, 5, 6, 7, 10_000, 10_001] {
            for parts in 1...4 {
                let items = Array(0..<count)
                let slices = ComplaintReader.split(items, into: parts)
                #expect(slices.flatMap { $0 } == items)
                #expect(slices.count <= parts)
                #expect(count == 0 || !slices.isEmpty)
                #expect(slices.allSatisfy { $0.count <= (count + parts - 1) / parts })
            }
        }
        #expect(ComplaintReader.parts(for: ComplaintReader.splitThreshold - 1) == 1)
        #expect(ComplaintReader.parts(for: ComplaintReader.splitThreshold) >= 1)
    }

    @Test func csvFieldsAreQuotedAndGuardedAgainstFormulas() {
        var out: [UInt8] = []
        ExportCSV.appendField("=HYPERLINK(\"x\")", guardFormula: true, to: &out)
        out.append(UInt8(ascii: ";"))
        ExportCSV.appendField("plain", guardFormula: true, to: &out)
        out.append(UInt8(ascii: ";"))
        ExportCSV.appendField("a,b\nc", guardFormula: true, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"'=HYPERLINK(\"\"x\"\")\";plain;\"a,b\nc\"")
    }
}
