/// One documented normalisation per identifier kind.
///
/// | kind | rule |
/// |---|---|
/// | `email` | trimmed, lower-cased; must have one `@` with text on both sides and a dot in the domain |
/// | `phone` | E.164: `+` and 8–15 digits. Spaces, dots, dashes, brackets are dropped; `00` becomes `+`; a national number (leading trunk `0` or no prefix) gets the default country code |
/// | `twitter`, `instagram` | leading `@` dropped, case-folded; letters, digits, `_` (Twitter also accepts its numeric account ids) |
/// | `facebook` | leading `@` dropped, case-folded; letters, digits, `.`, `_`, `-` |
/// | `webchat` | trimmed, case kept; printable, no whitespace |
/// | `crm` | `source:id`; the source is lower-cased, the id keeps its case |
/// | `profile` | a positive integer |
public enum IdentifierNormaliser {
    /// The longest identifier value accepted, after trimming.
    public static let maximumLength = 320

    public static func normalise(_ raw: String, as kind: IdentifierKind, options: NormalisationOptions) throws(IdentifierError) -> String {
        let text = raw.trimmingWhitespace()
        let input = "\(kind.rawValue):\(raw)"
        guard !text.isEmpty else {
            throw IdentifierError(input: input, reason: "the \(kind.rawValue) value is empty")
        }
        guard text.utf8.count <= maximumLength else {
            throw IdentifierError(input: String(input.prefix(60)) + "…", reason: "longer than \(maximumLength) bytes")
        }
        let normalised: String
        switch kind {
        case .email: normalised = try email(text, input: input)
        case .phone: normalised = try phone(text, input: input, options: options)
        case .twitter, .instagram: normalised = try handle(text, input: input, kind: kind, extra: [])
        case .facebook: normalised = try handle(text, input: input, kind: kind, extra: [".", "-"])
        case .webchat: normalised = try webchat(text, input: input)
        case .crm: normalised = try crm(text, input: input)
        case .profile: normalised = try profile(text, input: input)
        }
        // Lower-casing can lengthen text (`İ` is two bytes, `i̇` three): the limit holds for the
        // stored value too, so every identifier's own text parses back to it.
        guard normalised.utf8.count <= maximumLength else {
            throw IdentifierError(input: String(input.prefix(60)) + "…", reason: "longer than \(maximumLength) bytes once normalised")
        }
        return normalised
    }

    /// A C0 or C1 control character or DEL: never part of an identifier (the CRM importer also
    /// uses U+001F as a separator).
    static func isControl(_ character: Character) -> Bool {
        character.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    static func email(_ text: String, input: String) throws(IdentifierError) -> String {
        let lowered = text.lowercased()
        let parts = lowered.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw IdentifierError(input: input, reason: "expected an email address like jane@example.com")
        }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."),
            !lowered.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" || isControl($0) })
        else {
            throw IdentifierError(input: input, reason: "expected an email address like jane@example.com")
        }
        return lowered
    }

    static func phone(_ text: String, input: String, options: NormalisationOptions) throws(IdentifierError) -> String {
        var digits = ""
        var international = false
        for (offset, character) in text.enumerated() {
            if character == "+" && offset == 0 {
                international = true
            } else if let ascii = character.asciiValue, ascii >= 48, ascii <= 57 {
                digits.append(character)
            } else if character == " " || character == "-" || character == "." || character == "(" || character == ")"
                || character == "/"
            {
                continue
            } else {
                throw IdentifierError(input: input, reason: "expected a phone number such as +44 20 7946 0958 (digits, spaces, dashes, brackets, an optional leading +)")
            }
        }
        if !international && digits.hasPrefix("00") {
            international = true
            digits.removeFirst(2)
        }
        if !international {
            let country = options.defaultCountryCode.filter(\.isNumber)
            if digits.hasPrefix("0") { digits.removeFirst() }
            if !(country == "1" && digits.count == 11 && digits.hasPrefix("1")) {
                digits = country + digits
            }
        }
        guard digits.count >= 8, digits.count <= 15, !digits.hasPrefix("0") else {
            throw IdentifierError(input: input, reason: "expected 8 to 15 digits in E.164 form (+ country code and number), got \(digits.count)")
        }
        return "+" + digits
    }

    static func handle(_ text: String, input: String, kind: IdentifierKind, extra: Set<Character>) throws(IdentifierError) -> String {
        var handle = Substring(text)
        if handle.hasPrefix("@") { handle = handle.dropFirst() }
        let folded = handle.lowercased()
        guard !folded.isEmpty,
            folded.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || extra.contains($0) })
        else {
            let allowed = extra.isEmpty ? "letters, digits and _" : "letters, digits, _ and \(extra.sorted().map(String.init).joined(separator: " "))"
            throw IdentifierError(input: input, reason: "expected a \(kind.rawValue) handle like @jane_doe (\(allowed)) or a numeric account id")
        }
        return folded
    }

    static func webchat(_ text: String, input: String) throws(IdentifierError) -> String {
        guard text.unicodeScalars.allSatisfy({ $0.value > 32 && $0.properties.generalCategory != .control && !$0.properties.isWhitespace })
        else {
            throw IdentifierError(input: input, reason: "expected a chat visitor id without spaces or control characters")
        }
        return text
    }

    static func crm(_ text: String, input: String) throws(IdentifierError) -> String {
        guard let colon = text.firstIndex(of: ":") else {
            throw IdentifierError(input: input, reason: "expected crm:SOURCE:ID, for example crm:salesforce:0031x000004TmCq")
        }
        let source = text[..<colon].trimmingWhitespace().lowercased()
        let id = text[text.index(after: colon)...].trimmingWhitespace()
        guard !source.isEmpty, !id.isEmpty,
            source.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }),
            !id.contains(where: { $0.isWhitespace || isControl($0) })
        else {
            throw IdentifierError(input: input, reason: "expected crm:SOURCE:ID, for example crm:salesforce:0031x000004TmCq")
        }
        return "\(source):\(id)"
    }

    static func profile(_ text: String, input: String) throws(IdentifierError) -> String {
        guard let id = Int64(text), id > 0 else {
            throw IdentifierError(input: input, reason: "expected profile:<id> with a positive numeric id")
        }
        return String(id)
    }
}
