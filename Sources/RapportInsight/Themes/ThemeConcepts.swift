/// Words that name one customer-service concept in different ways, folded to a single stem so that
/// complaints about the same problem share their terms whatever the wording: "my DM sits
/// unanswered", "no response to my DM" and "nobody has replied to my DMs" all become `not reply`
/// and `dm`.
///
/// The table is deliberately short: only concepts whose synonyms are frequent in complaints and
/// rarely mean anything else there. A fold that says `negates` stands for "no X" ("unanswered",
/// "silence", "ignored"): `not` is emitted before the concept, as for any negation. Keys are stems,
/// as ``LightStemmer`` leaves them.
enum ThemeConcepts {
    struct Fold: Sendable {
        /// The concept's stem: what ``LightStemmer`` makes of the concept's word, so the word
        /// itself ("twice" → `twic`) and its synonyms ("double") become one term.
        var stem: [UInt8]
        /// The concept's word, as a theme name shows it.
        var surface: [UInt8]
        /// True when the word means the concept's absence.
        var negates: Bool
    }

    /// Stem → (the concept's word, whether the word means its absence).
    static let folds: [String: (concept: String, negates: Bool)] = [
        // Answers (the concept a steward reads as "no reply").
        "answer": ("reply", false), "respons": ("reply", false), "respond": ("reply", false),
        "unanswer": ("reply", true), "silenc": ("reply", true), "ignor": ("reply", true),
        // Paying the same thing more than once.
        "doubl": ("twice", false), "duplicat": ("twice", false),
        // Private messages to the brand ("DMs" and "DM'd" already stem to `dm`). Not "message":
        // on real tweets "error message" is as common as "private message".
        "dmed": ("dm", false), "dming": ("dm", false), "inbox": ("dm", false),
    ]

    /// The folds, numbered by ``index`` (a stem's hash → its fold): this runs for every stem of
    /// every complaint, so it avoids `Dictionary`'s SipHash.
    private static let (index, byNumber): (TermIndex, [Fold]) = {
        var index = TermIndex(minimumCapacity: folds.count)
        var byNumber: [Fold] = []
        for (key, value) in folds {
            let (number, inserted) = index.insert(TermHash.hash(key))
            precondition(inserted && number == byNumber.count, "two concept folds share a term hash")
            byNumber.append(Fold(stem: stem(of: value.concept), surface: Array(value.concept.utf8), negates: value.negates))
        }
        return (index, byNumber)
    }()

    /// `word` as ``LightStemmer`` leaves it.
    static func stem(of word: String) -> [UInt8] {
        var bytes = Array(word.utf8)
        let count = bytes.withUnsafeMutableBufferPointer { LightStemmer.stem($0, count: $0.count) }
        return Array(bytes[..<count])
    }

    /// The fold of `stem`, if it names a concept.
    static func fold(_ stem: UnsafeBufferPointer<UInt8>) -> Fold? {
        index.find(TermHash.hash(stem)).map { byNumber[$0] }
    }
}
