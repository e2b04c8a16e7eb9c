import RapportCore

/// A PostgreSQL regular expression (ARE) that finds a person's identifiers and full name where
/// somebody else wrote them: `@handle` in another customer's tweet, an e-mail address or phone
/// number in a brand reply to a colleague, the full name in a stored report quote.
///
/// Bare handles, numeric ids and one-word names are left out on purpose: matching "jane" or a
/// six-digit number anywhere would destroy other people's messages, not protect this one.
struct MentionPattern: Sendable, Equatable {
    /// The pattern, case-insensitive by the flags it is used with (`'gi'`); nil when the person has
    /// nothing that can be recognised safely.
    let regex: String?

    init(identities: [DataSubject.Identity], personalValues: [String]) {
        var alternatives: Set<String> = []
        for identity in identities {
            switch identity.kind {
            case IdentifierKind.twitter.rawValue, IdentifierKind.instagram.rawValue, IdentifierKind.facebook.rawValue:
                guard !identity.value.allSatisfy(\.isNumber) else { continue }
                alternatives.insert("@" + Self.escaped(identity.value) + "(?![[:alnum:]_.])")
            case IdentifierKind.email.rawValue, IdentifierKind.phone.rawValue:
                alternatives.insert(Self.bounded(identity.value))
            default:
                continue
            }
        }
        for value in personalValues {
            let isEmail = value.contains("@") && value.contains(".")
            let isPhone = value.hasPrefix("+") && value.dropFirst().allSatisfy(\.isNumber) && value.count >= 8
            let isFullName = value.split(separator: " ").count >= 2 && value.count >= 5 && !value.contains(":")
            if isEmail || isPhone || isFullName { alternatives.insert(Self.bounded(value)) }
        }
        // A value with a quote or backslash is never put into a pattern that rewrites JSON text.
        let safe = alternatives.filter { !$0.contains("\"") }.sorted()
        regex = safe.isEmpty ? nil : "(?:" + safe.joined(separator: "|") + ")"
    }

    /// `value` escaped, and not part of a longer word on either side.
    private static func bounded(_ value: String) -> String {
        "(?<![[:alnum:]_])" + escaped(value) + "(?![[:alnum:]_])"
    }

    /// Every character that means something in an ARE, escaped.
    static func escaped(_ value: String) -> String {
        var result = ""
        for character in value {
            if "\\.^$|?*+()[]{}-#&~=<>!:,/'\"".contains(character) {
                result.append("\\")
            }
            result.append(character)
        }
        return result
    }
}
