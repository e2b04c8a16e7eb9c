/// Candidate generation without a database: the same ``BlockingRule``s the store runs in SQL, so
/// evaluation and tests need no PostgreSQL and the two implementations can be compared.
public enum Blocking {
    /// Every pair of profiles that at least one rule selects, each pair once, ordered by
    /// (left, right). In `.link` mode only pairs across the two sets are kept.
    public static func candidates(
        records: [Int64: PersonRecord], rules: [BlockingRule] = BlockingRule.defaultRules, mode: LinkageMode = .deduplicate
    ) -> [CandidatePair] {
        let sorted = records.values.sorted { $0.profileID < $1.profileID }
        var isLeft = Array(repeating: false, count: sorted.count)
        if case .link(let left) = mode {
            for (index, record) in sorted.enumerated() { isLeft[index] = left.contains(record.profileID) }
        }
        let linking = mode != .deduplicate
        var pairs = Set<UInt64>()
        for rule in rules {
            switch rule.condition {
            case .equal(let keys):
                let values = sorted.map { compositeKeys(keys, of: $0) }
                addPairs(sharingKeys: values, values, isLeft: isLeft, linking: linking, into: &pairs)
            case .handleSpellsName:
                let handles = sorted.map(handleLetterKeys)
                let names = sorted.map(nameLetterKeys)
                addPairs(sharingKeys: handles, names, isLeft: isLeft, linking: linking, into: &pairs)
            case .nameTrigramSimilarity(let minimum):
                let trigrams = sorted.map { PhoneticKeys.trigrams(blockingName(of: $0) ?? "") }
                addPairs(trigrams: trigrams, minimum: minimum, isLeft: isLeft, linking: linking, into: &pairs)
            }
        }
        return pairs.sorted().map { CandidatePair(left: sorted[Int($0 >> 32)].profileID, right: sorted[Int($0 & 0xFFFF_FFFF)].profileID) }
    }

    /// The values of `key` for a record, as ``BlockingKey/sqlExpression(_:)`` computes them.
    public static func values(of key: BlockingKey, in record: PersonRecord) -> [String] {
        func text(_ value: String?) -> String? {
            guard let value else { return nil }
            let normalised = value.trimmingWhitespace().lowercased()
            return normalised.isEmpty ? nil : normalised
        }
        let single: String?
        switch key {
        case .surnameSoundex: single = record.surname.flatMap { PhoneticKeys.soundex($0.trimmingWhitespace()) }
        case .givenNamePrefix: single = text(record.givenName).map { String($0.prefix(3)) }
        case .postcode: single = text(record.postcode)
        case .suburb: single = text(record.suburb)
        case .dateOfBirth: single = text(record.dateOfBirth)
        case .socialSecurityID: single = text(record.socialSecurityID)
        case .streetNumber: single = text(record.streetNumber)
        case .addressPrefix: single = text(record.address1).map { String($0.prefix(4)) }
        case .nameSoundexPair: single = nameSoundexPair(record)
        case .email: return Array(Set(record.emails.compactMap(text))).sorted()
        case .phone: return Array(Set(record.phones.compactMap(text))).sorted()
        case .handle:
            return Array(Set(record.handles.compactMap { handle in text(handle).map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 } })).sorted()
        }
        return single.map { [$0] } ?? []
    }

    /// The two names blocking keys are built from: given name and surname (trimmed) when the
    /// profile has either, else the first and last word of the full name when it has two or more.
    static func namePair(_ record: PersonRecord) -> (String, String)? {
        let given = record.givenName?.trimmingWhitespace() ?? ""
        let surname = record.surname?.trimmingWhitespace() ?? ""
        if !given.isEmpty || !surname.isEmpty { return (given, surname) }
        let words = (record.fullName ?? "").split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, let first = words.first, let last = words.last else { return nil }
        return (String(first), String(last))
    }

    private static func nameSoundexPair(_ record: PersonRecord) -> String? {
        guard let names = namePair(record), let x = PhoneticKeys.soundex(names.0), let y = PhoneticKeys.soundex(names.1) else {
            return nil
        }
        return x <= y ? "\(x) \(y)" : "\(y) \(x)"
    }

    /// The name the trigram rule compares: the display name, else given name and surname.
    public static func blockingName(of record: PersonRecord) -> String? {
        if let full = record.fullName?.trimmingWhitespace(), !full.isEmpty { return full }
        let parts = [record.givenName, record.surname].compactMap { $0?.trimmingWhitespace() }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    private static func compositeKeys(_ keys: [BlockingKey], of record: PersonRecord) -> [String] {
        var combinations = [""]
        for (position, key) in keys.enumerated() {
            let values = Blocking.values(of: key, in: record)
            if values.isEmpty { return [] }
            combinations = combinations.flatMap { prefix in values.map { position == 0 ? $0 : prefix + "\u{1F}" + $0 } }
        }
        return combinations
    }

    private static func letters(_ text: String) -> String {
        String(decoding: text.lowercased().utf8.filter(PhoneticKeys.isASCIILetter), as: UTF8.self)
    }

    private static func handleLetterKeys(_ record: PersonRecord) -> [String] {
        Array(Set(record.handles.map(letters).filter { $0.utf8.count >= 5 })).sorted()
    }

    private static func nameLetterKeys(_ record: PersonRecord) -> [String] {
        guard let names = namePair(record) else { return [] }
        let given = letters(names.0)
        let surname = letters(names.1)
        guard !given.isEmpty, !surname.isEmpty else { return [] }
        return Array(Set([given + surname, surname + given, String(given.prefix(1)) + surname].filter { $0.utf8.count >= 5 })).sorted()
    }

    /// Adds every allowed pair (i < j) where a key of `left[i]` equals a key of `right[j]` or a key
    /// of `left[j]` equals a key of `right[i]` (for symmetric rules `left` and `right` are the same).
    private static func addPairs(sharingKeys left: [[String]], _ right: [[String]], isLeft: [Bool], linking: Bool, into pairs: inout Set<UInt64>) {
        var index: [String: [Int]] = [:]
        for (record, keys) in right.enumerated() {
            for key in keys { index[key, default: []].append(record) }
        }
        for (record, keys) in left.enumerated() {
            for key in keys {
                for other in index[key] ?? [] where other != record && (!linking || isLeft[record] != isLeft[other]) {
                    pairs.insert(pack(record, other))
                }
            }
        }
    }

    /// Adds every allowed pair whose trigram similarity reaches `minimum`, through an inverted index
    /// (trigram → records) instead of comparing all pairs.
    private static func addPairs(trigrams: [[UInt32]], minimum: Double, isLeft: [Bool], linking: Bool, into pairs: inout Set<UInt64>) {
        var postings: [UInt32: [Int32]] = [:]
        for (record, set) in trigrams.enumerated() {
            for trigram in set { postings[trigram, default: []].append(Int32(record)) }
        }
        var shared = Array(repeating: Int32(0), count: trigrams.count)
        var touched: [Int] = []
        for (record, set) in trigrams.enumerated() where !set.isEmpty {
            for trigram in set {
                guard let list = postings[trigram] else { continue }
                // Postings are in record order: only look at later records, so each pair is counted once.
                var start = list.count
                var low = 0
                while low < start {
                    let middle = (low + start) / 2
                    if Int(list[middle]) > record { start = middle } else { low = middle + 1 }
                }
                for position in start..<list.count {
                    let other = Int(list[position])
                    if shared[other] == 0 { touched.append(other) }
                    shared[other] += 1
                }
            }
            for other in touched {
                let common = Double(shared[other])
                shared[other] = 0
                guard !linking || isLeft[record] != isLeft[other] else { continue }
                if common / (Double(set.count + trigrams[other].count) - common) >= minimum {
                    pairs.insert(pack(record, other))
                }
            }
            touched.removeAll(keepingCapacity: true)
        }
    }

    private static func pack(_ a: Int, _ b: Int) -> UInt64 {
        UInt64(min(a, b)) << 32 | UInt64(max(a, b))
    }
}
