import RapportCore

/// A byte-level fast path for `kind:value` identifier text in the plain-ASCII forms that make up
/// nearly every row (`twitter:@JaneDoe`, `email:Jane@Example.com`, `phone:+44 20 7946 0958`, ...).
///
/// It never decides anything the documented normaliser (`IdentifierNormaliser` in RapportCore)
/// would decide differently: it returns an identifier only when the text is ASCII, has no
/// surrounding whitespace and plainly satisfies the rule for its kind, giving exactly the value
/// the normaliser gives; anything else (errors included) returns nil and goes through
/// `Identifier.parse`. A differential test pins the two together.
struct ASCIIIdentifierParser {
    /// The default country code as the normaliser uses it, when it is plain ASCII digits.
    private let countryDigits: [UInt8]?

    init(options: NormalisationOptions) {
        let country = options.defaultCountryCode.filter(\.isNumber)
        countryDigits = country.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? Array(country.utf8) : nil
    }

    private static let kinds: [(name: [UInt8], kind: IdentifierKind)] = IdentifierKind.allCases.map { (Array($0.rawValue.utf8), $0) }

    /// `kind:value` text, as `Identifier.parse` reads it; nil when the fast path does not apply.
    func parse(_ text: UnsafeBufferPointer<UInt8>) -> Identifier? {
        guard let colon = text.firstIndex(of: 0x3A) else { return nil }
        let kindBytes = UnsafeBufferPointer(rebasing: text[..<colon])
        guard let kind = Self.kinds.first(where: { kindBytes.equalsIgnoringCase($0.name) })?.kind else { return nil }
        return parse(kind: kind, value: UnsafeBufferPointer(rebasing: text[(colon + 1)...]))
    }

    /// A value of a known kind, as `Identifier(kind:rawValue:)` reads it; nil when the fast path
    /// does not apply.
    func parse(kind: IdentifierKind, value: UnsafeBufferPointer<UInt8>) -> Identifier? {
        guard let first = value.first, let last = value.last, !Self.isSpace(first), !Self.isSpace(last),
            value.count <= IdentifierNormaliser.maximumLength, UTF8Validation.isASCII(value)
        else { return nil }
        let normalised: String?
        switch kind {
        case .email: normalised = email(value)
        case .phone: normalised = phone(value)
        case .twitter, .instagram: normalised = handle(value, allowDotAndDash: false)
        case .facebook: normalised = handle(value, allowDotAndDash: true)
        case .webchat: normalised = value.allSatisfy(Self.isPrintable) ? String(decoding: value, as: UTF8.self) : nil
        case .crm: normalised = crm(value)
        case .profile: normalised = nil
        }
        return normalised.map { Identifier(kind: kind, normalisedValue: $0) }
    }

    /// `Identifier(kind:rawValue:options:)` with this fast path first (surrounding ASCII
    /// whitespace trimmed, as the normaliser trims it).
    func identifier(kind: IdentifierKind, rawValue: some StringProtocol, options: NormalisationOptions) throws(IdentifierError) -> Identifier {
        let fast =
            rawValue.utf8.withContiguousStorageIfAvailable { bytes -> Identifier? in
                var start = 0
                var end = bytes.count
                while start < end, Self.isSpace(bytes[start]) { start += 1 }
                while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
                return parse(kind: kind, value: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            } ?? nil
        if let fast { return fast }
        return try Identifier(kind: kind, rawValue: String(rawValue), options: options)
    }

    /// ASCII whitespace as `Character.isWhitespace` sees it.
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
    private static func isPrintable(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
    private static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    private static func lowercasedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { output in
            for index in 0..<bytes.count { output[index] = lowercased(bytes[index]) }
            return bytes.count
        }
    }

    private func email(_ value: UnsafeBufferPointer<UInt8>) -> String? {
        var at: Int?
        for (index, byte) in value.enumerated() {
            guard Self.isPrintable(byte), byte != 0x2C, byte != 0x3B, byte != 0x3C, byte != 0x3E else { return nil }
            if byte == 0x40 {
                guard at == nil else { return nil }
                at = index
            }
        }
        guard let at, at > 0, at < value.count - 1 else { return nil }
        let domain = UnsafeBufferPointer(rebasing: value[(at + 1)...])
        guard domain.contains(0x2E), domain.first != 0x2E, domain.last != 0x2E else { return nil }
        return Self.lowercasedString(value)
    }

    private func handle(_ value: UnsafeBufferPointer<UInt8>, allowDotAndDash: Bool) -> String? {
        let name = value.first == 0x40 ? UnsafeBufferPointer(rebasing: value[1...]) : value
        guard !name.isEmpty,
            name.allSatisfy({ Self.isAlphanumeric($0) || $0 == 0x5F || (allowDotAndDash && ($0 == 0x2E || $0 == 0x2D)) })
        else { return nil }
        return Self.lowercasedString(name)
    }

    private func crm(_ value: UnsafeBufferPointer<UInt8>) -> String? {
        guard value.allSatisfy(Self.isPrintable), let colon = value.firstIndex(of: 0x3A), colon > 0, colon < value.count - 1 else { return nil }
        let source = UnsafeBufferPointer(rebasing: value[..<colon])
        guard source.allSatisfy({ Self.isAlphanumeric($0) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E }) else { return nil }
        return Self.lowercasedString(source) + String(decoding: value[colon...], as: UTF8.self)
    }

    private func phone(_ value: UnsafeBufferPointer<UInt8>) -> String? {
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var international = false
        for (offset, byte) in value.enumerated() {
            if byte == 0x2B && offset == 0 {
                international = true
            } else if Self.isDigit(byte) {
                digits.append(byte)
            } else if byte == 0x20 || byte == 0x2D || byte == 0x2E || byte == 0x28 || byte == 0x29 || byte == 0x2F {
                continue
            } else {
                return nil
            }
        }
        if !international && digits.starts(with: [0x30, 0x30]) {
            international = true
            digits.removeFirst(2)
        }
        if !international {
            guard let countryDigits else { return nil }
            if digits.first == 0x30 { digits.removeFirst() }
            if !(countryDigits == [0x31] && digits.count == 11 && digits.first == 0x31) {
                digits = countryDigits + digits
            }
        }
        guard digits.count >= 8, digits.count <= 15, digits.first != 0x30 else { return nil }
        return "+" + String(decoding: digits, as: UTF8.self)
    }
}
