/// The rules that produce evidence; each renders as a cue a person can read.
enum CueRule: UInt8, Sendable {
    case problemWord, negativeWord, negatedPositive, negatedFunction, inability, missingThing, phrase
    case stillNegated, recurrence, whyNegation, whyYou, whyQuestion, nobody, outage, contrastAfterThanks, sarcasm, emoji, emoticon
    case shouting, exasperation, questionMark, questionOpener, request, thanks, praiseWord, resolved
}

/// One piece of evidence found in a message: which kind it supports, how strongly, and where.
struct CueRecord: Sendable {
    var target: InteractionKind
    var rule: CueRule
    var weight: Float
    /// Byte range of the words that triggered it (empty for punctuation-only rules).
    var from: Int32
    var to: Int32
    /// The emoji scalar, emoticon or phrase index the rule refers to.
    var value: Int32 = 0
    /// Evidence from a bare problem noun ("issue"), withdrawn when the message says it is fixed.
    var isProblemNoun = false

    /// The cue as shown to a person, e.g. `complaint: negation+function "not working"`: the kind, the
    /// rule's label, and the words that triggered it quoted, with line breaks shown as spaces. Built
    /// in one buffer (this runs for several cues of every message classified).
    func text(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let lower = max(0, min(Int(from), bytes.count))
        let upper = max(lower, min(Int(to), bytes.count))
        var other: String? = nil
        var quotesWords = true
        let label: String
        switch rule {
        case .problemWord: label = "problem word"
        case .negativeWord: label = "negative word"
        case .negatedPositive: label = "negation+positive word"
        case .negatedFunction: label = "negation+function"
        case .inability: label = "cannot do"
        case .missingThing: label = "missing"
        case .phrase: label = "phrase"
        case .stillNegated: label = "still+problem"
        case .recurrence: label = "recurring"
        case .whyNegation: label = "'why' question about a failure"
        case .whyYou: label = "'why' question about you/my"
        case .whyQuestion: label = "'why' question"
        case .nobody: label = "nobody answered"
        case .outage: label = "outage"
        case .contrastAfterThanks: label = "thanks/praise then"
        case .sarcasm: label = "sarcasm"
        case .emoji:
            label = "emoji"
            other = Unicode.Scalar(UInt32(value)).map { String(Character($0)) } ?? "?"
        case .emoticon:
            label = "emoticon"
            other = EmojiCue.Emoticon(rawValue: UInt8(truncatingIfNeeded: value))?.text
        case .shouting:
            label = "shouting (capitals)"
            quotesWords = false
        case .exasperation: label = "exasperated punctuation"
        case .questionMark:
            label = "question mark"
            quotesWords = false
        case .questionOpener: label = "question opener"
        case .request: label = "request"
        case .thanks: label = "thanks"
        case .praiseWord: label = "positive word"
        case .resolved: label = "resolved"
        }
        let kind = target.rawValue
        let tail = other.map { $0.utf8.count + 1 } ?? (quotesWords ? upper - lower + 3 : 0)
        return String(unsafeUninitializedCapacity: kind.utf8.count + 2 + label.utf8.count + tail) { out in
            var count = 0
            func put(_ byte: UInt8) {
                out[count] = byte
                count += 1
            }
            for byte in kind.utf8 { put(byte) }
            put(0x3A)  // ":"
            put(0x20)
            for byte in label.utf8 { put(byte) }
            if let other {
                put(0x20)
                for byte in other.utf8 { put(byte) }
            } else if quotesWords {
                put(0x20)
                put(0x22)
                for k in lower..<upper { put(bytes[k] == 0x0A || bytes[k] == 0x0D ? 0x20 : bytes[k]) }
                put(0x22)
            }
            return count
        }
    }
}
