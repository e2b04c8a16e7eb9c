/// One left-to-right pass of the word rules over a scanned message, with the little state they need
/// (the last negator, intensifier, "still", "keep", "why", thanks and contrast positions).
struct RulePass {
    let lexicon: ClassifierLexicon
    let tokens: UnsafeMutableBufferPointer<MessageToken>
    let count: Int

    /// Negation and intensifiers reach this many tokens ahead, within a clause.
    static let negationReach = 3

    private var lastNegator = -100
    private var pendingInability = -1
    private var lastMultiplier = -100
    private var multiplier: Float = 1
    private var still = -100
    private var stillUsed = false
    private var nobodyUsed = false
    private var clauseIsConditional = false
    private var keep = -100
    private var clauseFirstWord = true
    private var sentenceIsQuestion = false
    private var sentenceIsWhy = false
    private var whyUsed = false
    private var questionMarkUsed = false
    private var openerUsed = false
    private var requestUsed = false
    private var exasperationUsed = false
    private var firstContrast = -1
    private var thanksAt = -1
    private var thanksIsThanks = false
    private var contrastAfterThanks = -1
    private var praiseAfterContrast: Float = 0
    private var exclamations = 0
    private var capsWords = 0
    private var mostlyCaps = false
    private var candidates: [SarcasmCandidate] = []

    init(lexicon: ClassifierLexicon, tokens: UnsafeMutableBufferPointer<MessageToken>, count: Int) {
        self.lexicon = lexicon
        self.tokens = tokens
        self.count = count
    }

    private func entry(_ i: Int) -> LexiconEntry? {
        let t = tokens[i]
        return t.kind == .word && t.value >= 0 ? lexicon.entries[Int(t.value)] : nil
    }

    mutating func run(into evidence: inout MessageEvidence) {
        var words = 0
        for i in 0..<count where tokens[i].kind == .word {
            words += 1
            if tokens[i].flags.contains(.allCaps) && tokens[i].value >= 0 { capsWords += 1 }
            if firstContrast < 0, let e = entry(i), e.roles.contains(.contrast), !tokens[i].flags.contains(.consumed) {
                firstContrast = i
            }
        }
        mostlyCaps = words >= 3 && capsWords * 2 > words
        var sentenceStart = true
        for i in 0..<count {
            if sentenceStart {
                sentenceStart = false
                startSentence(at: i)
            }
            let t = tokens[i]
            switch t.kind {
            case .stop, .question, .exclamation, .comma:
                endClause()
                if t.kind == .question && !questionMarkUsed {
                    questionMarkUsed = true
                    evidence.add(.question, .questionMark, 1.0, t, t)
                }
                if !exasperationUsed && (t.kind == .question || t.kind == .exclamation) && (t.flags.contains(.mixed) || t.count >= 3) {
                    exasperationUsed = true
                    evidence.add(.complaint, .exasperation, 0.5, t, t)
                }
                if t.kind == .exclamation { exclamations += Int(t.count) }
                if t.endsSentence { sentenceStart = true }
            case .emoji, .emoticon:
                let cue = t.kind == .emoji ? EmojiCue.forScalar(UInt32(t.value)) : EmojiCue.Emoticon(rawValue: UInt8(t.value))?.cue
                guard let cue else { break }
                let scale: Float = t.flags.contains(.repeated) ? 1.3 : 1
                let rule: CueRule = t.kind == .emoji ? .emoji : .emoticon
                evidence.valence += cue.valence * scale
                if cue.problem > 0 { evidence.add(.complaint, rule, cue.problem * scale, t, t, value: t.value) }
                if cue.praise > 0 { evidence.add(.compliment, rule, cue.praise * scale, t, t, value: t.value) }
            case .number:
                clauseFirstWord = false
            case .word:
                word(at: i, into: &evidence)
            }
        }
        finish(into: &evidence)
    }

    private mutating func startSentence(at i: Int) {
        sentenceIsWhy = false
        whyUsed = false
        var j = i
        while j < count && !tokens[j].endsSentence { j += 1 }
        sentenceIsQuestion = j < count && tokens[j].kind == .question
    }

    private mutating func endClause() {
        clauseIsConditional = false
        lastNegator = -100
        pendingInability = -1
        lastMultiplier = -100
        clauseFirstWord = true
    }

    private mutating func word(at i: Int, into evidence: inout MessageEvidence) {
        let t = tokens[i]
        guard let e = entry(i) else {
            clauseFirstWord = false
            resolveInability(at: i, roles: [], into: &evidence)
            return
        }
        let roles = e.roles
        if t.flags.contains(.consumed) {
            clauseFirstWord = false
            if roles.contains(.thanks) && thanksAt < 0 {
                thanksAt = i
                thanksIsThanks = true
            }
            return
        }
        if clauseFirstWord && roles.contains(.filler) { return }
        let atClauseStart = clauseFirstWord
        clauseFirstWord = false
        resolveInability(at: i, roles: roles, into: &evidence)

        if roles.contains(.why) && atClauseStart {
            sentenceIsWhy = true
            if sentenceIsQuestion { evidence.add(.complaint, .whyQuestion, 0.4, t, t) }
        }
        if roles.contains(.conditional) { clauseIsConditional = true }
        if sentenceIsWhy && !whyUsed && (roles.contains(.negator) || roles.contains(.secondPerson) || roles.contains(.possessive)) {
            // "why won't it ...", "why did you ...", "why is my ...": a question about a failure.
            whyUsed = true
            let negated = roles.contains(.negator)
            evidence.add(.complaint, negated ? .whyNegation : .whyYou, negated ? 1.0 : 0.6, t, t)
        }
        if roles.contains(.nobody) && !nobodyUsed {
            nobodyUsed = true
            evidence.valence -= 1.2
            evidence.add(.complaint, .nobody, 1.0, t, t)
        }
        if roles.contains(.outage) && i > 0 && !tokens[i - 1].flags.contains(.consumed),
            let previous = entry(i - 1), previous.roles.contains(.utility)
        {
            evidence.valence -= 1.0
            evidence.add(.complaint, .outage, 1.0, tokens[i - 1], t)
        }
        if roles.contains(.negator) {
            // "no it's still broken", "no it works fine": an answer, then a clause of its own.
            if atClauseStart && lexicon.answers(at: i, tokens, count: count) { return }
            lastNegator = i
            if roles.contains(.inability) { pendingInability = i }
            return
        }
        if atClauseStart && !openerUsed && (roles.contains(.questionWord) || (roles.contains(.auxiliary) && sentenceIsQuestion)) {
            openerUsed = true
            evidence.add(.question, .questionOpener, sentenceIsQuestion ? 0.3 : (roles.contains(.questionWord) ? 0.6 : 0), t, t)
        }
        if roles.contains(.request) && !requestUsed {
            requestUsed = true
            evidence.add(.question, .request, 0.6, t, t)
        }
        if roles.contains(.still) { still = i }
        if roles.contains(.recurrence) { keep = i }
        if keep == i - 1 && t.flags.contains(.ing) {
            evidence.add(.complaint, .recurrence, 1.0, tokens[keep], t)
        }
        if roles.contains(.contrast) {
            // "All sorted now, thanks though 👍": a "though" that closes its sentence adds nothing after it.
            let closing = roles.contains(.afterthought) && (i + 1 == count || tokens[i + 1].kind != .word)
            if thanksAt >= 0 && contrastAfterThanks < 0 && !closing { contrastAfterThanks = i }
            return
        }
        if e.multiplier != 1 {
            lastMultiplier = i
            multiplier = e.multiplier
        }
        let negated = i - lastNegator <= Self.negationReach
        // "can we install without connecting?" asks; it does not report a failure.
        // "if that doesn't work, ..." states a condition.
        let hypothetical =
            negated
            && (clauseIsConditional || (sentenceIsQuestion && entry(lastNegator)?.roles.contains(.preposition) == true))
        if negated && !hypothetical && roles.contains(.functionVerb) {
            evidence.valence -= 1.5
            evidence.add(.complaint, .negatedFunction, 1.0, tokens[lastNegator], t)
            noteStill(at: i, into: &evidence)
            return
        }
        if negated && !hypothetical && roles.contains(.expectedThing) {
            evidence.valence -= 1.0
            evidence.add(.complaint, .missingThing, 1.0, tokens[lastNegator], t)
            noteStill(at: i, into: &evidence)
            return
        }
        if roles.contains(.sarcasmMarker) {
            evidence.valence -= 1.5
            evidence.add(.complaint, .sarcasm, 1.0, t, t)
            return
        }
        score(e, at: i, negated: negated, atClauseStart: atClauseStart, into: &evidence)
    }

    /// "can't" / "unable to" followed by a verb (not "wait", "thank") reports a failure.
    private mutating func resolveInability(at i: Int, roles: WordRoles, into evidence: inout MessageEvidence) {
        guard pendingInability >= 0, pendingInability != i else { return }
        if roles.contains(.inabilityBridge) { return }
        if !roles.contains(.inabilityException) && !roles.contains(.functionVerb) && !roles.contains(.negator) {
            evidence.valence -= 1.2
            evidence.add(.complaint, .inability, 1.0, tokens[pendingInability], tokens[i])
        }
        pendingInability = -1
    }

    private mutating func noteStill(at i: Int, into evidence: inout MessageEvidence) {
        if !stillUsed && i - still <= 4 {
            stillUsed = true
            evidence.add(.complaint, .stillNegated, 0.5, tokens[still], tokens[i])
        }
    }

    /// Valence, praise and problem evidence of an ordinary word.
    private mutating func score(_ e: LexiconEntry, at i: Int, negated: Bool, atClauseStart: Bool, into evidence: inout MessageEvidence) {
        let t = tokens[i]
        guard e.valence != 0 else {
            if e.problem > 0 && !negated {
                evidence.add(.complaint, .problemWord, e.problem, t, t, problemNoun: e.roles.contains(.problemNoun))
                noteStill(at: i, into: &evidence)
            }
            return
        }
        var v = e.valence
        if i - lastMultiplier <= 2 { v *= multiplier }
        if t.flags.contains(.allCaps) && !mostlyCaps { v *= 1.5 }
        if negated {
            v *= -0.74
            if e.valence >= 1.0 && !e.roles.contains(.thanks) {
                evidence.add(.complaint, .negatedPositive, 1.0, tokens[lastNegator], t)
            }
        }
        // "but" re-weights sentiment (VADER), not the evidence of what the message is.
        evidence.valence += firstContrast >= 0 ? v * (i < firstContrast ? 0.5 : 1.5) : v
        guard !negated else { return }
        if v < 0 {
            let weight = max(e.problem, min(1.3, -v / 2.5))
            let rule: CueRule = e.problem > 0 ? .problemWord : .negativeWord
            evidence.add(.complaint, rule, weight, t, t, problemNoun: e.roles.contains(.problemNoun))
            noteStill(at: i, into: &evidence)
            return
        }
        var praise: Float = 0
        if e.roles.contains(.thanks) {
            praise = 1.0
            evidence.add(.compliment, .thanks, praise, t, t)
        } else if e.valence >= 1.0 {
            praise = min(1.2, v / 2.5)
            let wish = i > 0 && (entry(i - 1)?.roles.contains(.intent) == true || (i > 1 && entry(i - 2)?.roles.contains(.intent) == true))
            if e.roles.contains(.resolution) && wish { return }
            evidence.add(.compliment, e.roles.contains(.resolution) ? .resolved : .praiseWord, praise, t, t)
        }
        if praise > 0 {
            if thanksAt < 0 {
                thanksAt = i
                thanksIsThanks = e.roles.contains(.thanks)
            }
            if firstContrast >= 0 && i > firstContrast { praiseAfterContrast += praise }
        }
        noteSarcasmCandidate(e, at: i, valence: v, praise: praise, atClauseStart: atClauseStart)
    }

    private mutating func noteSarcasmCandidate(_ e: LexiconEntry, at i: Int, valence: Float, praise: Float, atClauseStart: Bool) {
        guard candidates.count < 4 else { return }
        let next = i + 1 < count ? tokens[i + 1] : nil
        let nextEntry = i + 1 < count ? entry(i + 1) : nil
        if e.roles.contains(.sarcasmOpener) && !e.roles.contains(.thanks) && atClauseStart, let next, next.isBoundary {
            candidates.append(SarcasmCandidate(kind: .opener, token: i, valence: valence, praise: praise))
        } else if e.roles.contains(.love), let nextEntry,
            nextEntry.roles.contains(.questionWord) || i + 2 < count && entry(i + 2)?.roles.contains(.questionWord) == true
        {
            candidates.append(SarcasmCandidate(kind: .loveIt, token: i, valence: valence, praise: praise))
        } else if e.roles.contains(.thanks), let by = preposition(after: i) {
            candidates.append(SarcasmCandidate(kind: .thanksFor, token: by, valence: valence, praise: praise, word: i))
        }
    }

    /// The "for" of "thanks for" / "thanks so much for", if there is one.
    private func preposition(after i: Int) -> Int? {
        var j = i + 1
        while j < count && j <= i + 3 {
            guard let e = entry(j) else { return nil }
            if e.roles.contains(.preposition) { return j }
            j += 1
        }
        return nil
    }

    private mutating func finish(into evidence: inout MessageEvidence) {
        if exclamations > 0 && evidence.valence != 0 {
            evidence.valence += (evidence.valence > 0 ? 1 : -1) * Float(min(exclamations, 4)) * 0.292
        }
        for candidate in candidates where isSarcastic(candidate, evidence: evidence) {
            evidence.valence -= 2 * candidate.valence
            evidence.praise -= candidate.praise
            let word = candidate.word ?? candidate.token
            evidence.cues.removeAll { $0.target == .compliment && $0.from == tokens[word].start }
            evidence.add(.complaint, .sarcasm, 1.0, tokens[word], tokens[min(candidate.token + 2, count - 1)])
        }
        if contrastAfterThanks >= 0 && praiseAfterContrast < 0.5 {
            evidence.add(
                .complaint, .contrastAfterThanks, thanksIsThanks ? 1.0 : 0.3, tokens[contrastAfterThanks], tokens[contrastAfterThanks])
        }
        if evidence.cues.contains(where: { $0.rule == .resolved }) {
            let withdrawn = evidence.cues.filter { $0.isProblemNoun }.reduce(Float(0)) { $0 + $1.weight }
            evidence.problem -= withdrawn
            evidence.cues.removeAll { $0.isProblemNoun }
        }
        if capsWords >= 2 && (evidence.problem > 0 || evidence.valence < 0) {
            evidence.problem += 0.5
            evidence.cues.append(CueRecord(target: .complaint, rule: .shouting, weight: 0.5, from: 0, to: 0))
        }
        evidence.praise = max(0, evidence.praise)
    }

    private func isSarcastic(_ candidate: SarcasmCandidate, evidence: MessageEvidence) -> Bool {
        switch candidate.kind {
        case .opener:
            // "Great, another ..." / "Perfect. Cancelled again": a positive exclamation opening a
            // message that otherwise complains.
            var j = candidate.token + 1
            while j < count && tokens[j].isBoundary { j += 1 }
            if let e = j < count ? entry(j) : nil, e.roles.contains(.another) { return true }
            return evidence.problem >= InteractionClassifier.weak
        case .loveIt:
            return evidence.problem >= 0.8
        case .thanksFor:
            // "thanks for nothing / for ruining / for not helping"
            var j = candidate.token + 1
            while j < count && j <= candidate.token + 4 && !tokens[j].endsSentence {
                // "thanks for fixing it" thanks for a repair.
                if j == candidate.token + 1, entry(j)?.roles.contains(.repair) == true { return false }
                if let e = entry(j), e.valence < 0 || e.problem > 0 || (e.roles.contains(.negator) && j == candidate.token + 1) {
                    return true
                }
                j += 1
            }
            return false
        }
    }
}
