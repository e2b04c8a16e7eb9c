import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// The ingest fast path for identifiers must agree with RapportCore's normaliser on every input
/// it accepts (and defer to it on everything else).
@Suite("ASCII identifier fast path")
struct ASCIIIdentifierParserTests {
    private func fast(_ text: String, _ parser: ASCIIIdentifierParser) -> Identifier? {
        var copy = text
        return copy.withUTF8 { parser.parse($0) }
    }

    @Test(arguments: ["1", "44", "+33", ""])
    func agreesWithTheCoreNormaliser(countryCode: String) {
        let options = NormalisationOptions(defaultCountryCode: countryCode)
        let parser = ASCIIIdentifierParser(options: options)
        let prefixes = ["twitter:", "TWITTER:", "instagram:", "facebook:", "email:", "Email:", "phone:", "webchat:", "crm:", "profile:", " twitter:", "twitter :", "sms:", "phone: "]
        let alphabet = Array("aZ09_.-@+() /:,;<>\t'é\u{00A0}00044") .map(String.init)
        var generator = SeededGenerator(state: UInt64(countryCode.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) }))
        var agreed = 0
        for _ in 0..<15_000 {
            let prefix = prefixes.randomElement(using: &generator) ?? "twitter:"
            let length = Int.random(in: 0...16, using: &generator)
            let value = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "a" }.joined()
            let text = prefix + value
            let core = try? Identifier.parse(text, options: options)
            if let quick = fast(text, parser) {
                #expect(quick == core, "\(text)")
                agreed += 1
            }
            // The typed-column entry point (CRM CSV, twcs) trims like the normaliser, then agrees with it.
            let kind = IdentifierKind.allCases.randomElement(using: &generator) ?? .email
            let padded = [" ", "", "\t", "\r\n"].randomElement(using: &generator).map { $0 + value + $0 } ?? value
            let typed = try? parser.identifier(kind: kind, rawValue: padded, options: options)
            #expect(typed == (try? Identifier(kind: kind, rawValue: padded, options: options)), "\(kind):\(padded)")
        }
        #expect(agreed > 200)
        // Hand-picked edge cases, each of which the fast path must take when the normaliser accepts it.
        let crafted = [
            "phone:1 (415) 555-0132", "phone:(415) 555-0132", "phone:14155550132", "phone:020 7946 0958", "phone:00 44 20 7946 0958",
            "phone:0044", "phone:+0 20 7946 0958", "phone:2079460958", "phone:+1 415 555 0132", "phone:123456789012345",
            "email:a@b.c", "email:a@b.", "email:@b.com", "twitter:@_", "facebook:.-", "crm:a:b", "crm::b", "webchat:!",
        ]
        for text in crafted {
            let core = try? Identifier.parse(text, options: options)
            #expect(fast(text, parser) == core, "\(text)")
        }
    }

    @Test func takesTheFastPathForTypicalIdentifiers() {
        let parser = ASCIIIdentifierParser(options: NormalisationOptions(defaultCountryCode: "44"))
        let cases: [(String, String)] = [
            ("twitter:@JaneDoe", "twitter:janedoe"), ("twitter:115712", "twitter:115712"), ("instagram:Jane_Doe", "instagram:jane_doe"),
            ("facebook:Jane.Doe-77", "facebook:jane.doe-77"), ("email:Jane.Doe@Example.com", "email:jane.doe@example.com"),
            ("phone:+44 20 7946 0958", "phone:+442079460958"), ("phone:020 7946 0958", "phone:+442079460958"),
            ("phone:0044 (20) 7946-0958", "phone:+442079460958"), ("webchat:visitor-8f2c", "webchat:visitor-8f2c"),
            ("crm:Salesforce:0031x000004TmCq", "crm:salesforce:0031x000004TmCq"),
        ]
        for (input, expected) in cases {
            #expect(fast(input, parser)?.description == expected, "\(input)")
        }
        for deferred in ["email: jane@example.com", "profile:12", "twitter:@jane doe", "email:jané@example.com", "phone:+44 20 7946 0958 ext 2"] {
            #expect(fast(deferred, parser) == nil, "\(deferred)")
        }
    }
}
