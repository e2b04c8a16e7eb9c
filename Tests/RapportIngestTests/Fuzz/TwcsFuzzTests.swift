import Foundation
import RapportCore
import RapportFuzzSupport
import Testing

@testable import RapportIngest

/// The twcs CSV path of `InteractionReader` fed documents with shuffled, re-spelled headers and
/// rows that are valid, broken in one known way, or mangled byte by byte: every record the CSV
/// rules find comes out once at its line, intact planned rows with exactly their values or their
/// reason, the rest within the invariants.
@Suite("twcs CSV under fuzzing")
struct TwcsFuzzTests {
    static let options = IngestOptions(
        maxBodyBytes: 500, maxShortFieldBytes: 400, maxLineBytes: 4_000, maxFieldBytes: 1_000, maxRejectedRawBytes: 96, chunkBytes: 4_096)
    static let columns = ["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id", "in_response_to_tweet_id"]

    @Test func everyRecordComesOutOnceWithItsValuesOrItsReason() throws {
        let campaign = FuzzCampaign(target: "twcs-csv")
        var tally = FuzzTally(campaign)
        var counts = CSVFuzzDocument<InteractionRecord>.Counts()
        for index in 0..<campaign.cases(500) {
            var random = campaign.random(case: index)
            var header = Self.columns.filter { $0 != "response_tweet_id" || random.chance(0.7) }
            if random.chance(0.2) { header.append("lang") }
            header.shuffle(using: &random)
            let written = header.map { random.chance(0.2) ? " " + $0.uppercased() + " " : $0 }
            let names = written.map { $0.trimmingCharacters(in: .whitespaces) }
            var document = CSVFuzzDocument<InteractionRecord>(header: written, &random)
            for _ in 0..<random.int(in: 5...40) {
                switch random.int(in: 0..<10) {
                case 0...2: document.append(Self.validRow(header, &random).plan, &random)
                case 3...7: document.append(Self.brokenRow(header, names: names, &random), &random)
                case 8:
                    document.appendMangled(Self.validRow(header, &random).plan.cells, &random, hugeRun: random.chance(0.05) ? 1_200 : 40)
                default: document.appendBlank(&random)
                }
            }
            tally.inputs += document.rows
            let origin = campaign.origin(case: index)
            let format: InputFormat? = random.chance(0.5) ? nil : .twcs
            let batchSize = random.int(in: 1...50)
            let bytes = document.bytes
            let (records, rejects) = try tally.timed {
                var reader = try InteractionReader(bytes: bytes, format: format, options: Self.options)
                #expect(reader.format == .twcs, "\(origin)")
                return try drain(&reader, batchSize: batchSize)
            }
            tally.accepted += records.count
            tally.rejected += rejects.count
            var outcomes: [Int: CSVFuzzDocument<InteractionRecord>.Outcome<InteractionRecord>] = [:]
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
                outcomes, options: Self.options, columnNames: names, origin: origin,
                compare: Self.compare, invariants: { FuzzInvariants.checkAccepted($0, rawLine: nil, options: Self.options, $1()) }
            )
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

    /// A tweet's values by column.
    struct Tweet {
        var values: [String: String]
        var record: InteractionRecord

        func cells(_ header: [String]) -> [String] { header.map { values[$0] ?? "" } }
    }

    /// A valid tweet from a customer or from the brand, and the interaction it becomes.
    static func validRow(_ header: [String], _ random: inout FuzzRandom) -> (tweet: Tweet, plan: CSVRowPlan<InteractionRecord>) {
        let inbound = random.chance(0.6)
        let id = String(random.int(in: 1...999_999_999))
        let author =
            inbound
            ? random.pick(["115712", "JaneDoe", "jane_doe_99", "900001"])
            : random.pick(["AcmeHelp", "Acme Help", "<script>x</script>", "'; DROP TABLE x; --"])
        let timestamp = random.chance(0.7) ? FuzzTimestamp.twitter(&random) : FuzzTimestamp.iso(&random)
        var text = random.pick(["@AcmeHelp my parcel was \"delivered\"\nbut it is not here.", "thanks, all sorted 👍", "", "a\r\nb"])
        if random.chance(0.5) { text += FuzzJSON.storableText(&random) }
        let answered = inbound && random.chance(0.5) ? "" : String(random.int(in: 1...999_999))
        let answeredCell = answered.isEmpty ? "" : answered + (random.chance(0.2) ? ",\(random.int(in: 1...99))" : "")
        let responses = random.chance(0.5) ? "" : "\(random.int(in: 1...99)),\(random.int(in: 1...99))"
        var values = [
            "tweet_id": id, "author_id": author,
            "inbound": random.pick(inbound ? ["True", "true", "TRUE", " True "] : ["False", "false"]),
            "created_at": timestamp.text, "text": text, "in_response_to_tweet_id": answeredCell, "response_tweet_id": responses,
            "lang": random.pick(["en", "", "<b>"]),
        ]
        if !header.contains("response_tweet_id") { values["response_tweet_id"] = nil }
        let customer: CustomerReference =
            inbound
            ? .identifier((try? Identifier(kind: .twitter, rawValue: author)) ?? Identifier(kind: .twitter, normalisedValue: "?"))
            : .customerOf(externalID: answered)
        let record = InteractionRecord(
            source: "twcs", externalID: id, channel: .twitter, direction: inbound ? .inbound : .outbound, visibility: .public,
            occurredAt: timestamp.instant ?? Date(timeIntervalSince1970: 0), customer: customer,
            inReplyTo: answered.isEmpty ? nil : answered,
            account: inbound ? nil : author, body: text.isEmpty ? nil : text,
            attributesJSON: header.contains("response_tweet_id") && !responses.isEmpty
                ? JSONText.object([("response_tweet_id", responses)]) : "{}"
        )
        var checked = record
        if timestamp.instant == nil { checked.occurredAt = .distantPast }
        let tweet = Tweet(values: values, record: checked)
        return (tweet, CSVRowPlan(tweet.cells(header), expectation: .accept(checked), mutation: "valid", &random))
    }

    /// A valid tweet broken in one way whose outcome the documented rules tell.
    /// `names` are the header's names as written (trimmed): the CSV reader names columns by them.
    static func brokenRow(_ header: [String], names: [String], _ random: inout FuzzRandom) -> CSVRowPlan<InteractionRecord> {
        var (tweet, _) = validRow(header, &random)
        var record = tweet.record
        var expectation: CSVRowExpectation<InteractionRecord>
        var mutation: String
        let writtenName = { (column: String) in names[header.firstIndex(of: column) ?? 0] }
        switch random.int(in: 0..<11) {
        case 0:
            let column = random.pick(["tweet_id", "author_id", "inbound", "created_at"])
            mutation = "empty \(column)"
            tweet.values[column] = random.pick(["", "  "])
            expectation = .reject(field: column, kinds: [.missingField])
        case 1:
            mutation = "inbound = maybe"
            tweet.values["inbound"] = random.pick(["maybe", "1", "yes", "Tru", "True\u{0301}"])
            expectation = .reject(field: "inbound", kinds: [.unknownDirection])
        case 2:
            let timestamp = FuzzTimestamp.invalid(&random)
            mutation = "created_at \(timestamp.text)"
            tweet.values["created_at"] = timestamp.text
            if timestamp.text.hasPrefix("Tue Oct 31") {
                record.occurredAt = Date(timeIntervalSince1970: 1_509_487_847)
                expectation = .accept(record)
            } else {
                expectation = .reject(field: "created_at", kinds: [.badTimestamp])
            }
        case 3:
            mutation = "oversize text"
            let unit = random.pick(["x", "é", "\"", "\n"])
            // Over the body limit, within the CSV field limit (else the CSV reader refuses it first).
            tweet.values["text"] = String(repeating: unit, count: (options.maxBodyBytes + random.int(in: 1...200)) / unit.utf8.count + 1)
            expectation = .reject(field: "text", kinds: [.oversizeField])
        case 4:
            mutation = "brand tweet answering nothing"
            tweet.values["inbound"] = "False"
            tweet.values["in_response_to_tweet_id"] = random.pick(["", " ", " , "])
            expectation = .reject(field: "in_response_to_tweet_id", kinds: [.unresolvedReply])
        case 5:
            mutation = "customer author not a handle"
            tweet.values["inbound"] = "True"
            tweet.values["author_id"] = random.pick(["jane doe", "jane.doe", "<script>", "'; DROP TABLE x; --", "@", "İ"])
            expectation = .reject(field: "author_id", kinds: [.malformedIdentifier])
        case 6:
            let column = random.pick(["tweet_id", "in_response_to_tweet_id"])
            mutation = "oversize \(column)"
            tweet.values["inbound"] = "False"
            tweet.values[column] = String(repeating: "9", count: options.maxShortFieldBytes + 1)
            if column == "tweet_id" { tweet.values["in_response_to_tweet_id"] = "1" }
            expectation = .reject(field: column, kinds: [.oversizeField])
        case 7:
            mutation = "one field too many or too few"
            var cells = tweet.cells(header)
            if random.chance(0.5) { cells.append("extra") } else { cells.removeLast() }
            return CSVRowPlan(cells, expectation: .reject(field: nil, kinds: [.malformedRow]), mutation: mutation, &random)
        case 8:
            let column = random.pick(header)
            mutation = "NUL in \(column)"
            var plan = CSVRowPlan<InteractionRecord>(tweet.cells(header), expectation: .accept(record), mutation: mutation, &random)
            let at = header.firstIndex(of: column) ?? 0
            plan.contents[at] += [0x00]
            plan.cells[at] = CSVReaderFuzzTests.quoted(plan.contents[at])
            plan.expectation = .reject(field: nil, kinds: [.malformedRow])
            return plan.withRejectField(writtenName(column), at: at)
        case 9:
            let column = random.pick(header)
            mutation = "invalid UTF-8 in \(column)"
            var plan = CSVRowPlan<InteractionRecord>(tweet.cells(header), expectation: .accept(record), mutation: mutation, &random)
            let at = header.firstIndex(of: column) ?? 0
            plan.contents[at] += random.pick(HostileText.invalidUTF8)
            plan.cells[at] = CSVReaderFuzzTests.quoted(plan.contents[at])
            plan.expectation = .reject(field: nil, kinds: [.invalidUTF8])
            return plan.withRejectField(writtenName(column), at: at)
        default:
            mutation = "hostile text"
            let text = FuzzJSON.storableText(&random) + "\n" + FuzzJSON.storableText(&random)
            tweet.values["text"] = text
            record.body = text
            expectation = .accept(record)
        }
        return CSVRowPlan(tweet.cells(header), expectation: expectation, mutation: mutation, &random)
    }

    /// The interaction holds exactly the tweet (the instant when the generator could tell it).
    static func compare(_ record: InteractionRecord, _ expected: InteractionRecord, _ shown: () -> String) {
        var got = record
        got.line = expected.line
        if expected.occurredAt == .distantPast { got.occurredAt = .distantPast }
        let attributes = { (text: String) in (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] }
        #expect(attributes(got.attributesJSON) == attributes(expected.attributesJSON), "\(shown()): attributes \(got.attributesJSON)")
        got.attributesJSON = expected.attributesJSON
        // Nanoseconds are beyond a Double's precision for far-off years: a few ulps apart is equal.
        let tolerance = max(1e-6, expected.occurredAt.timeIntervalSince1970.magnitude.ulp * 4)
        if abs(got.occurredAt.timeIntervalSince(expected.occurredAt)) <= tolerance { got.occurredAt = expected.occurredAt }
        #expect(got == expected, "\(shown()): read \(got), expected \(expected)")
    }
}

extension CSVRowPlan {
    /// The plan with the reject expected to name the column written `name`.
    func withRejectField(_ name: String, at index: Int) -> CSVRowPlan {
        var plan = self
        if case .reject(_, let kinds) = expectation { plan.expectation = .reject(field: name, kinds: kinds) }
        return plan
    }
}
