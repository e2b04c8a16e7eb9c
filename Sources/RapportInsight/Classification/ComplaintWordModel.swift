/// A learned second opinion on "is this message a complaint?": logistic regression over the
/// message's words and adjacent word pairs plus the rules' own evidence (complaint, question and
/// praise scores, and the kind the rules chose), and the ``Features`` groups the weights were fitted
/// with (the shipped weights: stems and negation, so "not bad" does not count `bad`).
///
/// The rules know failure words; they miss complaints stated as plain facts ("I opened a pack of
/// pennies and there was a battery in it", "it's been 10 days.. no info") and over-read some
/// questions. The weights (``ComplaintWordWeights``) were fitted by
/// ``ComplaintModelTraining`` on the hand-labelled tuning splits plus weakly labelled tweets and
/// banking77 messages labelled by their intent (see `benchmarks/classification/RESULTS.md`, which
/// says how to regenerate them). At run time the
/// model costs one table probe per word and per word pair of the already scanned message (and per
/// stem or skip pair when fitted with those).
///
/// The classifier calls a message a complaint when the model's score reaches ``threshold`` and shows
/// the words that pushed it as a cue. It never takes back a rule complaint: on the tuning splits
/// that lost more complaints than it saved.
struct ComplaintWordModel: Sendable {
    /// Feature groups beyond words and adjacent pairs; the weights file says which it was fitted with.
    struct Features: OptionSet, Sendable {
        let rawValue: Int
        /// The first five letters of a longer word, as `charg~` ("charged", "charging", "charges").
        static let stems = Features(rawValue: 1 << 0)
        /// Words one word apart, as `first++second` ("not+working" and "not+even+working" share "not++working").
        static let skipPairs = Features(rawValue: 1 << 1)
        /// The message's length in words, as `<words:1-3>`, `<words:4-7>`, `<words:8-15>` or `<words:16+>`.
        static let length = Features(rawValue: 1 << 2)
        /// The rules' sentiment as two more rule features, its positive and its negative part
        /// ("not bad" reads positive, so its words need more to make a complaint).
        static let sentiment = Features(rawValue: 1 << 3)
        /// The (up to three) words after a negator in the same clause count as negated words, as
        /// `!word`, in place of the word itself ("not bad" has `not` and `!bad`, not `bad`); not in
        /// a clause after "if" or "unless", which the rules read as a condition.
        static let negation = Features(rawValue: 1 << 4)
    }

    private let keys: [UInt64]
    private let values: [Float]
    private let mask: Int
    let bias: Float
    /// Weights of the rule features, in ``ruleFeatures(_:kind:)`` order.
    let ruleWeights: [Float]
    /// Score (log-odds) at or above which a message is a complaint.
    let threshold: Float
    let features: Features
    /// How many word and word-pair weights the table holds.
    var count: Int { entries }
    private let entries: Int

    /// The model built from ``ComplaintWordWeights`` (once per process, then shared).
    static let standard = ComplaintWordModel(
        table: ComplaintWordWeights.words, bias: ComplaintWordWeights.bias, ruleWeights: ComplaintWordWeights.rules,
        threshold: ComplaintWordWeights.threshold, features: Features(rawValue: ComplaintWordWeights.features))

    /// The hash a number token stands for ("<num>"), so that "2 hours" and "10 days" share features.
    static let numberHash: UInt64 = Array("<num>".utf8).withUnsafeBufferPointer { WordTable.hash($0) }

    /// The key of an adjacent word pair.
    @inline(__always) static func pairHash(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var h = (a &* 0x9E37_79B9_7F4A_7C15) ^ b
        h = (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h == 0 ? 1 : h
    }

    /// The key of a pair of words one word apart.
    @inline(__always) static func skipPairHash(_ a: UInt64, _ b: UInt64) -> UInt64 {
        pairHash(a ^ 0x5851_F42D_4C95_7F2D, b)
    }

    /// The key of a word read under negation.
    @inline(__always) static func negatedHash(_ word: UInt64) -> UInt64 {
        pairHash(word ^ 0x2545_F491_4F6C_DD1D, 0x6E6F_74)
    }

    /// How many words after a negator count as negated.
    static let negationScope = 3

    /// The names and keys of the length features, shortest first.
    static let lengthNames = ["<words:1-3>", "<words:4-7>", "<words:8-15>", "<words:16+>"]
    static let lengthHashes: [UInt64] = lengthNames.map {
        Array($0.utf8).withUnsafeBufferPointer { WordTable.hash($0) }
    }

    /// The key of a table entry: `word`, `!word`, `stem~`, `<words:…>`, `first+second` or `first++second`.
    static func key(_ name: Substring) -> UInt64 {
        if name.count > 1 && name.first == "!" && !name.contains("+") {
            return negatedHash(key(name.dropFirst()))
        }
        let parts = name.split(separator: "+", omittingEmptySubsequences: false)
        func hash(_ s: Substring) -> UInt64 { Array(s.utf8).withUnsafeBufferPointer { WordTable.hash($0) } }
        let first = hash(parts[0])
        if parts.count == 3 && parts[1].isEmpty { return skipPairHash(first, hash(parts[2])) }
        return parts.count == 2 ? pairHash(first, hash(parts[1])) : (first == 0 ? 1 : first)
    }

    /// How many letters a stem keeps; only longer words have one (``MessageToken/stem``).
    static let stemLength = MessageScanner.stemLength

    /// Builds the model from `word:weight` / `first+second:weight` entries separated by white space.
    init(table: String, bias: Float, ruleWeights: [Float], threshold: Float, features: Features = []) {
        var pairs: [(UInt64, Float)] = []
        for item in table.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            guard let colon = item.lastIndex(of: ":"), let weight = Float(item[item.index(after: colon)...]) else { continue }
            pairs.append((Self.key(item[..<colon]), weight))
        }
        self.init(weights: pairs, bias: bias, ruleWeights: ruleWeights, threshold: threshold, features: features)
    }

    /// Builds the model from keys (``key(_:)``) and weights.
    init(weights: [(UInt64, Float)], bias: Float, ruleWeights: [Float], threshold: Float, features: Features = []) {
        var capacity = 16
        while capacity < weights.count * 2 { capacity *= 2 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var values = [Float](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (key, weight) in weights {
            var slot = Int(truncatingIfNeeded: key) & mask
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] += weight
        }
        self.keys = keys
        self.values = values
        self.mask = mask
        self.entries = weights.count
        self.bias = bias
        self.ruleWeights = ruleWeights
        self.threshold = threshold
        self.features = features
    }

    @inline(__always) func weight(_ key: UInt64) -> Float {
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let k = keys[slot]
            if k == key { return values[slot] }
            if k == 0 { return 0 }
            slot = (slot + 1) & mask
        }
    }

    /// The rule features: complaint, question and praise evidence (each capped at 2) and the kind
    /// the rules chose (complaint, question, compliment; comment is the baseline); with
    /// ``Features/sentiment``, then the positive and the negative part of the sentiment (each 0 … 1).
    static func ruleFeatures(_ evidence: MessageEvidence, kind: InteractionKind, features: Features = []) -> [Float] {
        var values: [Float] = [
            min(2, max(0, evidence.problem)), min(2, evidence.ask), min(2, evidence.praise),
            kind == .complaint ? 1 : 0, kind == .question ? 1 : 0, kind == .compliment ? 1 : 0,
        ]
        if features.contains(.sentiment) {
            let sentiment = Float(evidence.sentiment)
            values += [max(0, sentiment), max(0, -sentiment)]
        }
        return values
    }

    /// Calls `body` with the key and token range of every word and adjacent word pair (numbers
    /// count as "<num>"; punctuation and emoji break pairs), and of the ``Features`` in `features`
    /// (a length feature has the range 0...0).
    @inline(__always) static func forEachFeature(
        _ tokens: UnsafeMutableBufferPointer<MessageToken>, count: Int, features: Features,
        _ body: (UInt64, Int, Int) -> Void
    ) {
        var previous: UInt64 = 0
        var beforePrevious: UInt64 = 0
        var words = 0
        var negatedWords = 0
        var conditionalClause = false
        let lexicon = features.contains(.negation) ? ClassifierLexicon.standard.entries : []
        for k in 0..<count {
            let t = tokens[k]
            let h: UInt64
            var unigram: UInt64
            switch t.kind {
            case .word:
                h = t.hash == 0 ? 1 : t.hash
                unigram = h
                if !lexicon.isEmpty {
                    if negatedWords > 0 {
                        negatedWords -= 1
                        unigram = negatedHash(h)
                    }
                    if t.value >= 0 {
                        let roles = lexicon[Int(t.value)].roles
                        // "if that doesn't work" states a condition, as the rules read it.
                        if roles.contains(.conditional) { conditionalClause = true }
                        // As the rules read it: "no it's still broken" answers, it does not negate.
                        if roles.contains(.negator) && !conditionalClause
                            && !(previous == 0 && ClassifierLexicon.standard.answers(at: k, tokens, count: count))
                        {
                            negatedWords = negationScope
                        }
                    }
                }
                if t.stem != 0 && features.contains(.stems) { body(t.stem, k, k) }
            case .number:
                h = numberHash
                unigram = h
            default:
                previous = 0
                beforePrevious = 0
                negatedWords = 0
                conditionalClause = false
                continue
            }
            words += 1
            body(unigram, k, k)
            if previous != 0 { body(pairHash(previous, h), k - 1, k) }
            if beforePrevious != 0 && features.contains(.skipPairs) { body(skipPairHash(beforePrevious, h), k - 2, k) }
            beforePrevious = previous
            previous = h
        }
        if features.contains(.length) && count > 0 {
            body(lengthHashes[words <= 3 ? 0 : words <= 7 ? 1 : words <= 15 ? 2 : 3], 0, 0)
        }
    }

    /// The score (log-odds of a complaint) of a scanned message.
    func score(
        _ tokens: UnsafeMutableBufferPointer<MessageToken>, count: Int, evidence: MessageEvidence,
        kind: InteractionKind
    ) -> Float {
        var s = bias
        let p = min(2, max(0, evidence.problem))
        let a = min(2, evidence.ask)
        let c = min(2, evidence.praise)
        s += ruleWeights[0] * p + ruleWeights[1] * a + ruleWeights[2] * c
        switch kind {
        case .complaint: s += ruleWeights[3]
        case .question: s += ruleWeights[4]
        case .compliment: s += ruleWeights[5]
        case .comment: break
        }
        if features.contains(.sentiment) && ruleWeights.count >= 8 {
            let sentiment = Float(evidence.sentiment)
            s += ruleWeights[6] * max(0, sentiment) + ruleWeights[7] * max(0, -sentiment)
        }
        Self.forEachFeature(tokens, count: count, features: features) { key, _, _ in s += weight(key) }
        return s
    }

    /// The words (or word pairs) that pushed the score most towards a complaint, at most `limit`,
    /// as byte ranges of the message.
    func strongestWords(
        _ tokens: UnsafeMutableBufferPointer<MessageToken>, count: Int, limit: Int = 3
    ) -> [(weight: Float, from: Int32, to: Int32)] {
        var found: [(weight: Float, from: Int32, to: Int32)] = []
        Self.forEachFeature(tokens, count: count, features: features.subtracting(.length)) { key, first, last in
            let w = weight(key)
            guard w > 0.05 else { return }
            found.append((w, tokens[first].start, tokens[last].end))
        }
        found.sort { $0.weight > $1.weight }
        // A pair and one of its words often both fire: keep the stronger, skip overlapping ranges.
        var kept: [(weight: Float, from: Int32, to: Int32)] = []
        for f in found where !kept.contains(where: { $0.from < f.to && f.from < $0.to }) {
            kept.append(f)
            if kept.count == limit { break }
        }
        return kept
    }
}
