import Foundation
import RapportCore
import RapportFuzzSupport
import Testing

@testable import RapportIngest

/// The CRM customer CSV reader (`CustomerReader`, what `rapport import customers` and `POST
/// /v1/customers` call) fed shuffled headers with attribute columns, and rows that are valid,
/// broken in one known way, or mangled byte by byte.
@Suite("CRM customer CSV under fuzzing")
struct CustomerCSVFuzzTests {
    static let options = IngestOptions(
        maxShortFieldBytes: 400, maxLineBytes: 6_000, maxFieldBytes: 3_000, maxRejectedRawBytes: 96, chunkBytes: 4_096)
    static let known = CustomerCSVParser.knownColumns

    @Test func everyRecordComesOutOnceWithItsValuesOrItsReason() throws {
        let campaign = FuzzCampaign(target: "customers-csv")
        var tally = FuzzTally(campaign)
        var counts = CSVFuzzDocument<CustomerRecord>.Counts()
        for index in 0..<campaign.cases(500) {
            var random = campaign.random(case: index)
            var header = Self.known.filter { CustomerCSVParser.requiredColumns.contains($0) || random.chance(0.7) }
            for extra in ["tier", "notes", "<b>vip</b>", "'; DROP TABLE customers; --"] where random.chance(0.3) { header.append(extra) }
            header.shuffle(using: &random)
            let written = header.map { Self.known.contains($0) && random.chance(0.2) ? " " + $0.uppercased() : $0 }
            let names = written.map { $0.trimmingCharacters(in: .whitespaces) }
            var document = CSVFuzzDocument<CustomerRecord>(header: written, &random)
            for _ in 0..<random.int(in: 5...40) {
                switch random.int(in: 0..<10) {
                case 0...2: document.append(Self.validRow(header, &random).plan, &random)
                case 3...7: document.append(Self.brokenRow(header, names: names, &random), &random)
                case 8:
                    document.appendMangled(Self.validRow(header, &random).plan.cells, &random, hugeRun: random.chance(0.05) ? 3_200 : 40)
                default: document.appendBlank(&random)
                }
            }
            tally.inputs += document.rows
            let origin = campaign.origin(case: index)
            let batchSize = random.int(in: 1...50)
            let bytes = document.bytes
            let (records, rejects) = try tally.timed {
                var reader = try CustomerReader(bytes: bytes, options: Self.options)
                var records: [CustomerRecord] = []
                var rejects: [RejectedRow] = []
                while let batch = try reader.nextBatch(maxRows: batchSize) {
                    records += batch.records
                    rejects += batch.rejects
                }
                return (records, rejects)
            }
            tally.accepted += records.count
            tally.rejected += rejects.count
            var outcomes: [Int: CSVFuzzDocument<CustomerRecord>.Outcome<CustomerRecord>] = [:]
            for record in records {
                #expect(
                    outcomes.updateValue(.accepted(record), forKey: record.line) == nil, "\(origin): two outcomes on line \(record.line)")
            }
            for reject in rejects {
                #expect(
                    outcomes.updateValue(.rejected(reject), forKey: reject.error.line) == nil,
                    "\(origin): two outcomes on line \(reject.error.line)")
            }
            let found = document.check(
                outcomes, options: Self.options, columnNames: names, origin: origin, compare: Self.compare, invariants: Self.checkAccepted)
            counts.checkedValues += found.checkedValues
            counts.checkedReasons += found.checkedReasons
            counts.goodAfterGarbage += found.goodAfterGarbage
        }
        print(
            tally.summary
                + "; \(counts.checkedValues) rows checked value by value, \(counts.checkedReasons) rejects checked for their reason, \(counts.goodAfterGarbage) good rows after bad ones"
        )
        #expect(
            counts.checkedValues > tally.inputs / 6 && counts.checkedReasons > tally.inputs / 5
                && counts.goodAfterGarbage > tally.inputs / 20)
        #expect(tally.slowest < .seconds(5), "one document took \(tally.slowest)")
    }

    // MARK: - Rows

    static let emails = [
        "Jane.Doe@Example.com", " jane@work.example", "o'brien@example.ie", "JANE.DOE@EXAMPLE.COM", "jos\u{00E9}@example.com",
    ]
    static let phones = ["+44 20 7946 0958", "(415) 555-0132", "0044 20 7946 0958", "+1.415.555.0132"]
    static let handles: [String: [String]] = [
        "twitter": ["@JaneDoe", "115712", "@kim_ng"], "facebook": ["jane.doe.77", "@Jane-Doe"], "instagram": ["jane_doe", "@JANE"],
    ]

    /// A valid CRM row and the record it becomes, by the documented rules with RapportCore's normaliser.
    static func validRow(_ header: [String], _ random: inout FuzzRandom) -> (values: [String: String], plan: CSVRowPlan<CustomerRecord>) {
        var values: [String: String] = [
            "crm_source": random.pick(["Salesforce", "hubspot", "zoho-crm", "a.b_c"]),
            "crm_id": random.pick(["0031x000004TmCq", "501", "id:with:colons", "<script>", "'--", "a\"b"]),
            "name": random.pick(["Jane Doe", "Ng, Kim", "", "  ", "Zoë \"Z\" O'Brien", "<img src=x onerror=alert(1)>"]),
            "emails": (0..<random.int(in: 0...3)).map { _ in random.pick(emails) }.joined(separator: random.pick([";", "; ", " ;"])),
            "phones": (0..<random.int(in: 0...2)).map { _ in random.pick(phones) }.joined(separator: ";"),
        ]
        for (column, options) in handles {
            values[column] = (0..<random.int(in: 0...2)).map { _ in random.pick(options) }.joined(separator: ";")
        }
        for extra in header where !known.contains(extra) {
            values[extra] = random.pick(["gold", "", " ", "Prefers email; \"do not call\"", FuzzJSON.storableText(&random), "line\nbreak"])
        }
        let record = expectedRecord(values, header: header)
        return (values, CSVRowPlan(header.map { values[$0] ?? "" }, expectation: .accept(record), mutation: "valid", &random))
    }

    static func expectedRecord(_ values: [String: String], header: [String]) -> CustomerRecord {
        let cell = { (column: String) in header.contains(column) ? values[column] ?? "" : "" }
        let list = { (column: String, kind: IdentifierKind) -> [Identifier] in
            var found: [Identifier] = []
            for part in cell(column).split(separator: ";") where !part.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                if let identifier = try? Identifier(kind: kind, rawValue: String(part)), !found.contains(identifier) {
                    found.append(identifier)
                }
            }
            return found
        }
        let name = cell("name").trimmingCharacters(in: .whitespacesAndNewlines)
        var attributes: [String: String] = [:]
        for column in header
        where !known.contains(column) && !(values[column] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            attributes[column] = values[column]
        }
        return CustomerRecord(
            crmSource: cell("crm_source").trimmingCharacters(in: .whitespacesAndNewlines).lowercased(),
            crmID: cell("crm_id").trimmingCharacters(in: .whitespacesAndNewlines),
            name: name.isEmpty ? nil : name, emails: list("emails", .email), phones: list("phones", .phone),
            handles: list("twitter", .twitter) + list("facebook", .facebook) + list("instagram", .instagram), attributes: attributes
        )
    }

    /// A valid row broken in one way whose outcome the documented rules tell.
    static func brokenRow(_ header: [String], names: [String], _ random: inout FuzzRandom) -> CSVRowPlan<CustomerRecord> {
        var (values, _) = validRow(header, &random)
        let cells = { header.map { values[$0] ?? "" } }
        let present = { (columns: [String]) in columns.filter { header.contains($0) } }
        var expectation: CSVRowExpectation<CustomerRecord>
        var mutation: String
        switch random.int(in: 0..<10) {
        case 0:
            let column = random.pick(CustomerCSVParser.requiredColumns)
            mutation = "empty \(column)"
            values[column] = random.pick(["", " "])
            expectation = .reject(field: column, kinds: [.missingField])
        case 1:
            mutation = "crm_source not an identifier"
            values["crm_source"] = random.pick(["sales force", "<script>", "'; DROP TABLE customers; --", "crm:x", "İ"])
            expectation = .reject(field: "crm_source", kinds: [.malformedIdentifier])
        case 2:
            mutation = "crm_id with a space or control character"
            values["crm_id"] = random.pick(["003 1x", "a\tb", "a\u{001F}b", "a\u{007F}b", String(repeating: "x", count: 330)])
            expectation = .reject(field: "crm_id", kinds: [.malformedIdentifier])
        case 3:
            let column = random.pick(["crm_id", "name"].filter { header.contains($0) })
            mutation = "oversize \(column)"
            values[column] = String(repeating: random.pick(["x", "é"]), count: options.maxShortFieldBytes + 1)
            expectation = .reject(field: column, kinds: [.oversizeField])
        case 4:
            let columns = present(["emails", "phones", "twitter", "facebook", "instagram"])
            guard let column = columns.isEmpty ? nil : random.pick(columns) else { return brokenRow(header, names: names, &random) }
            let bad = random.pick([
                "not an address", "a@b", "a\u{001F}b@example.com", "<script>@x.y", "call me", "jane doe", "@", "İİ@x.y", "x@y.z\u{0085}",
            ])
            mutation = "\(column) holds \(bad)"
            let kind = IdentifierKind(rawValue: column == "emails" ? "email" : column == "phones" ? "phone" : column) ?? .email
            values[column] = (values[column].map { $0.isEmpty ? "" : $0 + ";" } ?? "") + bad
            let valid = (try? Identifier(kind: kind, rawValue: bad)) != nil
            expectation = valid ? .accept(expectedRecord(values, header: header)) : .reject(field: column, kinds: [.malformedIdentifier])
        case 5:
            let columns = present(["emails", "twitter"])
            guard let column = columns.isEmpty ? nil : random.pick(columns) else { return brokenRow(header, names: names, &random) }
            // Many identifiers in one cell (repeats among them): linear work, not quadratic.
            let count = random.pick([50, 200, 280])
            values[column] = (0..<count).map { column == "emails" ? "u\($0 % (count / 2 + 1))@x.io" : "@u\($0)" }.joined(separator: ";")
            mutation = "\(count) identifiers in \(column)"
            expectation = .accept(expectedRecord(values, header: header))
        case 6:
            mutation = "one field too many or too few"
            var row = cells()
            if random.chance(0.5) || row.count < 2 { row.append("extra") } else { row.removeLast() }
            return CSVRowPlan(row, expectation: .reject(field: nil, kinds: [.malformedRow]), mutation: mutation, &random)
        case 7:
            let at = random.int(in: 0..<header.count)
            mutation = "NUL in \(header[at])"
            var plan = CSVRowPlan<CustomerRecord>(
                cells(), expectation: .reject(field: names[at], kinds: [.malformedRow]), mutation: mutation, &random)
            plan.contents[at] += [0x00]
            plan.cells[at] = CSVReaderFuzzTests.quoted(plan.contents[at])
            return plan
        case 8:
            let at = random.int(in: 0..<header.count)
            mutation = "invalid UTF-8 in \(header[at])"
            var plan = CSVRowPlan<CustomerRecord>(
                cells(), expectation: .reject(field: names[at], kinds: [.invalidUTF8]), mutation: mutation, &random)
            plan.contents[at] = Array(plan.contents[at].prefix { $0 < 0x80 }.prefix(3)) + random.pick(HostileText.invalidUTF8)
            plan.cells[at] = CSVReaderFuzzTests.quoted(plan.contents[at])
            return plan
        default:
            mutation = "hostile name and attributes"
            if header.contains("name") { values["name"] = FuzzJSON.storableText(&random) }
            for column in header where !known.contains(column) {
                values[column] = FuzzJSON.storableText(&random) + "\r\n" + FuzzJSON.storableText(&random)
            }
            expectation = .accept(expectedRecord(values, header: header))
        }
        return CSVRowPlan(cells(), expectation: expectation, mutation: mutation, &random)
    }

    /// The record holds exactly the row (identifiers byte for byte).
    static func compare(_ record: CustomerRecord, _ expected: CustomerRecord, _ shown: () -> String) {
        var got = record
        got.line = expected.line
        #expect(got == expected, "\(shown()): read \(got), expected \(expected)")
        let bytes = { (list: [Identifier]) in list.map { Array($0.value.utf8) } }
        #expect(bytes(got.emails) == bytes(expected.emails) && bytes(got.handles) == bytes(expected.handles), "\(shown())")
    }

    /// An accepted CRM record: a canonical crm identity, canonical identifiers without repeats,
    /// fields within their limits, no NUL.
    static func checkAccepted(_ record: CustomerRecord, _ shown: () -> String) {
        #expect(!record.crmSource.isEmpty && !record.crmID.isEmpty, "\(shown())")
        #expect(
            record.crmSource.utf8.count <= options.maxShortFieldBytes && record.crmID.utf8.count <= options.maxShortFieldBytes, "\(shown())"
        )
        #expect((record.name?.utf8.count ?? 0) <= options.maxShortFieldBytes, "\(shown())")
        for identifier in record.allIdentifiers {
            FuzzInvariants.checkCanonical(identifier, options: options, shown())
        }
        for list in [record.emails, record.phones, record.handles] {
            #expect(Set(list).count == list.count, "\(shown()): repeated identifiers")
        }
        #expect(record.emails.allSatisfy { $0.kind == .email } && record.phones.allSatisfy { $0.kind == .phone }, "\(shown())")
        let texts = [record.crmSource, record.crmID, record.name ?? ""] + record.attributes.flatMap { [$0.key, $0.value] }
        #expect(!texts.contains { $0.utf8.contains(0) }, "\(shown()): NUL")
    }
}
