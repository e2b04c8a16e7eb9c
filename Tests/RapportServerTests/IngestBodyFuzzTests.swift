import Foundation
import RapportCore
import RapportFuzzSupport
import RapportIngest
import Testing

@testable import RapportServer

/// The two ingest bodies that are converted before the ingest parsers see them: a JSON array of
/// interactions (turned into JSONL, element n on line n) and a JSON array of CRM customers (turned
/// into CRM CSV). Fed arrays of valid, known-bad and mangled elements, every item must come back
/// under its own number: an accepted item as accepted, a bad one rejected with its reason.
@Suite("HTTP ingest bodies under fuzzing")
struct IngestBodyFuzzTests {
    /// One array element and what must become of it.
    struct Element {
        enum Expect { case accepted, rejected(field: String?), either }
        var text: String
        var expect: Expect
    }

    // MARK: - Interactions

    /// Values on the edges of what PostgreSQL stores, each valid or not by its documented rule.
    static let edgeValues: [(member: String, value: String, valid: Bool)] = [
        ("occurred_at", #""0001-01-01T00:00:00Z""#, true), ("occurred_at", #""0001-01-01T00:30:00+01:00""#, false),
        ("occurred_at", #""9999-12-31T23:59:59-23:59""#, true), ("attributes", #"{"n":1e131071}"#, true),
        ("attributes", #"{"n":1e131072}"#, false), ("attributes", #"{"n":1e-16383}"#, true), ("attributes", #"{"n":[1.5e-16383]}"#, false),
        ("attributes", #"{"n":0e-16384}"#, false), ("customer", #""email:a\u001fb@example.com""#, false),
        ("customer", #""email:a\u007fb@example.com""#, false), ("body", #""a\u0000b""#, false),
        ("external_id", "1" + String(repeating: "0", count: 1_100), false),
    ]

    /// An interaction object, pretty-printed or not, with strings that hold the characters the
    /// array splitter must not mistake for structure.
    static func interaction(_ number: Int, _ random: inout FuzzRandom, pretty: Bool) -> Element {
        var members: [(String, String)] = [
            ("source", #""fuzz""#), ("external_id", "\"e\(number)-\(random.int(in: 0...999_999))\""), ("channel", #""email""#),
            ("direction", #""inbound""#), ("occurred_at", #""2026-03-05T14:30:00Z""#), ("customer", #""email:jane@example.com""#),
            (
                "body",
                random.pick([
                    #""a],b}c""#, #""[{\"x\":1}]""#, #""line\nbreak, \\ and \"quotes\"""#, #""<script>alert(1)</script>""#,
                    #""'; DROP TABLE interactions; --""#,
                ])
            ),
            ("attributes", random.pick([#"{"tags":["a","b"],"n":{"m":[1,[2,{}]]}}"#, "{}", #"{"x":"]}"}"#])),
        ]
        var expect = Element.Expect.accepted
        switch random.int(in: 0..<6) {
        case 0:
            let edge = random.pick(edgeValues)
            members.removeAll { $0.0 == edge.member }
            members.append((edge.member, edge.value))
            expect = edge.valid ? .accepted : .rejected(field: edge.member)
        case 1:
            let dropped = random.pick(["source", "channel", "customer"])
            members.removeAll { $0.0 == dropped }
            expect = .rejected(field: dropped)
        default:
            break
        }
        members.shuffle(using: &random)
        let space = pretty ? "\n    " : ""
        let text =
            "{" + space + members.map { "\"\($0.0)\":" + (pretty ? " " : "") + $0.1 }.joined(separator: "," + space)
            + (pretty ? "\n  " : "") + "}"
        return Element(text: text, expect: expect)
    }

    @Test func everyArrayElementComesBackUnderItsOwnNumber() throws {
        let campaign = FuzzCampaign(target: "http-interaction-arrays")
        var tally = FuzzTally(campaign)
        for index in 0..<campaign.cases(600) {
            var random = campaign.random(case: index)
            let pretty = random.chance(0.5)
            var elements = (1...random.int(in: 1...12)).map { Self.interaction($0, &random, pretty: pretty) }
            let mangle = random.chance(0.15)
            if mangle, let at = elements.indices.randomElement(using: &random) {
                var bytes = Array(elements[at].text.utf8)
                ByteMutator.json(hugeRun: 64).mutate(&bytes, &random)
                elements[at] = Element(text: String(decoding: bytes, as: UTF8.self), expect: .either)
            }
            let body = Array(
                ("[" + (pretty ? "\n  " : "") + elements.map { $0.text }.joined(separator: pretty ? ",\n  " : ",") + (pretty ? "\n]" : "]"))
                    .utf8)
            tally.inputs += elements.count
            let origin = { "\(campaign.origin(case: index)): \(FuzzDisplay.bytes(body, limit: 600))" }
            let outcome = try tally.timed { try Self.readInteractions(body) }
            guard case .read(let records, let rejects, let lineCount) = outcome else {
                #expect(mangle, "\(origin()): an array of whole objects was refused: \(outcome)")
                continue
            }
            tally.accepted += records.count
            tally.rejected += rejects.count
            if mangle {
                // A mangled element may split into several (a stray comma) or swallow others: every
                // item the converter found still comes back once, under its own number.
                let lines = records.map { $0.line } + rejects.map { $0.error.line }
                #expect(
                    Set(lines).count == lines.count && lines.allSatisfy { (1...max(lineCount, 1)).contains($0) },
                    "\(origin()): items \(lines.sorted()) of \(lineCount)")
                continue
            }
            #expect(records.count + rejects.count == elements.count, "\(origin())")
            for (offset, element) in elements.enumerated() {
                let number = offset + 1
                let accepted = records.first { $0.line == number }
                let rejected = rejects.first { $0.error.line == number }
                switch element.expect {
                case .accepted:
                    #expect(accepted != nil, "\(origin()): item \(number) not accepted: \(rejected.map { "\($0.error)" } ?? "missing")")
                case .rejected(let field):
                    #expect(rejected?.error.field == field, "\(origin()): item \(number): \(rejected.map { "\($0.error)" } ?? "accepted")")
                case .either:
                    break
                }
            }
        }
        print(tally.summary)
        #expect(tally.slowest < .seconds(5), "one body took \(tally.slowest)")
    }

    enum InteractionsOutcome {
        /// What was read, and how many lines (items) the converted body has.
        case read([InteractionRecord], [RejectedRow], lines: Int)
        case refused(String)
    }

    /// What `POST /v1/interactions` with `Content-Type: application/json` reads from `body`
    /// before it loads anything (`IngestController.interactions`).
    static func readInteractions(_ body: [UInt8]) throws -> InteractionsOutcome {
        var lines = body
        if let converted = JSONArrayLines.convert(body) {
            lines = converted
        } else if IngestController.firstByte(body) == UInt8(ascii: "[") {
            return .refused("the body starts a JSON array that does not end properly")
        }
        guard IngestController.firstByte(lines) == nil || IngestController.firstByte(lines) == UInt8(ascii: "{") else {
            return .refused("expected JSON objects")
        }
        var reader = try InteractionReader(bytes: lines, format: .jsonl)
        var records: [InteractionRecord] = []
        var rejects: [RejectedRow] = []
        while let batch = try reader.nextBatch(maxRows: 1_000) {
            records += batch.records
            rejects += batch.rejects
        }
        return .read(records, rejects, lines: lines.isEmpty ? 0 : lines.count { $0 == 0x0A } + 1)
    }

    // MARK: - Customers

    /// Keys a client may send: the known columns, attributes with commas, quotes, line breaks and markup in their names.
    static let attributeKeys = [
        "tier", "notes, more", "say \"hi\"", "two\nlines", "crlf\r\nkey", "<b>vip</b>", "'; DROP TABLE customers; --", "é",
    ]

    @Test func everyCustomerItemComesBackUnderItsOwnNumber() throws {
        let campaign = FuzzCampaign(target: "http-customer-arrays")
        var tally = FuzzTally(campaign)
        for index in 0..<campaign.cases(600) {
            var random = campaign.random(case: index)
            let count = random.int(in: 1...10)
            var items: [[String: Any]] = []
            var bad: [Int: String] = [:]
            for number in 1...count {
                var item: [String: Any] = ["crm_source": "hubspot", "crm_id": "c\(number)"]
                if random.chance(0.5) { item["emails"] = random.chance(0.5) ? ["jane@example.com", "J@x.io"] : "jane@example.com; j@x.io" }
                if random.chance(0.3) {
                    item["name"] = random.pick([
                        "Ng, Kim", "Zoë \"Z\"\nO'Brien", HostileText.text(&random).replacingOccurrences(of: "\u{0}", with: ""),
                    ])
                }
                for key in Self.attributeKeys where random.chance(0.15) {
                    item[key] = random.pick([HostileText.html[0], "x\ny", 7, true, NSNull(), 1.5] as [Any])
                }
                switch random.int(in: 0..<5) {
                case 0:
                    item["crm_id"] = random.pick(["", " "])
                    bad[number] = "crm_id"
                case 1:
                    item["emails"] = ["not an address"]
                    bad[number] = "emails"
                default:
                    break
                }
                items.append(item)
            }
            let body = try JSONSerialization.data(withJSONObject: items, options: random.chance(0.5) ? [.prettyPrinted] : [])
            tally.inputs += count
            let origin = { "\(campaign.origin(case: index)): \(FuzzDisplay.bytes(Array(body), limit: 600))" }
            let converted = try tally.timed { try CustomerRows.csv(fromJSON: Array(body)) }
            var reader = try CustomerReader(bytes: converted.csv)
            var accepted: [Int] = []
            var rejected: [Int: RejectedRow] = [:]
            // `IngestController.customers` reports a reject under the item that starts on its line.
            let itemOfLine = Dictionary(converted.startLines.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { first, _ in first })
            while let batch = try reader.nextBatch(maxRows: 100) {
                accepted += batch.records.map { itemOfLine[$0.line] ?? -$0.line }
                for reject in batch.rejects { rejected[itemOfLine[reject.error.line] ?? -reject.error.line] = reject }
            }
            tally.accepted += accepted.count
            tally.rejected += rejected.count
            #expect(
                Set(rejected.keys) == Set(bad.keys),
                "\(origin()): rejected items \(rejected.keys.sorted()) for \(bad.keys.sorted()): \(rejected.values.map(\.error))")
            #expect(Set(accepted) == Set(1...count).subtracting(bad.keys), "\(origin()): accepted items \(accepted.sorted())")
            for (number, field) in bad { #expect(rejected[number]?.error.field == field, "\(origin()): item \(number)") }
        }
        print(tally.summary)
        #expect(tally.slowest < .seconds(5), "one body took \(tally.slowest)")
    }

    @Test func hostileCustomerBodiesAreRefusedWithAReason() throws {
        let campaign = FuzzCampaign(target: "http-customer-bodies")
        var tally = FuzzTally(campaign)
        let valid = Array(
            #"[{"crm_source":"hubspot","crm_id":"1","emails":["a@b.co"],"tier":"gold"},{"crm_source":"x","crm_id":"2"}]"#.utf8)
        for index in 0..<campaign.cases(1_500) {
            var random = campaign.random(case: index)
            var body = valid
            switch random.int(in: 0..<4) {
            case 0:
                body =
                    Array(String(repeating: "[", count: random.pick([600, 10_000])).utf8) + Array(String(repeating: "]", count: 10).utf8)
            case 1:
                body = random.pick([
                    Array("{}".utf8), Array("[1]".utf8), Array(#"[{"a":{"b":1}}]"#.utf8), Array(#"[{"a":[1]}]"#.utf8), [0xFF, 0xFE], [],
                ])
            default: ByteMutator.json(hugeRun: 100).mutate(&body, &random)
            }
            tally.inputs += 1
            let origin = { "\(campaign.origin(case: index)): \(FuzzDisplay.bytes(body))" }
            do {
                let converted = try tally.timed { try CustomerRows.csv(fromJSON: body) }
                var reader = try CustomerReader(bytes: converted.csv)
                while try reader.nextBatch(maxRows: 100) != nil {}
                tally.accepted += 1
            } catch {
                tally.rejected += 1
                let problem = ProblemMiddleware<RapportRequestContext>.problem(for: error)
                RequestBodyFuzzTests.checkProblem(problem, origin())
            }
        }
        print(tally.summary)
        #expect(tally.rejected > tally.inputs / 4)
        #expect(tally.slowest < .seconds(5), "one body took \(tally.slowest)")
    }
}
