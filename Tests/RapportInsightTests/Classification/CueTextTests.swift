import Testing

@testable import RapportInsight

/// ``CueRecord/text(in:)`` builds its text in one buffer; this checks it against the plain string
/// interpolation it replaced (kept below as the reference) for every rule, kind and edge of range.
@Suite struct CueTextTests {
    @Test func matchesTheInterpolatedText() {
        let message = Array("Still NOT working\r\nafter the update :( é🙌 why?!".utf8)
        let kinds: [InteractionKind] = [.complaint, .compliment, .question, .comment]
        var rules: [CueRule] = []
        for raw in UInt8.min...UInt8.max { if let rule = CueRule(rawValue: raw) { rules.append(rule) } }
        #expect(rules.count == 26)
        let ranges: [(Int32, Int32)] = [(40, 44), (39, 43), (0, 5), (6, 17), (11, 25), (0, Int32(message.count)), (4, 4), (9, 2), (-3, 7), (30, 500)]
        let values: [Int32] = [0, 3, 6, 200, 0x1F621, 0xD800, 0x110000]
        message.withUnsafeBufferPointer { bytes in
            for rule in rules {
                for kind in kinds {
                    for (from, to) in ranges {
                        for value in values {
                            let cue = CueRecord(target: kind, rule: rule, weight: 1, from: from, to: to, value: value)
                            #expect(cue.text(in: bytes) == Self.reference(cue, in: bytes), "\(rule) \(kind) \(from)..<\(to) \(value)")
                        }
                    }
                }
            }
        }
    }

    static func reference(_ cue: CueRecord, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let (from, to, rule, value, target) = (cue.from, cue.to, cue.rule, cue.value, cue.target)
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
