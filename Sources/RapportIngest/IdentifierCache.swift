import RapportCore

/// Remembers recently parsed identifier texts, so a customer who appears on thousands of rows is
/// normalised once. Bounded: it starts over when full. Failures are not cached (they are rare and
/// their error must be rebuilt for each row anyway).
struct IdentifierCache {
    private var parsed: [String: Identifier] = [:]
    private let capacity: Int
    let options: NormalisationOptions

    init(options: NormalisationOptions, capacity: Int = 65_536) {
        self.options = options
        self.capacity = capacity
        parsed.reserveCapacity(min(capacity, 4_096))
    }

    /// `kind:value` text through ``Identifier/parse(_:options:)``.
    mutating func parse(_ text: String) throws(IdentifierError) -> Identifier {
        if let known = parsed[text] { return known }
        let identifier = try Identifier.parse(text, options: options)
        remember(text, identifier)
        return identifier
    }

    private mutating func remember(_ text: String, _ identifier: Identifier) {
        if parsed.count >= capacity { parsed.removeAll(keepingCapacity: true) }
        parsed[text] = identifier
    }
}
