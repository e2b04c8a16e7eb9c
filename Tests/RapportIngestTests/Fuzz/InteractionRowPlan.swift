import Foundation
import RapportCore
import RapportFuzzSupport

@testable import RapportIngest

/// What one generated row must come out as.
enum RowExpectation {
    /// Accepted, equal to this record (its `line` is filled in when the row is placed).
    case accept(InteractionRecord, instantChecked: Bool)
    /// Rejected naming `field` (nil: no field), with one of `kinds` (nil: any kind).
    case reject(field: String?, kinds: Set<IngestError.Kind>?)
    /// Either; only the invariants are checked.
    case unknown
}

/// One JSONL row, planned as key/value fragments with the outcome the documented rules give it,
/// then broken in one way whose outcome is known.
struct InteractionRowPlan {
    var members: [(key: String, value: [UInt8])] = []
    var record: InteractionRecord
    var instantChecked: Bool
    var expectation: RowExpectation
    /// What was done to the valid row, for failure messages.
    var mutation = "valid"

    static let requiredKeys = ["source", "external_id", "channel", "direction", "occurred_at", "customer"]
    static let freeTextKeys = ["source", "external_id", "thread_id", "in_reply_to", "account", "body"]
    static let integerKeys: Set<String> = ["external_id", "thread_id", "in_reply_to"]
    static let customers = [
        "twitter:@JaneDoe", "twitter:115712", " TWITTER:@janeDOE ", "email: Jane.Doe@Example.com ", "email:o'brien@example.ie",
        "email:Jos\u{00E9}@Example.com", "email:Jose\u{0301}@Example.com", "phone:+44 20 7946 0958", "phone:(415) 555-0132",
        "facebook:Jane.Doe.77", "instagram:@jane_doe", "webchat:visitor-8f2c", "crm:Salesforce:0031x000004TmCq",
        "email:\u{0130}@example.com",
    ]

    /// Each customer text with what RapportCore makes of it (the fuzz options keep its default
    /// normalisation). Pairs, not a dictionary: `String` keys would merge `José` and `Jose\u{301}`.
    static let parsedCustomers: [(String, Identifier)] = customers.compactMap { text in (try? Identifier.parse(text)).map { (text, $0) } }

    /// The text of the row: the members in order, with random spacing.
    func bytes(_ random: inout FuzzRandom) -> [UInt8] {
        var output: [UInt8] = random.chance(0.1) ? [0x20] : []
        output.append(0x7B)
        for (index, member) in members.enumerated() {
            if index > 0 { output += random.chance(0.1) ? [0x2C, 0x20] : [0x2C] }
            output += FuzzJSON.string(member.key, &random)
            output += random.chance(0.05) ? [0x20, 0x3A, 0x09] : [0x3A]
            output += member.value
        }
        output.append(0x7D)
        if random.chance(0.05) { output += [0x20, 0x09] }
        return output
    }

    // MARK: - A valid row

    /// A valid row whose every field fits `options`.
    static func valid(_ random: inout FuzzRandom, options: IngestOptions) -> InteractionRowPlan {
        let channel = random.pick(Channel.allCases)
        let direction = random.pick(Direction.allCases)
        let timestamp = FuzzTimestamp.iso(&random)
        // Both option sets normalise with the default country code, so one table serves.
        let (customerText, customer) = random.pick(parsedCustomers)
        let record = InteractionRecord(
            source: text(&random, limit: options.maxShortFieldBytes, nonEmpty: true),
            externalID: "e-\(random.int(in: 0...999_999))", channel: channel, direction: direction, visibility: channel.defaultVisibility,
            occurredAt: timestamp.instant ?? Date(timeIntervalSince1970: 0),
            customer: .identifier(customer), attributesJSON: "{}"
        )
        var plan = InteractionRowPlan(record: record, instantChecked: timestamp.instant != nil, expectation: .unknown)
        plan.set("source", FuzzJSON.string(record.source, &random))
        if random.chance(0.2) {
            plan.record.externalID = String(random.int(in: 0...Int.max))
            plan.set("external_id", Array(plan.record.externalID.utf8))
        } else {
            plan.set("external_id", FuzzJSON.string(plan.record.externalID, &random))
        }
        plan.set("channel", FuzzJSON.string(spelled(channel.rawValue, &random), &random))
        plan.set("direction", FuzzJSON.string(spelled(direction.rawValue, &random), &random))
        switch random.int(in: 0..<4) {
        case 0: plan.set("visibility", Array("null".utf8))
        case 1:
            plan.record.visibility = random.pick(Visibility.allCases)
            plan.set("visibility", FuzzJSON.string(spelled(plan.record.visibility.rawValue, &random), &random))
        default: break
        }
        plan.set("occurred_at", FuzzJSON.string(timestamp.text, &random))
        plan.set("customer", FuzzJSON.string(customerText, &random))
        for key in ["thread_id", "in_reply_to", "account", "body"] where random.chance(0.5) {
            let value =
                key == "body"
                ? text(&random, limit: options.maxBodyBytes, nonEmpty: false)
                : text(&random, limit: options.maxShortFieldBytes, nonEmpty: false)
            plan.setText(key, value)
            plan.set(key, FuzzJSON.string(value, &random))
        }
        if random.chance(0.4) {
            let object = FuzzJSON.object(depth: 3, &random)
            if object.count <= options.maxAttributesBytes {
                plan.record.attributesJSON = String(decoding: object, as: UTF8.self)
                plan.set("attributes", object)
            }
        }
        if random.chance(0.15) {
            plan.set("x_\(random.int(in: 0...9))", FuzzJSON.value(depth: 3, &random))
        }
        plan.members.shuffle(using: &random)
        plan.expectation = .accept(plan.record, instantChecked: plan.instantChecked)
        return plan
    }

    /// Hostile but storable text within `limit` bytes.
    static func text(_ random: inout FuzzRandom, limit: Int, nonEmpty: Bool) -> String {
        var value =
            random.chance(0.5)
            ? random.pick(["twitter", "zendesk", "genesys", "pos", "A-118", "hello", "refund please"]) : FuzzJSON.storableText(&random)
        if random.chance(0.3) { value += " " + FuzzJSON.storableText(&random) }
        while value.utf8.count > limit { value.removeLast() }
        if nonEmpty && value.trimmingCharacters(in: .whitespaces).isEmpty { value = "src" }
        return value
    }

    /// `name` in a random ASCII case (channel, direction and visibility ignore ASCII case).
    static func spelled(_ name: String, _ random: inout FuzzRandom) -> String {
        guard random.chance(0.3) else { return name }
        return String(name.map { random.chance(0.5) ? Character($0.uppercased()) : $0 })
    }

    mutating func set(_ key: String, _ value: [UInt8]) {
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append((key, value))
        }
    }

    mutating func remove(_ key: String) {
        members.removeAll { $0.key == key }
    }

    /// Sets the expected value of a text field.
    mutating func setText(_ key: String, _ value: String?) {
        switch key {
        case "source": record.source = value ?? ""
        case "external_id": record.externalID = value ?? ""
        case "thread_id": record.threadID = value
        case "in_reply_to": record.inReplyTo = value
        case "account": record.account = value
        case "body": record.body = value
        default: break
        }
    }

    // MARK: - Breaking it in one known way

    /// The row broken (or varied) in one way, with the outcome the documented rules give.
    mutating func breakOneField(_ random: inout FuzzRandom, options: IngestOptions) {
        let keys = Self.requiredKeys + ["visibility", "thread_id", "in_reply_to", "account", "body", "attributes"]
        let key = random.pick(keys)
        let isRequired = Self.requiredKeys.contains(key)
        let accepted = { (plan: InteractionRowPlan) in RowExpectation.accept(plan.record, instantChecked: plan.instantChecked) }
        switch random.int(in: 0..<16) {
        case 0:
            mutation = "drop \(key)"
            remove(key)
            expectation = isRequired ? .reject(field: key, kinds: [.missingField]) : dropOptional(key, accepted)
        case 1:
            mutation = "null \(key)"
            set(key, Array("null".utf8))
            expectation = isRequired ? .reject(field: key, kinds: [.missingField]) : dropOptional(key, accepted)
        case 2:
            mutation = "empty \(key)"
            set(key, [0x22, 0x22])
            if isRequired || key == "visibility" {
                expectation = .reject(field: key, kinds: [.missingField])
            } else if key == "attributes" {
                expectation = .reject(field: key, kinds: [.malformedRow])
            } else {
                setText(key, "")
                expectation = accepted(self)
            }
        case 3:
            let literal = random.pick(["12", "-0", "1.5", "true", "false", "[]", "{}", "[\"x\"]", "1e3", "{\"a\":1}"])
            mutation = "\(key) = \(literal)"
            set(key, Array(literal.utf8))
            if Self.integerKeys.contains(key), literal == "12" || literal == "-0" {
                setText(key, literal)
                expectation = accepted(self)
            } else if key == "attributes", literal.hasPrefix("{") {
                record.attributesJSON = literal
                expectation = accepted(self)
            } else {
                expectation = .reject(field: key, kinds: [.malformedRow])
            }
        case 4:
            mutation = "\\u0000 in \(key)"
            let value = key == "attributes" ? Array(#"{"note":"a\u0000b"}"#.utf8) : Array(#""x\u0000y""#.utf8)
            set(key, value)
            expectation = .reject(field: key, kinds: nil)
        case 5:
            mutation = "invalid UTF-8 in \(key)"
            let bad = random.pick(HostileText.invalidUTF8)
            set(key, key == "attributes" ? Array(#"{"note":"a"#.utf8) + bad + Array(#""}"#.utf8) : [0x22, 0x61] + bad + [0x22])
            expectation = .reject(field: key, kinds: [.invalidUTF8])
        case 6:
            let target = random.pick(Self.freeTextKeys + ["attributes"])
            let limit =
                target == "body" ? options.maxBodyBytes : target == "attributes" ? options.maxAttributesBytes : options.maxShortFieldBytes
            let size = limit + random.pick([1, 2, 3, 100, 5_000])
            mutation = "\(size)-byte \(target)"
            if target == "attributes" {
                set(target, Array(#"{"k":""#.utf8) + Array(repeating: 0x78, count: size) + Array(#""}"#.utf8))
            } else if Self.integerKeys.contains(target), random.chance(0.4) {
                set(target, [0x31] + Array(repeating: 0x30, count: size - 1))
            } else {
                let unit = random.pick(["x", "é", "\\u00e9", "\\n", "😀"])
                var value: [UInt8] = [0x22]
                var decoded = 0
                while decoded < size {
                    value += Array(unit.utf8)
                    decoded += unit == "\\u00e9" ? 2 : unit == "\\n" ? 1 : unit.utf8.count
                }
                set(target, value + [0x22])
            }
            expectation = .reject(field: target, kinds: [.oversizeField])
        case 7:
            let target = random.pick(Self.freeTextKeys)
            let value = Self.text(&random, limit: target == "body" ? options.maxBodyBytes : options.maxShortFieldBytes, nonEmpty: true)
            mutation = "hostile \(target)"
            set(target, FuzzJSON.string(value, &random))
            setText(target, value)
            expectation = accepted(self)
        case 8:
            mutation = "\(key) twice"
            guard let existing = members.first(where: { $0.key == key }) else { return breakOneField(&random, options: options) }
            members.insert(existing, at: random.int(in: 0...members.count))
            expectation = .reject(field: key, kinds: [.malformedRow])
        case 9:
            let broken = random.pick([
                #""\ud800x""#, #""\udc00""#, #""\x""#, #""\u12g4""#, "\"tab\there\"", #""open"#, #""a"b""#, "tru", "nul", "01", "-", "1.",
                "[1,]", "{\"a\"}", "{,}",
            ])
            mutation = "\(key) = \(broken)"
            set(key, Array(broken.utf8))
            expectation = .reject(field: key, kinds: [.malformedRow])
        case 10:
            let levels = random.pick([options.maxNestingDepth - 2, options.maxNestingDepth - 1, options.maxNestingDepth, 10_000])
            let inUnknownKey = random.chance(0.3)
            let target = inUnknownKey ? "deep" : "attributes"
            mutation = "\(levels) levels in \(target)"
            let inner = FuzzJSON.nested(levels: max(levels - 1, 1), objects: random.chance(0.5))
            set(target, Array(#"{"a":"#.utf8) + inner + [0x7D])
            // The line's own object is level 1, so `levels` more levels make levels + 1 in all.
            let fits = levels + 1 <= options.maxNestingDepth
            if fits {
                if !inUnknownKey { record.attributesJSON = String(decoding: Array(#"{"a":"#.utf8) + inner + [0x7D], as: UTF8.self) }
                expectation =
                    inUnknownKey || (Array(#"{"a":"#.utf8) + inner + [0x7D]).count <= options.maxAttributesBytes
                    ? accepted(self) : .reject(field: target, kinds: [.oversizeField])
            } else {
                expectation = .reject(field: target, kinds: [.malformedRow])
            }
        case 11:
            let timestamp = random.chance(0.6) ? FuzzTimestamp.invalid(&random) : FuzzTimestamp.iso(&random)
            mutation = "occurred_at \(timestamp.text)"
            set("occurred_at", FuzzJSON.string(timestamp.text, &random))
            if timestamp.isValid {
                record.occurredAt = timestamp.instant ?? record.occurredAt
                instantChecked = timestamp.instant != nil
                expectation = accepted(self)
            } else {
                expectation = .reject(field: "occurred_at", kinds: [.badTimestamp])
            }
        case 12:
            let seed = random.pick(Self.customers + ["profile:12", "myspace:jane", "twitter", "email:a@b"])
            let text = Self.mutatedIdentifier(seed, &random)
            mutation = "customer \(text)"
            set("customer", FuzzJSON.string(text, &random))
            expectation = customerExpectation(text, options: options)
        case 13:
            let target = random.pick(["channel", "direction", "visibility"])
            let spelling = random.pick([
                "pigeon", " email", "EMAİL", "inbound ", "sms\u{0301}", "PUBLIC", "Private", "TWITTER", "Outbound", "fax",
            ])
            mutation = "\(target) = \(spelling)"
            set(target, FuzzJSON.string(spelling, &random))
            let lowered = spelling.lowercased()
            switch target {
            case "channel":
                if let channel = Channel(rawValue: lowered), spelling.allSatisfy(\.isASCII) {
                    record.channel = channel
                    if !members.contains(where: { $0.key == "visibility" && $0.value != Array("null".utf8) }) {
                        record.visibility = channel.defaultVisibility
                    }
                    expectation = accepted(self)
                } else {
                    expectation = .reject(field: target, kinds: [.unknownChannel])
                }
            case "direction":
                if let direction = Direction(rawValue: lowered), spelling.allSatisfy(\.isASCII) {
                    record.direction = direction
                    expectation = accepted(self)
                } else {
                    expectation = .reject(field: target, kinds: [.unknownDirection])
                }
            default:
                if let visibility = Visibility(rawValue: lowered), spelling.allSatisfy(\.isASCII) {
                    record.visibility = visibility
                    expectation = accepted(self)
                } else {
                    expectation = .reject(field: target, kinds: [.unknownVisibility])
                }
            }
        case 14:
            let number = random.pick([
                "1e-16384", "1e-99999", "0e-20000", "1.5e-16383", "1e131072", "2e999999999999", "1e99999999999999999999",
            ])
            mutation = "attributes number \(number)"
            set("attributes", Array(#"{"n":[1,"#.utf8) + Array(number.utf8) + Array("]}".utf8))
            expectation = .reject(field: "attributes", kinds: [.malformedRow])
        default:
            mutation = "unknown key"
            set("note_\(random.int(in: 0...99))", FuzzJSON.value(depth: 2, &random))
            expectation = accepted(self)
        }
    }

    /// Leaving out an optional field: its default.
    private mutating func dropOptional(_ key: String, _ accepted: (InteractionRowPlan) -> RowExpectation) -> RowExpectation {
        switch key {
        case "visibility": record.visibility = record.channel.defaultVisibility
        case "attributes": record.attributesJSON = "{}"
        default: setText(key, nil)
        }
        return accepted(self)
    }

    /// What the documented identifier rules make of a `customer` text (RapportCore decides).
    private mutating func customerExpectation(_ text: String, options: IngestOptions) -> RowExpectation {
        if text.isEmpty { return .reject(field: "customer", kinds: [.missingField]) }
        if text.unicodeScalars.contains(where: { $0.value == 0 }) { return .reject(field: "customer", kinds: [.malformedRow]) }
        if text.utf8.count > options.maxShortFieldBytes {
            return .reject(field: "customer", kinds: [.oversizeField, .malformedIdentifier])
        }
        guard let identifier = try? Identifier.parse(text, options: options.normalisation), identifier.kind != .profile else {
            return .reject(field: "customer", kinds: [.malformedIdentifier])
        }
        record.customer = .identifier(identifier)
        return .accept(record, instantChecked: instantChecked)
    }

    /// An identifier text with a few characters spliced in or dropped.
    static func mutatedIdentifier(_ seed: String, _ random: inout FuzzRandom) -> String {
        var characters = Array(seed)
        for _ in 0..<random.int(in: 0...3) {
            let position = random.int(in: 0...characters.count)
            switch random.int(in: 0..<5) {
            case 0:
                characters.insert(
                    contentsOf: random.pick([":", "@", " ", "\u{00A0}", "\u{001F}", ";", "+", "0", "\u{0301}", "İ", "\t"]), at: position)
            case 1: if position < characters.count { characters.remove(at: position) }
            case 2: characters.insert(contentsOf: FuzzJSON.storableText(&random), at: position)
            case 3: characters.insert(contentsOf: String(repeating: "a", count: random.pick([300, 330, 1_000])), at: position)
            default: characters = Array(String(characters).uppercased())
            }
        }
        return String(characters)
    }
}
