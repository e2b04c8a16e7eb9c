/// Sorts a pair of prepared records into one ``ComparisonLevel`` per ``ComparisonField``.
///
/// The rules for each level are documented on ``ComparisonLevel``; the order in which they are
/// tried is ``ComparisonField/levels``.
enum FieldComparator {
    static func level(_ field: ComparisonField, _ a: PreparedRecord, _ b: PreparedRecord) -> ComparisonLevel {
        switch field {
        case .givenName: name(a.givenName, b.givenName, swapped: (a.givenName, b.surname), (b.givenName, a.surname))
        case .surname: name(a.surname, b.surname, swapped: (a.surname, b.givenName), (b.surname, a.givenName))
        case .fullName: fullName(a, b)
        case .dateOfBirth: dateOfBirth(a.dateOfBirth, b.dateOfBirth)
        case .socialSecurityID: edits(a.socialSecurityID, b.socialSecurityID, upTo: 2)
        case .streetNumber: edits(a.streetNumber, b.streetNumber, upTo: 1)
        case .postcode: edits(a.postcode, b.postcode, upTo: 1)
        case .address1: addressLine(a.address1, b.address1, other: (a.address1, b.address2), (b.address1, a.address2))
        case .address2: addressLine(a.address2, b.address2, other: (a.address2, b.address1), (b.address2, a.address1))
        case .suburb: suburb(a.suburb, b.suburb)
        case .state: a.state == nil || b.state == nil ? .missing : a.state == b.state ? .exact : .different
        case .emails: identifiers(a.emails, b.emails, near: a.emailLocalParts, b.emailLocalParts, nearLevel: .sameEmailLocalPart)
        case .phones: identifiers(a.phones, b.phones, near: a.phoneTails, b.phoneTails, nearLevel: .sameLastSevenDigits)
        case .handles: handles(a, b)
        case .handleName: max(handleName(handles: a, name: b), handleName(handles: b, name: a))
        }
    }

    static let jaroWinkler92 = 0.92

    private static func name(
        _ x: NormalisedText?, _ y: NormalisedText?,
        swapped first: (NormalisedText?, NormalisedText?), _ second: (NormalisedText?, NormalisedText?)
    ) -> ComparisonLevel {
        guard let x, let y else { return .missing }
        if x.text == y.text { return .exact }
        let similarity = StringSimilarity.jaroWinkler(x.compact, y.compact)
        if similarity >= jaroWinkler92 { return .jaroWinkler92 }
        if similar(first) || similar(second) { return .swappedNames }
        if similarity >= 0.88 { return .jaroWinkler88 }
        if similarity >= 0.70 { return .jaroWinkler70 }
        return .different
    }

    private static func similar(_ pair: (NormalisedText?, NormalisedText?)) -> Bool {
        guard let x = pair.0, let y = pair.1 else { return false }
        return x.text == y.text || StringSimilarity.jaroWinkler(x.compact, y.compact) >= jaroWinkler92
    }

    /// Compared only when a side has no separate given name and surname; otherwise those fields
    /// carry the name evidence and this one is `missing`, so a name never counts twice.
    private static func fullName(_ a: PreparedRecord, _ b: PreparedRecord) -> ComparisonLevel {
        guard let x = a.fullName, let y = b.fullName, !(a.hasSplitName && b.hasSplitName) else { return .missing }
        if x.text == y.text { return .exact }
        if StringSimilarity.jaroWinkler(x.compact, y.compact) >= jaroWinkler92 { return .jaroWinkler92 }
        if StringSimilarity.jaccard(x.words, y.words) >= 0.5 { return .tokenOverlap }
        return .different
    }

    private static func dateOfBirth(_ x: [UInt8]?, _ y: [UInt8]?) -> ComparisonLevel {
        guard let x, let y else { return .missing }
        if x == y { return .exact }
        if x.count == 8, y.count == 8, x[0..<4] == y[0..<4], x[4..<6] == y[6..<8], x[6..<8] == y[4..<6] {
            return .dayMonthSwapped
        }
        switch StringSimilarity.transpositionDistance(x, y, limit: 2) {
        case 1: return .oneEdit
        case 2: return .twoEdits
        default: return .different
        }
    }

    private static func edits(_ x: [UInt8]?, _ y: [UInt8]?, upTo limit: Int) -> ComparisonLevel {
        guard let x, let y else { return .missing }
        if x == y { return .exact }
        switch StringSimilarity.transpositionDistance(x, y, limit: limit) {
        case 1: return .oneEdit
        case 2 where limit >= 2: return .twoEdits
        default: return .different
        }
    }

    private static func addressLine(
        _ x: NormalisedText?, _ y: NormalisedText?,
        other first: (NormalisedText?, NormalisedText?), _ second: (NormalisedText?, NormalisedText?)
    ) -> ComparisonLevel {
        guard let x, let y else { return .missing }
        if x.text == y.text { return .exact }
        let similarity = StringSimilarity.jaroWinkler(x.compact, y.compact)
        if similarity >= jaroWinkler92 { return .jaroWinkler92 }
        if similarity >= 0.80 { return .jaroWinkler80 }
        if similar(first) || similar(second) { return .swappedAddressLines }
        if StringSimilarity.jaccard(x.words, y.words) >= 0.5 { return .tokenOverlap }
        return .different
    }

    private static func suburb(_ x: NormalisedText?, _ y: NormalisedText?) -> ComparisonLevel {
        guard let x, let y else { return .missing }
        if x.text == y.text { return .exact }
        let similarity = StringSimilarity.jaroWinkler(x.compact, y.compact)
        if similarity >= jaroWinkler92 { return .jaroWinkler92 }
        if similarity >= 0.80 { return .jaroWinkler80 }
        return .different
    }

    private static func identifiers(
        _ x: [UInt64], _ y: [UInt64], near nearX: [UInt64], _ nearY: [UInt64], nearLevel: ComparisonLevel
    ) -> ComparisonLevel {
        if x.isEmpty || y.isEmpty { return .missing }
        if StringSimilarity.sortedIntersectionCount(x, y) > 0 { return .exact }
        if StringSimilarity.sortedIntersectionCount(nearX, nearY) > 0 { return nearLevel }
        return .different
    }

    private static func handles(_ a: PreparedRecord, _ b: PreparedRecord) -> ComparisonLevel {
        if a.handles.isEmpty || b.handles.isEmpty { return .missing }
        if StringSimilarity.sortedIntersectionCount(a.handleHashes, b.handleHashes) > 0 { return .exact }
        for x in a.handles {
            for y in b.handles where StringSimilarity.jaroWinkler(x, y) >= jaroWinkler92 { return .jaroWinkler92 }
        }
        return .different
    }

    /// How well one side's handles spell the other side's name; `missing` when this direction has
    /// no handle or no name to compare.
    static func handleName(handles a: PreparedRecord, name b: PreparedRecord) -> ComparisonLevel {
        guard !a.handleLetters.isEmpty, let name = b.nameSpellings else { return .missing }
        var best = ComparisonLevel.different
        for handle in a.handleLetters {
            if name.full.contains(where: { contains(handle, $0) }) { return .handleSpellsFullName }
            if name.initialAndSurname.contains(where: { contains(handle, $0) }) {
                best = .handleSpellsInitialAndSurname
            } else if best == .different, let surname = name.surname, contains(handle, surname) {
                best = .handleContainsSurname
            }
        }
        return best
    }

    /// Whether `needle` occurs in `haystack` (both short: a naive scan is fastest).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            var offset = 1
            while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
            if offset == needle.count { return true }
        }
        return false
    }

    /// The stronger of two levels of the same field (`missing` is the weakest).
    private static func max(_ x: ComparisonLevel, _ y: ComparisonLevel) -> ComparisonLevel {
        if x == .missing { return y }
        if y == .missing { return x }
        return ComparisonVector.index(of: x, in: .handleName) <= ComparisonVector.index(of: y, in: .handleName) ? x : y
    }
}
