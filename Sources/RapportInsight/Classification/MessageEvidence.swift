/// The evidence the rules find in one scanned message: a score per kind, the sentiment sum, and
/// the cues behind them.
struct MessageEvidence {
    var problem: Float = 0
    var ask: Float = 0
    var praise: Float = 0
    /// Sum of valences (VADER-style), before normalisation.
    var valence: Float = 0
    var cues: [CueRecord] = []

    mutating func add(
        _ target: InteractionKind, _ rule: CueRule, _ weight: Float, _ first: MessageToken, _ last: MessageToken,
        value: Int32 = 0, problemNoun: Bool = false
    ) {
        switch target {
        case .complaint: problem += weight
        case .question: ask += weight
        case .compliment: praise += weight
        case .comment: break
        }
        cues.append(
            CueRecord(
                target: target, rule: rule, weight: weight, from: first.start, to: last.end, value: value,
                isProblemNoun: problemNoun))
    }

    /// Sentiment in -1 … 1: the valence sum normalised as VADER does, `x / sqrt(x² + 15)`.
    var sentiment: Double {
        let x = Double(valence)
        let s = x / (x * x + 15).squareRoot()
        return (min(1, max(-1, s)) * 1000).rounded() / 1000
    }
}

/// A positive word that may turn out to be sarcastic once the whole message is seen.
struct SarcasmCandidate {
    enum Kind { case opener, loveIt, thanksFor }
    var kind: Kind
    /// The word the test starts from ("for" in "thanks for").
    var token: Int
    var valence: Float
    var praise: Float
    /// The positive word itself, when it is not `token`.
    var word: Int? = nil
}

/// Applies the classifier's rules to a scanned message. See ``InteractionClassifier`` for the rules
/// in prose; the order of checks here follows that description.
struct MessageRules {
    let lexicon: ClassifierLexicon

    func evaluate(_ tokens: UnsafeMutableBufferPointer<MessageToken>, count: Int) -> MessageEvidence {
        var evidence = MessageEvidence()
        matchPhrases(tokens, count: count, into: &evidence)
        var pass = RulePass(lexicon: lexicon, tokens: tokens, count: count)
        pass.run(into: &evidence)
        return evidence
    }

    /// Finds three- then two-word cue phrases, scores them, and marks their words consumed.
    private func matchPhrases(_ tokens: UnsafeMutableBufferPointer<MessageToken>, count: Int, into evidence: inout MessageEvidence) {
        guard count >= 2 else { return }
        var i = 0
        while i < count - 1 {
            guard tokens[i].kind == .word, tokens[i].value >= 0, tokens[i + 1].kind == .word, tokens[i + 1].value >= 0 else {
                i += 1
                continue
            }
            var match: Int32?
            var length = 2
            if i + 2 < count && tokens[i + 2].kind == .word && tokens[i + 2].value >= 0 {
                let key = ClassifierLexicon.phraseKey(tokens[i].value, tokens[i + 1].value, tokens[i + 2].value)
                if let m = lexicon.phraseIndex[key] {
                    match = m
                    length = 3
                }
            }
            if match == nil {
                match = lexicon.phraseIndex[ClassifierLexicon.phraseKey(tokens[i].value, tokens[i + 1].value, -1)]
            }
            guard let m = match else {
                i += 1
                continue
            }
            let phrase = lexicon.phrases[Int(m)]
            for k in i..<(i + length) { tokens[k].flags.insert(.consumed) }
            evidence.valence += phrase.valence
            let first = tokens[i]
            let last = tokens[i + length - 1]
            switch phrase.effect {
            case .problem: evidence.add(.complaint, .phrase, phrase.weight, first, last, value: m)
            case .sarcasm: evidence.add(.complaint, .sarcasm, phrase.weight, first, last, value: m)
            case .ask: evidence.add(.question, .phrase, phrase.weight, first, last, value: m)
            case .praise:
                let isThanks =
                    lexicon.entries[Int(first.value)].roles.contains(.thanks)
                    || lexicon.entries[Int(last.value)].roles.contains(.thanks)
                evidence.add(.compliment, isThanks ? .thanks : .phrase, phrase.weight, first, last, value: m)
            case .resolved: evidence.add(.compliment, .resolved, phrase.weight, first, last, value: m)
            case .neutral: break
            }
            i += length
        }
    }
}
