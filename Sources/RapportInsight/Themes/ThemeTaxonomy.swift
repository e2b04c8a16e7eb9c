import Foundation

/// A company's own list of known flaws, each with example phrases; complaints close enough to an
/// example join that named theme instead of a discovered one. The file format is documented in
/// docs/taxonomy.md:
///
/// ```json
/// {"themes": [{"key": "refund_not_received", "name": "Refund not received",
///              "examples": ["I still haven't got my refund", "where is my refund"]}]}
/// ```
public struct ThemeTaxonomy: Sendable, Hashable, Codable {
    /// One known flaw.
    public struct Entry: Sendable, Hashable, Codable {
        /// Stable key, stored as the theme's `taxonomyKey` (letters, digits, `_`, `-`, `.`).
        public var key: String
        /// The name operations leads read.
        public var name: String
        /// Phrases customers use for it; each is matched on its own.
        public var examples: [String]

        public init(key: String, name: String, examples: [String]) {
            self.key = key
            self.name = name
            self.examples = examples
        }
    }

    public var themes: [Entry]

    public init(themes: [Entry]) {
        self.themes = themes
    }

    /// A taxonomy file that cannot be used, and why.
    public struct InvalidTaxonomy: Error, CustomStringConvertible {
        public let detail: String
        public var description: String { "invalid taxonomy: \(detail)" }
    }

    /// Decodes and checks a taxonomy: keys present, well-formed and unique, names present, and
    /// at least one non-empty example per theme.
    public static func decode(json: Data) throws -> ThemeTaxonomy {
        let taxonomy: ThemeTaxonomy
        do {
            taxonomy = try JSONDecoder().decode(ThemeTaxonomy.self, from: json)
        } catch {
            throw InvalidTaxonomy(detail: "not the documented JSON shape (\(error))")
        }
        try taxonomy.validate()
        return taxonomy
    }

    /// Reads and checks a taxonomy file.
    public static func read(from url: URL) throws -> ThemeTaxonomy {
        try decode(json: Data(contentsOf: url))
    }

    func validate() throws {
        var seen = Set<String>()
        for (i, entry) in themes.enumerated() {
            let allowed = entry.key.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "_-.".unicodeScalars.contains($0)
            }
            guard !entry.key.isEmpty, allowed else { throw InvalidTaxonomy(detail: "theme \(i + 1): bad key \"\(entry.key)\"") }
            guard seen.insert(entry.key).inserted else { throw InvalidTaxonomy(detail: "theme \(i + 1): duplicate key \"\(entry.key)\"") }
            guard !entry.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw InvalidTaxonomy(detail: "theme \(i + 1) (\(entry.key)): empty name")
            }
            guard entry.examples.contains(where: { !ComplaintText.stems(of: $0).isEmpty }) else {
                throw InvalidTaxonomy(detail: "theme \(i + 1) (\(entry.key)): no usable example (stop words only?)")
            }
        }
    }
}
