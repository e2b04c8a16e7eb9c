/// What a brand's reply says about the customer message it answers: evidence per kind, and cues.
struct ReplyEvidence {
    /// Complaint evidence from the reply (apology, acknowledged fault, troubleshooting, details), 0 … 1.
    var problem: Float = 0
    /// The part of ``problem`` from groups where the brand owns a problem (apology, sympathy, fault).
    var acknowledged: Float = 0
    /// Compliment evidence (thanks for kind words, "you're welcome"), 0 … 1.
    var praise: Float = 0
    /// Question evidence (a plain answer), 0 … 1.
    var answer: Float = 0
    /// One cue per matched group (its longest phrase): its kind, weight and text (`context: brand apologised "sorry to hear"`).
    var cues: [(target: InteractionKind, weight: Float, text: String)] = []

    var isEmpty: Bool { cues.isEmpty }
}

/// Reads a brand's reply with the phrase lists of ``BrandReplyGroup``: one pass over its UTF-8 bytes,
/// words lower-cased into a scratch buffer and looked up in a ``WordTable``, phrases matched
/// longest-first through a packed key of up to five word indices. Matches may overlap (the longest
/// phrase of a group becomes its cue), except neutral phrases, which mask the words they cover. Mentions and URLs are skipped;
/// the typographic apostrophe reads as `'`.
struct BrandReplyCues: Sendable {
    private let table: WordTable
    /// For each word index, the longest phrase that starts with it (0: none).
    private let longestFrom: [UInt8]
    /// Packed word indices of every phrase and every proper prefix of one → the phrase's index in
    /// ``phraseTexts``, or -1 for a prefix that is not itself a phrase.
    private let phraseIndex: [UInt64: Int32]
    private let phraseGroups: [Int32]
    private let phraseTexts: [String]
    private let groups: [BrandReplyGroup]

    static let maxPhraseWords = 5
    static let maxWordLength = 24

    /// Built once per process from ``BrandReplyGroup/all``.
    static let standard = BrandReplyCues(groups: BrandReplyGroup.all)

    init(groups: [BrandReplyGroup]) {
        var words: [String] = []
        var wordIndex: [String: Int] = [:]
        var phrases: [(words: [Int], group: Int, text: String)] = []
        for (g, group) in groups.enumerated() {
            for line in group.phrases.split(separator: "\n") {
                let parts = Self.words(in: String(line))
                guard !parts.isEmpty, parts.count <= Self.maxPhraseWords else { continue }
                let ids = parts.map { word -> Int in
                    if let i = wordIndex[word] { return i }
                    wordIndex[word] = words.count
                    words.append(word)
                    return words.count - 1
                }
                phrases.append((ids, g, parts.joined(separator: " ")))
            }
        }
        var longest = [UInt8](repeating: 0, count: words.count)
        var index: [UInt64: Int32] = [:]
        var groupOf: [Int32] = []
        var texts: [String] = []
        for phrase in phrases {
            let key = Self.key(phrase.words)
            if let existing = index[key], existing >= 0 { continue }  // the first group to list a phrase keeps it
            index[key] = Int32(texts.count)
            for n in 1..<phrase.words.count where index[Self.key(Array(phrase.words.prefix(n)))] == nil {
                index[Self.key(Array(phrase.words.prefix(n)))] = -1
            }
            groupOf.append(Int32(phrase.group))
            texts.append(phrase.text)
            longest[phrase.words[0]] = max(longest[phrase.words[0]], UInt8(phrase.words.count))
        }
        table = WordTable(words: words)
        longestFrom = longest
        phraseIndex = index
        phraseGroups = groupOf
        phraseTexts = texts
        self.groups = groups
    }

    /// Packs up to five word indices (12 bits each, stored +1 so that 0 means "no word").
    private static func key(_ ids: [Int]) -> UInt64 {
        var key: UInt64 = 0
        for id in ids { key = key << 12 | UInt64(id + 1) }
        return key
    }

    /// Words of a phrase list entry, split the way ``scan(_:)`` splits a reply.
    private static func words(in phrase: String) -> [String] {
        phrase.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "'") }).map(String.init)
    }

    /// The evidence in `reply`.
    func evidence(in reply: String) -> ReplyEvidence {
        var reply = reply
        return reply.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: bytes.count / 2 + 2) { ids in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maxWordLength) { word in
                    let count = wordIndices(bytes, into: ids, scratch: word)
                    return match(ids, count: count)
                }
            }
        }
    }

    /// Writes the table index of each word of `bytes` (-1 for unknown words) and returns how many.
    private func wordIndices(
        _ bytes: UnsafeBufferPointer<UInt8>, into ids: UnsafeMutableBufferPointer<Int32>, scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var count = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            // Mentions and URLs: skip to the next space.
            if b == 0x40 || (b == 0x68 && i + 4 < n && bytes[i + 1] == 0x74 && bytes[i + 2] == 0x74 && bytes[i + 3] == 0x70) {
                while i < n && bytes[i] != 0x20 && bytes[i] != 0x0A { i += 1 }
                continue
            }
            guard Self.isWordByte(b) else {
                i += 1
                continue
            }
            var length = 0
            var hash = WordTable.hashSeed
            while i < n {
                var c = bytes[i]
                if c == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x99 {  // ’
                    c = 0x27
                    i += 2
                } else if !Self.isWordByte(c) {
                    break
                }
                if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                if length < Self.maxWordLength { scratch[length] = c }
                length += 1
                hash = WordTable.hash(hash, c)
                i += 1
            }
            guard count < ids.count else { break }
            ids[count] =
                length <= Self.maxWordLength
                ? table.index(of: UnsafeBufferPointer(rebasing: scratch[0..<length]), hash: hash) : -1
            count += 1
        }
        return count
    }

    @inline(__always) private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x27
    }

    private func match(_ ids: UnsafeMutableBufferPointer<Int32>, count: Int) -> ReplyEvidence {
        // Strongest phrase per group (a handful of groups: a small fixed array, no allocation).
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: groups.count) { best in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: groups.count) { bestLength in
                best.initialize(repeating: -1)
                bestLength.initialize(repeating: 0)
                return match(ids, count: count, best: best, bestLength: bestLength)
            }
        }
    }

    private func match(
        _ ids: UnsafeMutableBufferPointer<Int32>, count: Int, best: UnsafeMutableBufferPointer<Int32>,
        bestLength: UnsafeMutableBufferPointer<Int>
    ) -> ReplyEvidence {
        var i = 0
        while i < count {
            let first = ids[i]
            guard first >= 0, longestFrom[Int(first)] > 0 else {
                i += 1
                continue
            }
            // Extend word by word while the words so far start some phrase; keep the longest phrase.
            var key: UInt64 = 0
            var found: Int32 = -1
            var length = 0
            var k = i
            while k < count && k - i < Int(longestFrom[Int(first)]) {
                let id = ids[k]
                guard id >= 0 else { break }
                key = key << 12 | UInt64(id + 1)
                guard let node = phraseIndex[key] else { break }
                k += 1
                if node >= 0 {
                    found = node
                    length = k - i
                }
            }
            guard found >= 0 else {
                i += 1
                continue
            }
            let g = Int(phraseGroups[Int(found)])
            if best[g] < 0 || bestLength[g] < length {
                best[g] = found
                bestLength[g] = length
            }
            // Matches may overlap ("so sorry to hear" holds "so sorry" and "sorry to hear"), except
            // a neutral phrase, which masks its words.
            i += groups[g].weight > 0 ? 1 : length
        }
        var evidence = ReplyEvidence()
        for (g, p) in best.enumerated() where p >= 0 {
            let group = groups[g]
            guard group.weight > 0 else { continue }
            switch group.target {
            case .complaint:
                evidence.problem += group.weight
                if group.acknowledges { evidence.acknowledged += group.weight }
            case .compliment: evidence.praise += group.weight
            case .question: evidence.answer += group.weight
            case .comment: continue
            }
            evidence.cues.append((group.target, group.weight, "context: \(group.label) \"\(phraseTexts[Int(p)])\""))
        }
        evidence.problem = min(1, evidence.problem)
        evidence.praise = min(1, evidence.praise)
        evidence.answer = min(1, evidence.answer)
        return evidence
    }
}
