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

    /// The cue as shown to a person, e.g. `complaint: negation+function "not working"`.
    func text(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let surface: String = {
            let lower = max(0, min(Int(from), bytes.count))
            let upper = max(lower, min(Int(to), bytes.count))
            // Quoted, with line breaks shown as spaces.
            return String(unsafeUninitializedCapacity: upper - lower + 2) { out in
                out[0] = 0x22
                for k in lower..<upper {
                    let b = bytes[k]
                    out[k - lower + 1] = (b == 0x0A || b == 0x0D) ? 0x20 : b
                }
                out[upper - lower + 1] = 0x22
                return upper - lower + 2
            }
        }()
        let body: String
        switch rule {
        case .problemWord: body = "problem word \(surface)"
        case .negativeWord: body = "negative word \(surface)"
        case .negatedPositive: body = "negation+positive word \(surface)"
        case .negatedFunction: body = "negation+function \(surface)"
        case .inability: body = "cannot do \(surface)"
        case .missingThing: body = "missing \(surface)"
        case .phrase: body = "phrase \(surface)"
        case .stillNegated: body = "still+problem \(surface)"
        case .recurrence: body = "recurring \(surface)"
        case .whyNegation: body = "'why' question about a failure \(surface)"
        case .whyYou: body = "'why' question about you/my \(surface)"
        case .whyQuestion: body = "'why' question \(surface)"
        case .nobody: body = "nobody answered \(surface)"
        case .outage: body = "outage \(surface)"
        case .contrastAfterThanks: body = "thanks/praise then \(surface)"
        case .sarcasm: body = "sarcasm \(surface)"
        case .emoji:
            let scalar = Unicode.Scalar(UInt32(value)).map { String(Character($0)) } ?? "?"
            body = "emoji \(scalar)"
        case .emoticon:
            let emoticon = EmojiCue.Emoticon(rawValue: UInt8(truncatingIfNeeded: value))?.text ?? surface
            body = "emoticon \(emoticon)"
        case .shouting: body = "shouting (capitals)"
        case .exasperation: body = "exasperated punctuation \(surface)"
        case .questionMark: body = "question mark"
        case .questionOpener: body = "question opener \(surface)"
        case .request: body = "request \(surface)"
        case .thanks: body = "thanks \(surface)"
        case .praiseWord: body = "positive word \(surface)"
        case .resolved: body = "resolved \(surface)"
        }
        return "\(target.rawValue): \(body)"
    }
}
