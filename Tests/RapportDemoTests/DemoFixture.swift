import Foundation
import RapportCore
import RapportDemo

/// One interactions.jsonl line, decoded strictly: a missing required field or a wrong type fails.
struct DemoRow: Decodable, Sendable {
    enum AttributeValue: Decodable, Sendable {
        case text(String)
        case number(Int)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }
    }

    let source: String
    let externalID: String
    let channel: String
    let direction: String
    let visibility: String
    let occurredAt: String
    let customer: String
    let threadID: String?
    let inReplyTo: String?
    let account: String?
    let body: String?
    let attributes: [String: AttributeValue]?

    enum CodingKeys: String, CodingKey {
        case source, channel, direction, visibility, customer, account, body, attributes
        case externalID = "external_id"
        case occurredAt = "occurred_at"
        case threadID = "thread_id"
        case inReplyTo = "in_reply_to"
    }

    var key: String { "\(source)/\(externalID)" }
    var date: Date? { DemoFixture.parseTimestamp(occurredAt) }
}

/// A generated demo data set read back from disk, shared by the tests that only read it.
struct DemoFixture: Sendable {
    static let end = Date(timeIntervalSince1970: 1_795_392_000)  // 2026-11-23T00:00:00Z
    static let customers = 200

    /// Generated once per test process.
    static let shared = Result { try DemoFixture(customers: customers, seed: 2026) }

    let directory: URL
    let summary: DemoSummary
    let rows: [DemoRow]
    let jsonLines: [String]
    let csvRows: [[String]]
    /// `source/external_id` → (kind, theme) from labels.csv.
    let labels: [String: (kind: String, theme: String)]

    init(customers: Int, seed: UInt64, end: Date = DemoFixture.end) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-demo-\(UUID().uuidString)")
        summary = try DemoGenerator(customers: customers, seed: seed, end: end).write(to: directory)
        let jsonl = try String(contentsOf: directory.appendingPathComponent(DemoGenerator.interactionsFile), encoding: .utf8)
        jsonLines = jsonl.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        let decoder = JSONDecoder()
        rows = try jsonLines.map { try decoder.decode(DemoRow.self, from: Data($0.utf8)) }
        let csv = try String(contentsOf: directory.appendingPathComponent(DemoGenerator.customersFile), encoding: .utf8)
        csvRows = Self.parseCSV(csv)
        let labelText = try String(contentsOf: directory.appendingPathComponent(DemoGenerator.labelsFile), encoding: .utf8)
        var labels: [String: (kind: String, theme: String)] = [:]
        for row in Self.parseCSV(labelText).dropFirst() where row.count == 4 {
            labels["\(row[0])/\(row[1])"] = (row[2], row[3])
        }
        self.labels = labels
    }

    /// Normalised identifier → the CRM identifier of the first CRM record that lists it.
    func crmLinks() throws -> [Identifier: String] {
        var links: [Identifier: String] = [:]
        for row in csvRows.dropFirst() {
            let crm = "crm:\(row[0]):\(row[1])"
            var identifiers = [try Identifier.parse(crm)]
            for email in row[3].split(separator: ";") { identifiers.append(try Identifier(kind: .email, rawValue: String(email))) }
            for phone in row[4].split(separator: ";") { identifiers.append(try Identifier(kind: .phone, rawValue: String(phone))) }
            if !row[5].isEmpty { identifiers.append(try Identifier(kind: .twitter, rawValue: row[5])) }
            if !row[6].isEmpty { identifiers.append(try Identifier(kind: .facebook, rawValue: row[6])) }
            if !row[7].isEmpty { identifiers.append(try Identifier(kind: .instagram, rawValue: row[7])) }
            for identifier in identifiers where links[identifier] == nil { links[identifier] = crm }
        }
        return links
    }

    /// The person a row belongs to as the CRM sees it: its CRM identifier, else the row's own identifier.
    func profileKey(of customer: String, links: [Identifier: String]) throws -> String {
        let identifier = try Identifier.parse(customer)
        return links[identifier] ?? identifier.description
    }

    /// Inbound complaints on `theme`, from labels.csv joined with the rows.
    func complaints(on theme: String) -> [DemoRow] {
        rows.filter { labels[$0.key]?.kind == "complaint" && labels[$0.key]?.theme == theme }
    }

    static func parseTimestamp(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle().parse(text)
    }

    /// A small RFC 4180 parser: quoted fields, doubled quotes, line breaks inside quotes.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            if next == "," {
                                row.append(field)
                                field = ""
                            } else if next == "\n" {
                                row.append(field)
                                rows.append(row)
                                row = []
                                field = ""
                            } else {
                                field.append(next)
                            }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
