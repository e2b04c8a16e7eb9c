import Foundation
import PostgresNIO
import RapportCore
import RapportInsight

@testable import RapportStore

/// Jane Doe, a CRM customer who complained about a refund by e-mail and on Twitter, chatted on the
/// web under a visitor id a steward later merged into her profile, was answered by the brand, was
/// mentioned by another customer, and is quoted in a stored flaw report. Bob is someone else.
enum PrivacyFixture {
    /// Everything of Jane's that must be gone after her erasure.
    static let janeValues = [
        "jane@example.com", "jane.doe.home@example.org", "+442079460958", "janedoe", "Jane Doe", "JDOE-7731", "visitor-jane-77",
        "12 Baker Street", "I have still not received my refund for order 5512", "my refund is still not received",
        "can someone in chat tell me where my refund went", "Hi Jane Doe, sorry about the refund",
    ]
    /// Bob's own words, which must survive Jane's erasure.
    static let bobBody = "my card was charged twice for one order, and @janedoe says hers was too, mail jane@example.com"

    static let crmCustomers: [CustomerRecord] = {
        let jane = CustomerRecord(
            crmSource: "Acme", crmID: "JDOE-7731", name: "Jane Doe",
            emails: [Identifier(kind: .email, normalisedValue: "jane@example.com"), Identifier(kind: .email, normalisedValue: "jane.doe.home@example.org")],
            phones: [Identifier(kind: .phone, normalisedValue: "+442079460958")], handles: [Identifier(kind: .twitter, normalisedValue: "janedoe")],
            attributes: ["address": "12 Baker Street", "tier": "gold"], line: 2
        )
        let bob = CustomerRecord(
            crmSource: "Acme", crmID: "BOB-1", name: "Bob Stone", emails: [Identifier(kind: .email, normalisedValue: "bob@example.net")],
            phones: [], handles: [Identifier(kind: .twitter, normalisedValue: "bobstone")], attributes: [:], line: 3
        )
        return [jane, bob]
    }()

    static func interactions() throws -> [InteractionRecord] {
        var records = try FlawReporterTests.refundComplaints()
        records.append(
            try InsightFixtures.message(
                "jane-chat", customer: "webchat:visitor-jane-77", body: "can someone in chat tell me where my refund went? still not received",
                at: InsightFixtures.at(day: 1, hour: 15), channel: .webchat))
        records.append(
            try InsightFixtures.message(
                "brand-reply-jane", customer: "twitter:janedoe", body: "Hi Jane Doe, sorry about the refund. Please DM us.",
                at: InsightFixtures.at(day: 2, hour: 12), direction: .outbound))
        records.append(try InsightFixtures.message("bob-tweet", customer: "twitter:bobstone", body: bobBody, at: InsightFixtures.at(day: 2, hour: 9)))
        return records
    }

    /// Loads everything, merges the chat visitor into Jane, classifies, stores a report quoting
    /// her, and records an open suggestion that involves her. Returns Jane's live profile id.
    @discardableResult
    static func load(into database: Database) async throws -> Int64 {
        var customers = InMemoryCustomers(crmCustomers)
        _ = try await CustomerImporter(database: database).load(from: &customers)
        _ = try await Fixture.load(try interactions(), into: database)
        let merge = try await Stewardship(database: database).merge(
            try Identifier.parse("email:jane@example.com"), try Identifier.parse("webchat:visitor-jane-77"), steward: "sam",
            reason: "chat form says jane@example.com")
        _ = try await InsightClassification(database: database, taxonomy: FlawReporterTests.refundTaxonomy).run(.new)
        let period = try FlawPeriod(from: FlawReporterTests.period.from, to: FlawReporterTests.period.to)
        let report = try await FlawReporter(database: database).report(for: period, asOf: FlawReporterTests.period.to)
        _ = try await ReportArchive(database: database).save(report, origin: .flaws)
        let bob = try await ProfileQueries(database: database).resolve(try Identifier.parse("twitter:bobstone"))
        let (left, right) = (min(bob, merge.survivorID), max(bob, merge.survivorID))
        try await database.client.query(
            """
            INSERT INTO suggestions (left_profile, right_profile, probability, weight, evidence)
            VALUES (\(left), \(right), 0.4, 1.5, '[{"field": "email", "left": "jane@example.com", "right": "bob@example.net"}]')
            """,
            logger: database.logger
        )
        return merge.survivorID
    }

    /// Every (table, column) of the public schema where `value` occurs, case-insensitively, in the
    /// column's text form (text, arrays and JSON alike).
    static func occurrences(of value: String, in database: Database) async throws -> [String] {
        var columns: [(String, String)] = []
        let rows = try await database.client.query(
            """
            SELECT quote_ident(c.table_name), quote_ident(c.column_name) FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema = 'public' ORDER BY 1, 2
            """,
            logger: database.logger
        )
        for try await column in rows.decode((String, String).self) { columns.append(column) }
        var found: [String] = []
        for (table, column) in columns {
            let hits = try await database.client.query(
                "SELECT count(*) FROM \(unescaped: table) WHERE strpos(lower(\(unescaped: column)::text), lower(\(value))) > 0",
                logger: database.logger
            )
            for try await count in hits.decode(Int64.self) where count > 0 { found.append("\(table).\(column)") }
        }
        return found
    }
}
