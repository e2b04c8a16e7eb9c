/// The kinds of identifier Rapport links to a person.
///
/// `crm` values carry their source (`salesforce:0031x...`); `profile` addresses a profile directly
/// by its numeric id and is never stored as an identity.
public enum IdentifierKind: String, Sendable, CaseIterable, Codable, Hashable {
    case crm
    case email
    case phone
    case twitter
    case facebook
    case instagram
    case webchat
    case profile

    /// Kinds that name a social-network account (handles or numeric account ids).
    public var isSocialHandle: Bool {
        switch self {
        case .twitter, .facebook, .instagram: true
        default: false
        }
    }
}

/// A normalised identifier: a kind and a value in that kind's canonical form.
///
/// Two identifiers that name the same account compare equal after normalisation, so
/// `twitter:@JaneDoe` and `twitter:janedoe` are one identity. Build one with
/// ``Identifier/parse(_:options:)`` (from `kind:value` text) or ``Identifier/init(kind:rawValue:options:)``.
public struct Identifier: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let kind: IdentifierKind
    public let value: String

    /// Normalises `rawValue` for `kind`; throws ``IdentifierError`` saying what was expected.
    public init(kind: IdentifierKind, rawValue: String, options: NormalisationOptions = .init()) throws(IdentifierError) {
        self.kind = kind
        self.value = try IdentifierNormaliser.normalise(rawValue, as: kind, options: options)
    }

    /// Builds an identifier from an already-normalised value (as read back from the store).
    public init(kind: IdentifierKind, normalisedValue: String) {
        self.kind = kind
        self.value = normalisedValue
    }

    /// Parses `kind:value` text such as `twitter:@JaneDoe` or `crm:salesforce:0031x000004TmCq`.
    public static func parse(_ text: String, options: NormalisationOptions = .init()) throws(IdentifierError) -> Identifier {
        // The colon is found by scalar, not by Character: a value starting with a combining mark
        // would otherwise fuse with it, and `Identifier(kind:rawValue:)` accepts such a value.
        let trimmed = text.trimmingWhitespace().unicodeScalars
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw IdentifierError(
                input: text,
                reason: "expected kind:value, for example twitter:@jane or email:jane@example.com (kinds: \(IdentifierKind.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        let kindText = String(trimmed[..<colon]).lowercased()
        guard let kind = IdentifierKind(rawValue: kindText) else {
            throw IdentifierError(
                input: text,
                reason: "unknown identifier kind '\(kindText)'; expected one of \(IdentifierKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return try Identifier(kind: kind, rawValue: String(trimmed[trimmed.index(after: colon)...]), options: options)
    }

    public var description: String { "\(kind.rawValue):\(value)" }

    public static func < (lhs: Identifier, rhs: Identifier) -> Bool {
        (lhs.kind.rawValue, lhs.value) < (rhs.kind.rawValue, rhs.value)
    }
}

/// Why an identifier could not be parsed or normalised.
public struct IdentifierError: Error, Sendable, Equatable, CustomStringConvertible {
    public let input: String
    public let reason: String

    public init(input: String, reason: String) {
        self.input = input
        self.reason = reason
    }

    public var description: String { "invalid identifier '\(input)': \(reason)" }
}

/// Settings that normalisation depends on.
public struct NormalisationOptions: Sendable, Hashable {
    /// Country calling code (digits only, e.g. "44" or "1") applied to phone numbers written in
    /// national form (with a leading trunk `0` or without any international prefix).
    public var defaultCountryCode: String

    public init(defaultCountryCode: String = "1") {
        self.defaultCountryCode = defaultCountryCode
    }
}

extension StringProtocol {
    /// The string without leading and trailing whitespace and newlines.
    public func trimmingWhitespace() -> String {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return String(self[start..<end])
    }
}
