import RapportCore

/// Remembers recently parsed identifier texts, so a customer who appears on thousands of rows is
/// normalised once. Bounded: it starts over when full. Failures are not cached (they are rare and
/// their error must be rebuilt for each row anyway).
///
/// Only ASCII texts are cached: `String` keys compare by canonical equivalence, so `José` and
/// `Jose\u{301}` would share one entry and the identity stored would depend on which came first.
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
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return try Identifier.parse(text, options: options) }
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
