/// What the classifier knows about one word.
struct LexiconEntry: Sendable {
    /// Sentiment valence, -4 … +4; 0 for words that carry none.
    var valence: Float = 0
    /// Complaint evidence when the word is present and not negated, 0 … 1.
    var problem: Float = 0
    /// Multiplier applied to the next valence word (intensifiers > 1, dampeners < 1); 1 for none.
    var multiplier: Float = 1
    var roles: WordRoles = []
}

/// The grammatical and customer-service roles a word can play in the classifier's rules.
struct WordRoles: OptionSet, Sendable {
    let rawValue: UInt64

    static let negator = WordRoles(rawValue: 1 << 0)
    static let inability = WordRoles(rawValue: 1 << 1)
    static let functionVerb = WordRoles(rawValue: 1 << 2)
    static let expectedThing = WordRoles(rawValue: 1 << 3)
    static let contrast = WordRoles(rawValue: 1 << 4)
    static let questionWord = WordRoles(rawValue: 1 << 5)
    static let auxiliary = WordRoles(rawValue: 1 << 6)
    static let thanks = WordRoles(rawValue: 1 << 7)
    static let secondPerson = WordRoles(rawValue: 1 << 8)
    static let sarcasmOpener = WordRoles(rawValue: 1 << 9)
    static let sarcasmMarker = WordRoles(rawValue: 1 << 10)
    static let request = WordRoles(rawValue: 1 << 11)
    static let recurrence = WordRoles(rawValue: 1 << 12)
    static let resolution = WordRoles(rawValue: 1 << 13)
    static let filler = WordRoles(rawValue: 1 << 14)
    static let why = WordRoles(rawValue: 1 << 15)
    static let still = WordRoles(rawValue: 1 << 16)
    static let another = WordRoles(rawValue: 1 << 17)
    static let love = WordRoles(rawValue: 1 << 18)
    static let preposition = WordRoles(rawValue: 1 << 19)
    /// Words after an inability negator that do not make it a failure ("can't wait", "can't thank").
    static let inabilityException = WordRoles(rawValue: 1 << 20)
    /// Words skipped between an inability negator and its verb ("can't even get", "unable to").
    static let inabilityBridge = WordRoles(rawValue: 1 << 21)
    /// Words that name a problem without saying how bad it is; "fixed" cancels them.
    static let problemNoun = WordRoles(rawValue: 1 << 22)
    /// "nobody", "noone": nobody answered, nobody helped.
    static let nobody = WordRoles(rawValue: 1 << 23)
    /// "out", "down" after something expected: "internet out", "service down".
    static let outage = WordRoles(rawValue: 1 << 24)
    /// Words before "fixed" that make it a wish, not a fact: "get it fixed", "to be fixed".
    static let intent = WordRoles(rawValue: 1 << 25)
    /// Services that can be "out" or "down".
    static let utility = WordRoles(rawValue: 1 << 26)
    /// "if", "unless": a negation after them is a condition, not a report.
    static let conditional = WordRoles(rawValue: 1 << 27)
    /// "my": after "why", the customer's own thing is failing.
    static let possessive = WordRoles(rawValue: 1 << 28)
    /// Verbs of putting something right: "thanks for fixing it" thanks, it is not sarcasm.
    static let repair = WordRoles(rawValue: 1 << 29)
    /// "though": closing a message after thanks ("thanks though") it means "thanks anyway".
    static let afterthought = WordRoles(rawValue: 1 << 30)
    /// "no" as an answer rather than a negator when a subject follows: "no it's still broken".
    static let answer = WordRoles(rawValue: 1 << 31)
    /// Subjects that start a clause after an answering "no" ("it", "I", "that", ...).
    static let subject = WordRoles(rawValue: 1 << 32)
}

/// The classifier's vocabulary: every word it gives meaning to, its entry, and the cue phrases,
/// indexed for lookup by bytes. Built once (``standard``) and shared read-only.
struct ClassifierLexicon: Sendable {
    let table: WordTable
    let entries: [LexiconEntry]
    let phrases: [CuePhrase]
    /// Packed word indices of a phrase's words → index into ``phrases``.
    let phraseIndex: [UInt64: Int32]

    /// The lexicon built from ``LexiconWords`` and ``CuePhrase/table``.
    static let standard = ClassifierLexicon()

    private init() {
        var byWord: [String: LexiconEntry] = [:]
        func words(_ list: String) -> [Substring] { list.split(whereSeparator: { $0 == " " || $0 == "\n" }) }
        func pairs(_ list: String) -> [(String, Float)] {
            words(list).compactMap { item in
                let parts = item.split(separator: ":")
                guard parts.count == 2, let value = Float(parts[1]) else { return nil }
                return (String(parts[0]), value)
            }
        }
        func add(_ list: String, _ role: WordRoles) {
            for w in words(list) { byWord[String(w), default: LexiconEntry()].roles.insert(role) }
        }
        for (w, v) in pairs(LexiconWords.valences) { byWord[w, default: LexiconEntry()].valence = v }
        for (w, v) in pairs(LexiconWords.problemWords) { byWord[w, default: LexiconEntry()].problem = v }
        for (w, v) in pairs(LexiconWords.multipliers) { byWord[w, default: LexiconEntry()].multiplier = v }
        add(LexiconWords.negators, .negator)
        add(LexiconWords.inability, .inability)
        add(LexiconWords.functionVerbs, .functionVerb)
        add(LexiconWords.expectedThings, .expectedThing)
        add(LexiconWords.contrasts, .contrast)
        add(LexiconWords.questionWords, .questionWord)
        add(LexiconWords.auxiliaries, .auxiliary)
        add(LexiconWords.thanks, .thanks)
        add(LexiconWords.secondPerson, .secondPerson)
        add(LexiconWords.sarcasmOpeners, .sarcasmOpener)
        add(LexiconWords.sarcasmMarkers, .sarcasmMarker)
        add(LexiconWords.requests, .request)
        add(LexiconWords.recurrence, .recurrence)
        add(LexiconWords.resolutions, .resolution)
        add(LexiconWords.fillers, .filler)
        add("why whys", .why)
        add("still", .still)
        add("another", .another)
        add("love", .love)
        add("for with of about without", .preposition)
        add("wait thank believe complain stop", .inabilityException)
        add("to even seem really just be it me you", .inabilityBridge)
        add("nobody noone", .nobody)
        add("out down", .outage)
        add(LexiconWords.utilities, .utility)
        add("if unless", .conditional)
        add("my", .possessive)
        add("fix fixing fixed sort sorting sorted solve solving solved resolve resolving resolved", .repair)
        add("though", .afterthought)
        add("no nope nah", .answer)
        add("it its it's i i'm im i've ive that this he she they we", .subject)
        add("get be to been", .intent)
        add("problem problems issue issues error errors", .problemNoun)
        for w in words(LexiconWords.sarcasmMarkers) { byWord[String(w), default: LexiconEntry()].problem = 1 }

        let phrases = CuePhrase.parseTable()
        for phrase in phrases {
            for w in phrase.words where byWord[w] == nil { byWord[w] = LexiconEntry() }
        }
        let vocabulary = byWord.keys.sorted()
        let table = WordTable(words: vocabulary)
        var index: [UInt64: Int32] = [:]
        for (n, phrase) in phrases.enumerated() {
            let ids = phrase.words.map { w in Array(w.utf8).withUnsafeBufferPointer { table.index(of: $0) } }
            let key = ids.count == 3 ? Self.phraseKey(ids[0], ids[1], ids[2]) : Self.phraseKey(ids[0], ids[1], -1)
            index[key] = Int32(n)
        }
        self.table = table
        self.entries = vocabulary.map { byWord[$0] ?? LexiconEntry() }
        self.phrases = phrases
        self.phraseIndex = index
    }

    /// Whether the word at `i` is an answering "no" rather than a negator: a subject follows it
    /// ("no it's still broken", "no it works fine"). The rules and the word model read it alike.
    func answers(at i: Int, _ tokens: UnsafeMutableBufferPointer<MessageToken>, count: Int) -> Bool {
        func roles(_ k: Int) -> WordRoles? {
            k < count && tokens[k].kind == .word && tokens[k].value >= 0 ? entries[Int(tokens[k].value)].roles : nil
        }
        return roles(i)?.contains(.answer) == true && roles(i + 1)?.contains(.subject) == true
    }

    /// Packs two or three word indices (the third -1 for a two-word phrase) into one key.
    static func phraseKey(_ a: Int32, _ b: Int32, _ c: Int32) -> UInt64 {
        (UInt64(UInt32(a)) << 42) | (UInt64(UInt32(b)) << 21) | UInt64(UInt32(c + 1))
    }
}
