import Foundation

/// A text value normalised once for comparison: folded to lower case without diacritics, every run
/// of characters other than letters and digits turned into one space, trimmed.
struct NormalisedText: Sendable, Hashable {
    /// The normalised text, words separated by single spaces.
    let text: [UInt8]
    /// The same without spaces, so `goodwin street` and `goodwinstreet` compare as near-equal.
    let compact: [UInt8]
    /// Hashes of the distinct words, sorted, for word-set (Jaccard) similarity.
    let words: [UInt64]

    init?(_ raw: String?) {
        guard let raw, let bytes = NormalisedText.fold(raw), !bytes.isEmpty else { return nil }
        text = bytes
        compact = bytes.filter { $0 != UInt8(ascii: " ") }
        words = Array(Set(bytes.split(separator: UInt8(ascii: " ")).map { NormalisedText.hash($0) })).sorted()
    }

    /// Builds a text from words already normalised (used for a name with sorted words).
    init(words wordList: [[UInt8]]) {
        text = Array(wordList.joined(separator: [UInt8(ascii: " ")]))
        compact = Array(wordList.joined())
        words = Array(Set(wordList.map { NormalisedText.hash($0[...]) })).sorted()
    }

    /// Case- and diacritic-folded bytes with separators collapsed to single spaces.
    static func fold(_ raw: String) -> [UInt8]? {
        // Folding through Foundation is slow; ASCII text only needs lower-casing, done below.
        let folded = raw.utf8.allSatisfy { $0 < 0x80 } ? raw : raw.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for byte in folded.utf8 {
            if PhoneticKeys.isASCIIAlphanumeric(byte) || byte >= 0x80 {
                if pendingSpace && !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
                pendingSpace = false
                bytes.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
            } else {
                pendingSpace = true
            }
        }
        return bytes.isEmpty ? nil : bytes
    }

    /// 64-bit FNV-1a: a stable hash (unlike `Hasher`, the same in every process).
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}

/// A ``PersonRecord`` with every field normalised once, so comparing a pair allocates nothing.
/// A class, so handing one to a comparison costs one reference count, not one per field.
final class PreparedRecord: Sendable {
    let profileID: Int64
    let givenName: NormalisedText?
    let surname: NormalisedText?
    /// The display name, or given name and surname, with words sorted (so word order does not matter).
    let fullName: NormalisedText?
    /// True when the record has a separate given name or surname.
    let hasSplitName: Bool
    let dateOfBirth: [UInt8]?
    let socialSecurityID: [UInt8]?
    let streetNumber: [UInt8]?
    let address1: NormalisedText?
    let address2: NormalisedText?
    let suburb: NormalisedText?
    let postcode: [UInt8]?
    let state: [UInt8]?
    let emails: [UInt64]
    let emailLocalParts: [UInt64]
    let phones: [UInt64]
    let phoneTails: [UInt64]
    let handles: [[UInt8]]
    let handleHashes: [UInt64]
    /// Each handle's letters only (`jane_doe88` → `janedoe`).
    let handleLetters: [[UInt8]]
    /// How a handle could spell this person's name; nil without a surname.
    let nameSpellings: NameSpellings?

    init(_ record: PersonRecord) {
        profileID = record.profileID
        givenName = NormalisedText(record.givenName)
        surname = NormalisedText(record.surname)
        hasSplitName = givenName != nil || surname != nil
        let nameWords: [[UInt8]]
        if let full = NormalisedText(record.fullName) {
            nameWords = full.text.split(separator: UInt8(ascii: " ")).map(Array.init)
        } else {
            nameWords = [givenName?.text, surname?.text].compactMap { $0 }.flatMap {
                $0.split(separator: UInt8(ascii: " ")).map(Array.init)
            }
        }
        fullName = nameWords.isEmpty ? nil : NormalisedText(words: nameWords.sorted { $0.lexicographicallyPrecedes($1) })
        let letters: ([UInt8]) -> [UInt8] = { $0.filter(PhoneticKeys.isASCIILetter) }
        if let family = surname {
            nameSpellings = NameSpellings(given: letters(givenName?.text ?? []), surname: letters(family.text))
        } else if givenName == nil, nameWords.count >= 2, let first = nameWords.first, let last = nameWords.last {
            nameSpellings = NameSpellings(given: letters(first), surname: letters(last))
        } else {
            nameSpellings = nil
        }
        dateOfBirth = PreparedRecord.alphanumerics(record.dateOfBirth)
        socialSecurityID = PreparedRecord.alphanumerics(record.socialSecurityID)
        streetNumber = PreparedRecord.alphanumerics(record.streetNumber)
        address1 = NormalisedText(record.address1)
        address2 = NormalisedText(record.address2)
        suburb = NormalisedText(record.suburb)
        postcode = PreparedRecord.alphanumerics(record.postcode)
        state = PreparedRecord.alphanumerics(record.state)

        let emailTexts = record.emails.map { $0.trimmingWhitespace().lowercased() }.filter { !$0.isEmpty }
        emails = PreparedRecord.hashes(emailTexts.map { Array($0.utf8) })
        emailLocalParts = PreparedRecord.hashes(emailTexts.compactMap { email in
            email.split(separator: "@", maxSplits: 1).first.map { Array($0.utf8) }
        })
        let phoneDigits = record.phones.map { Array($0.utf8.filter(PhoneticKeys.isASCIIDigit)) }.filter { !$0.isEmpty }
        phones = PreparedRecord.hashes(phoneDigits)
        phoneTails = PreparedRecord.hashes(phoneDigits.filter { $0.count >= 7 }.map { Array($0.suffix(7)) })
        let handleBytes = Set(record.handles.compactMap { handle -> [UInt8]? in
            var text = handle.trimmingWhitespace().lowercased()
            if text.hasPrefix("@") { text.removeFirst() }
            return text.isEmpty ? nil : Array(text.utf8)
        })
        handles = handleBytes.sorted { $0.lexicographicallyPrecedes($1) }
        handleHashes = PreparedRecord.hashes(handles)
        handleLetters = handles.map(letters).filter { !$0.isEmpty }
    }

    /// Letters and digits only, lower-cased (`1956-04-09` → `19560409`); nil when nothing is left.
    static func alphanumerics(_ raw: String?) -> [UInt8]? {
        guard let raw else { return nil }
        let bytes = raw.utf8.filter(PhoneticKeys.isASCIIAlphanumeric).map {
            $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0
        }
        return bytes.isEmpty ? nil : bytes
    }

    static func hashes(_ values: [[UInt8]]) -> [UInt64] {
        Array(Set(values.filter { !$0.isEmpty }.map { NormalisedText.hash($0) })).sorted()
    }
}

/// The letter strings a social handle may contain when it spells a person's name, computed once
/// per record (`Jane Doe` → `janedoe`, `doejane`, `jdoe`, `doej`, `doe`).
struct NameSpellings: Sendable {
    /// Given name and surname in either order.
    let full: [[UInt8]]
    /// Initial and surname in either order (surname of three letters or more).
    let initialAndSurname: [[UInt8]]
    /// The surname alone when it has four letters or more.
    let surname: [UInt8]?

    init?(given: [UInt8], surname family: [UInt8]) {
        guard !family.isEmpty else { return nil }
        full = given.isEmpty ? [] : [given + family, family + given]
        if let initial = given.first, family.count >= 3 {
            initialAndSurname = [[initial] + family, family + [initial]]
        } else {
            initialAndSurname = []
        }
        surname = family.count >= 4 ? family : nil
    }
}
