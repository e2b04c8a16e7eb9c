import RapportCore
import RapportFuzzSupport
import Testing

/// Identifier parsing and normalisation fed tens of thousands of broken, hostile and awkward
/// spellings: it never traps, every refusal says what was expected, and every identifier it
/// accepts is in its kind's canonical form (re-parsing its own text gives it back byte for byte,
/// and it fits the store's rules).
@Suite("Identifier parsing under fuzzing")
struct IdentifierFuzzTests {
    /// Valid spellings per kind, the seeds the mutations start from.
    static let seeds: [IdentifierKind: [String]] = [
        .twitter: ["@JaneDoe", "janedoe", " @Jane_Doe_99 ", "115712", "@_"],
        .instagram: ["@Jane_Doe", "JANE", "jane_doe"],
        .facebook: ["jane.doe.77", "@Jane-Doe.77", ".-"],
        .email: ["Jane.Doe@Example.com", " first+tag@Sub.Example.co.uk ", "a@b.c", "o'brien@example.ie"],
        .phone: [
            "+44 20 7946 0958", "020 7946 0958", "(415) 555-0132", "0044 20 7946 0958", "+1.415.555.0132", "030/901820", "14155550132",
        ],
        .webchat: ["visitor-8f2c", " Visitor-8F2C ", "!"],
        .crm: ["salesforce:0031x000004TmCq", "HubSpot:id:with:colons", "a.b-c_d:X"],
        .profile: ["12", "007", "9223372036854775807", "+5"],
    ]

    /// Characters the mutations splice in: the kinds' own punctuation, every sort of whitespace,
    /// control characters, combining marks, look-alikes and characters whose case mapping is odd.
    static let pieces: [String] = [
        ":", "@", "@@", ";", ",", "<", ">", ".", "..", "-", "_", "+", "00", "0", "1", "9", " ", "\t", "\r\n", "\n", "\u{00A0}", "\u{2028}",
        "\u{0085}", "\u{3000}", "\u{0000}", "\u{0001}", "\u{001F}", "\u{007F}", "\u{0080}", "\u{009F}", "\u{0301}", "\u{200D}", "\u{FEFF}",
        "ｊ", "：", "＠", "\u{212A}", "\u{0130}", "İİİİ", "ß", "ǅ", "Σ", "e\u{0301}", "é", "٣", "½", "𝟗", "👍", "\u{10FFFF}",
    ]

    static let kindSpellings = [
        "twitter", "TWITTER", "Twitter", " twitter", "twitter ", "instagram", "facebook", "FACEBOO\u{212A}", "email", "EMAIL", "phone",
        "webchat", "crm", "CRM", "profile", "myspace", "", "sms", "ｔwitter", "twitter\u{0301}", "e\u{0301}mail",
    ]

    @Test func parsingArbitrarySpellingsNeverTrapsAndAcceptsOnlyCanonicalIdentifiers() {
        let campaign = FuzzCampaign(target: "identifier-parse")
        var tally = FuzzTally(campaign)
        for index in 0..<campaign.cases(30_000) {
            var random = campaign.random(case: index)
            let text = Self.spelling(&random)
            let country = random.pick(["1", "44", "+49", "33"])
            let options = NormalisationOptions(defaultCountryCode: country)
            tally.inputs += 1
            let result = tally.timed { () -> Result<Identifier, IdentifierError> in
                do throws(IdentifierError) { return .success(try Identifier.parse(text, options: options)) } catch {
                    return .failure(error)
                }
            }
            switch result {
            case .success(let identifier):
                tally.accepted += 1
                Self.checkCanonical(identifier, options: options, from: text, campaign.origin(case: index))
            case .failure(let error):
                tally.rejected += 1
                Self.checkExplained(error, campaign.origin(case: index))
            }
        }
        print(tally.summary)
        #expect(tally.accepted > tally.inputs / 20, "the mutations should leave some spellings valid")
        #expect(tally.rejected > tally.inputs / 5)
        #expect(tally.slowest < .seconds(2), "one identifier took \(tally.slowest)")
    }

    @Test func normalisingTypedValuesNeverTrapsAndAcceptsOnlyCanonicalIdentifiers() {
        let campaign = FuzzCampaign(target: "identifier-typed")
        var tally = FuzzTally(campaign)
        let kinds = IdentifierKind.allCases
        for index in 0..<campaign.cases(15_000) {
            var random = campaign.random(case: index)
            let kind = random.pick(kinds)
            let value = Self.mutated(random.pick(Self.seeds[kind] ?? ["x"]), &random)
            tally.inputs += 1
            let result = tally.timed { () -> Result<Identifier, IdentifierError> in
                do throws(IdentifierError) { return .success(try Identifier(kind: kind, rawValue: value)) } catch { return .failure(error) }
            }
            switch result {
            case .success(let identifier):
                tally.accepted += 1
                #expect(identifier.kind == kind)
                Self.checkCanonical(identifier, options: .init(), from: "\(kind.rawValue) value \(value)", campaign.origin(case: index))
            case .failure(let error):
                tally.rejected += 1
                Self.checkExplained(error, campaign.origin(case: index))
            }
        }
        print(tally.summary)
        #expect(tally.accepted > tally.inputs / 20)
        #expect(tally.slowest < .seconds(2), "one identifier took \(tally.slowest)")
    }

    // MARK: - Regressions found by the fuzzing

    /// The CRM importer joins a customer's emails with U+001F before handing them to PostgreSQL,
    /// which split `a\u{1F}b@example.com` into two "emails", and an email with NUL failed the load;
    /// no identifier holds a control character (C0, DEL or C1), whatever its kind.
    @Test func refusesControlCharactersInIdentifiers() {
        for control in ["\u{0000}", "\u{0001}", "\u{001F}", "\u{007F}", "\u{0085}", "\u{009F}"] {
            #expect(throws: IdentifierError.self) { try Identifier.parse("email:jane\(control)doe@example.com") }
            #expect(throws: IdentifierError.self) { try Identifier(kind: .email, rawValue: "jane@exa\(control)mple.com") }
            #expect(throws: IdentifierError.self) { try Identifier.parse("webchat:visitor\(control)8f2c") }
            #expect(throws: IdentifierError.self) { try Identifier.parse("crm:salesforce:0031\(control)x") }
        }
    }

    /// `İ` is two bytes but lower-cases to three, so a 320-byte email grew past the limit and its
    /// own text (`email:i̇i̇…`) was then refused: the limit now holds for the normalised value.
    @Test func keepsTheLengthLimitAfterLowerCasing() throws {
        let local = String(repeating: "\u{0130}", count: 150)
        let text = "email:\(local)@example.com"
        #expect(local.utf8.count + "@example.com".utf8.count <= IdentifierNormaliser.maximumLength)
        let error = try #require(throws: IdentifierError.self) { try Identifier.parse(text) }
        #expect(error.reason.contains("longer than"))
        let fits = try Identifier.parse("email:" + String(repeating: "\u{0130}", count: 60) + "@example.com")
        #expect(try Identifier.parse(fits.description) == fits)
    }

    /// A value that starts with a combining mark fused with the `:` into one Character, so
    /// `email:\u{301}a@b.co` was "not kind:value" while `Identifier(kind: .email, rawValue:)`
    /// accepted the same value: a stored identity no lookup could name. The colon is found by
    /// scalar now, as the ingest fast path finds it by byte.
    @Test func splitsKindAndValueAtTheFirstColonScalar() throws {
        let typed = try Identifier(kind: .email, rawValue: "\u{0301}a@b.co")
        let parsed = try Identifier.parse(typed.description)
        #expect(Array(parsed.value.utf8) == Array(typed.value.utf8))
        #expect(parsed.kind == .email)
    }

    // MARK: - Properties

    /// An accepted identifier is canonical: its text parses back to itself byte for byte, it fits
    /// the length limit, holds no control character or NUL, and has its kind's shape.
    static func checkCanonical(_ identifier: Identifier, options: NormalisationOptions, from input: String, _ origin: String) {
        let shown = { "\(origin): \(FuzzDisplay.text(input)) → \(FuzzDisplay.text(identifier.description))" }
        let value = identifier.value
        #expect(!value.isEmpty, "\(shown())")
        #expect(value.utf8.count <= IdentifierNormaliser.maximumLength, "\(shown())")
        #expect(!value.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(shown())")
        #expect(!value.contains { $0.isWhitespace }, "\(shown())")
        do {
            let again = try Identifier.parse(identifier.description, options: options)
            #expect(again.kind == identifier.kind && Array(again.value.utf8) == Array(value.utf8), "not idempotent: \(shown())")
        } catch {
            Issue.record("its own text is refused (\(error)): \(shown())")
        }
        let bytes = Array(value.utf8)
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        let isLowerAlphanumeric = { (byte: UInt8) in isDigit(byte) || (byte >= 0x61 && byte <= 0x7A) }
        switch identifier.kind {
        case .email:
            #expect(Array(value.lowercased().utf8) == bytes, "\(shown())")
            #expect(value.split(separator: "@", omittingEmptySubsequences: false).count == 2, "\(shown())")
            #expect(!value.contains { ",;<>".contains($0) }, "\(shown())")
        case .phone:
            #expect(bytes.first == 0x2B && bytes.count >= 9 && bytes.count <= 16, "\(shown())")
            #expect(bytes.dropFirst().allSatisfy(isDigit) && bytes.dropFirst().first != 0x30, "\(shown())")
        case .twitter, .instagram:
            #expect(bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == 0x5F }, "\(shown())")
        case .facebook:
            #expect(bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D }, "\(shown())")
        case .webchat:
            #expect(!value.unicodeScalars.contains { $0.properties.isWhitespace }, "\(shown())")
        case .crm:
            let colon = bytes.firstIndex(of: 0x3A)
            #expect(colon.map { $0 > 0 && $0 < bytes.count - 1 } == true, "\(shown())")
            if let colon {
                #expect(bytes[..<colon].allSatisfy { isLowerAlphanumeric($0) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E }, "\(shown())")
            }
        case .profile:
            #expect(bytes.allSatisfy(isDigit) && bytes.first != 0x30 && Int64(value) != nil, "\(shown())")
        }
    }

    /// A refusal names what was wrong.
    static func checkExplained(_ error: IdentifierError, _ origin: String) {
        let words = ["expected", "empty", "longer than", "unknown identifier kind"]
        #expect(words.contains { error.reason.contains($0) }, "\(origin): \(error.description)")
        #expect(error.description.utf8.starts(with: "invalid identifier '".utf8), "\(origin)")
    }

    // MARK: - Generation

    /// `kind:value` text: a seed spelling, mutated, sometimes with a broken kind or no colon at all.
    static func spelling(_ random: inout FuzzRandom) -> String {
        let kind = random.pick(IdentifierKind.allCases)
        let value = mutated(random.pick(seeds[kind] ?? ["x"]), &random)
        switch random.int(in: 0..<10) {
        case 0: return value
        case 1: return random.pick(kindSpellings) + ":" + value
        case 2: return random.pick(kindSpellings) + random.pick(["：", " : ", "::", "\u{0301}:"]) + value
        case 3:
            return String(decoding: (0..<random.skewedLength(maximum: 64)).map { _ in UInt8(random.int(in: 0x20...0x7E)) }, as: UTF8.self)
        default: return (random.chance(0.2) ? kind.rawValue.uppercased() : kind.rawValue) + ":" + value
        }
    }

    /// A value with up to four mutations: pieces spliced in, characters dropped, case flipped,
    /// hostile text inserted, or blown up to around the 320-byte limit and beyond.
    static func mutated(_ seed: String, _ random: inout FuzzRandom) -> String {
        var characters = Array(seed)
        for _ in 0..<random.int(in: 0...4) {
            let position = random.int(in: 0...characters.count)
            switch random.int(in: 0..<8) {
            case 0, 1: characters.insert(contentsOf: random.pick(pieces), at: position)
            case 2: if position < characters.count { characters.remove(at: position) }
            case 3: characters = Array(String(characters).uppercased())
            case 4: characters.insert(contentsOf: HostileText.text(&random), at: position)
            case 5:
                let unit = random.pick(["a", "9", "İ", "é", " ", "@", "x.y"])
                let target = random.pick([300, 318, 319, 320, 321, 322, 640, 5_000])
                let count = max(0, (target - String(characters).utf8.count) / max(unit.utf8.count, 1))
                characters.insert(contentsOf: String(repeating: unit, count: count), at: position)
            case 6: characters.removeSubrange(position...)
            default:
                if let scalar = Unicode.Scalar(UInt32(random.int(in: 0...0x10FFFF))) {
                    characters.insert(Character(scalar), at: position)
                }
            }
        }
        return String(characters)
    }
}
