import RapportCore
import Testing

/// The documented normalisation per identifier kind (docs/formats.md), as a table.
@Suite("Identifier normalisation")
struct IdentifierNormalisationTests {
    struct Valid: CustomTestStringConvertible, Sendable {
        let input: String
        let expected: String
        var countryCode = "1"
        var testDescription: String { "\(input) → \(expected) (+\(countryCode))" }
    }

    static let valid: [Valid] = [
        // twitter: @ dropped, case-folded; numeric account ids too
        Valid(input: "twitter:@JaneDoe", expected: "twitter:janedoe"),
        Valid(input: "twitter:janedoe", expected: "twitter:janedoe"),
        Valid(input: "Twitter: @Jane_Doe_99 ", expected: "twitter:jane_doe_99"),
        Valid(input: "twitter:115712", expected: "twitter:115712"),
        // instagram: same rule
        Valid(input: "instagram:@Jane_Doe", expected: "instagram:jane_doe"),
        Valid(input: "instagram:JANE", expected: "instagram:jane"),
        // facebook: also . and -
        Valid(input: "facebook:jane.doe.77", expected: "facebook:jane.doe.77"),
        Valid(input: "facebook:@Jane-Doe.77", expected: "facebook:jane-doe.77"),
        // email: trimmed, lower-cased
        Valid(input: "email:Jane.Doe@Example.com", expected: "email:jane.doe@example.com"),
        Valid(input: "email: Jane.Doe@Example.com ", expected: "email:jane.doe@example.com"),
        Valid(input: "EMAIL:first+tag@Sub.Example.co.uk", expected: "email:first+tag@sub.example.co.uk"),
        // phone: E.164
        Valid(input: "phone:+44 20 7946 0958", expected: "phone:+442079460958"),
        Valid(input: "phone:020 7946 0958", expected: "phone:+442079460958", countryCode: "44"),
        Valid(input: "phone:(415) 555-0132", expected: "phone:+14155550132"),
        Valid(input: "phone:1 (415) 555-0132", expected: "phone:+14155550132"),
        Valid(input: "phone:0044 20 7946 0958", expected: "phone:+442079460958"),
        Valid(input: "phone:+1.415.555.0132", expected: "phone:+14155550132"),
        Valid(input: "phone:030/901820", expected: "phone:+4930901820", countryCode: "49"),
        Valid(input: "phone:07700 900123", expected: "phone:+447700900123", countryCode: "+44"),
        // webchat: trimmed, case kept
        Valid(input: "webchat:visitor-8f2c", expected: "webchat:visitor-8f2c"),
        Valid(input: "webchat: Visitor-8F2C ", expected: "webchat:Visitor-8F2C"),
        // crm: source lower-cased, id keeps its case
        Valid(input: "crm:salesforce:0031x000004TmCq", expected: "crm:salesforce:0031x000004TmCq"),
        Valid(input: "crm:Salesforce:0031x000004TmCq", expected: "crm:salesforce:0031x000004TmCq"),
        Valid(input: "crm:HubSpot:id:with:colons", expected: "crm:hubspot:id:with:colons"),
        // profile: a positive integer
        Valid(input: "profile:12", expected: "profile:12"),
        Valid(input: "profile:007", expected: "profile:7"),
    ]

    @Test(arguments: valid)
    func normalises(_ row: Valid) throws {
        let identifier = try Identifier.parse(row.input, options: NormalisationOptions(defaultCountryCode: row.countryCode))
        #expect(identifier.description == row.expected)
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        let input: String
        /// Words the error must contain, so it says what was expected.
        let says: String
        var testDescription: String { "\(input) ✗ \(says)" }
    }

    static let malformed: [Malformed] = [
        Malformed(input: "janedoe", says: "expected kind:value"),
        Malformed(input: "myspace:jane", says: "unknown identifier kind 'myspace'"),
        Malformed(input: "twitter:", says: "empty"),
        Malformed(input: "twitter:@jane doe", says: "twitter handle"),
        Malformed(input: "twitter:@", says: "twitter handle"),
        Malformed(input: "instagram:jane.doe", says: "instagram handle"),
        Malformed(input: "facebook:jane/doe", says: "facebook handle"),
        Malformed(input: "email:jane.example.com", says: "email address"),
        Malformed(input: "email:jane@@example.com", says: "email address"),
        Malformed(input: "email:jane@example", says: "email address"),
        Malformed(input: "email:jane@.example.com", says: "email address"),
        Malformed(input: "email:jane doe@example.com", says: "email address"),
        Malformed(input: "email:a@b.com;c@d.com", says: "email address"),
        Malformed(input: "phone:call me", says: "phone number"),
        Malformed(input: "phone:12345", says: "8 to 15 digits"),
        Malformed(input: "phone:+1234567890123456", says: "8 to 15 digits"),
        Malformed(input: "phone:44+20 7946 0958", says: "phone number"),
        Malformed(input: "webchat:visitor 8f2c", says: "visitor id"),
        Malformed(input: "crm:0031x000004TmCq", says: "crm:SOURCE:ID"),
        Malformed(input: "crm:sales force:0031x", says: "crm:SOURCE:ID"),
        Malformed(input: "crm:salesforce:", says: "crm:SOURCE:ID"),
        Malformed(input: "profile:0", says: "positive numeric id"),
        Malformed(input: "profile:abc", says: "positive numeric id"),
        Malformed(input: "twitter:" + String(repeating: "a", count: 400), says: "longer than 320"),
    ]

    @Test(arguments: malformed)
    func rejects(_ row: Malformed) {
        #expect(throws: IdentifierError.self) { try Identifier.parse(row.input) }
        do {
            _ = try Identifier.parse(row.input)
        } catch {
            #expect(error.description.contains(row.says), "\(error.description)")
        }
    }

    @Test func treatsSpellingsOfOneAccountAsOneIdentity() throws {
        let spellings = ["twitter:@JaneDoe", "twitter:janedoe", " TWITTER:@janeDOE "]
        let identities = Set(try spellings.map { try Identifier.parse($0) })
        #expect(identities.count == 1)
    }

    @Test func buildsFromKindAndRawValue() throws {
        let identifier = try Identifier(kind: .phone, rawValue: "020 7946 0958", options: NormalisationOptions(defaultCountryCode: "44"))
        #expect(identifier.value == "+442079460958")
        #expect(IdentifierKind.allCases.filter(\.isSocialHandle) == [.twitter, .facebook, .instagram])
    }
}
