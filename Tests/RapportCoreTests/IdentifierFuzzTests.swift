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
        .phone: ["+44 20 7946 0958", "020 7946 0958", "(415) 555-0132", "0044 20 7946 0958", "+1.415.555.0132", "030/901820", "14155550132"],
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
}
