/// Classifies an inbound customer message (tweet, DM, email, chat line) as a complaint, compliment,
/// question or comment, scores its sentiment, and says why.
///
/// Pure Swift, no network: a hand-written lexicon and a handful of rules over one UTF-8 scan of the
/// text, plus a small learned table of word and word-pair weights (``ComplaintWordModel``) that can
/// add a complaint the rules missed, fast enough for a nightly batch of millions of messages.
/// English only.
///
/// How it decides (the same precedence as the hand-labelling rules in
/// `benchmarks/classification/LABELLING.md`):
/// 1. **Complaint** when the complaint evidence reaches 1: failure words ("crashes", "refund",
///    "delayed"), negative words ("horrible"), a negated function ("not working", "haven't
///    received"), inability ("can't log in"), something missing ("no internet", "not there"), an
///    outage ("internet out"), phrases ("still waiting", "no one", "on hold", "switching to"),
///    recurrence ("keeps crashing"), a negated positive ("not happy"), angry emoji, thanks followed
///    by "but", and sarcasm. A negation inside an "if" clause ("if that doesn't work, ...") is a
///    condition and does not count.
/// 2. **A question about a failure is a complaint**: with question evidence, complaint evidence of
///    0.5 is enough ("why is my refund not here yet?", "is anyone else having issues?"). The customer
///    is reporting a problem, and the problem is what the company must fix and the theme finder must
///    see. "Why" questions about "my", "you" or a negation count as such evidence.
/// 3. **Question** when the question evidence reaches 1: a question mark, "how do", "can you",
///    "please advise", "if you could", "need help", and similar requests.
/// 4. **Compliment** when thanks or praise reach 1 ("thank you", "love", "awesome", 🙏 ❤️ 👏),
///    unless complaint evidence reaches 0.75 ("Thanks. It's a shame this is your position.").
/// 5. Weaker evidence (0.6 … 1) decides between complaint and compliment when nothing else does;
///    otherwise the message is a **comment** (information, "DM sent", "ok").
/// 6. **Learned second opinion**: when the rules did not say complaint, ``ComplaintWordModel`` scores
///    the message (logistic regression over its words, adjacent word pairs and the rules' evidence);
///    at or above its threshold the message is a complaint, with a cue naming the words that weighed
///    most (`complaint: words "refund", "i tried"`). It never overrules a rule complaint.
///
/// Sarcasm it handles: a positive opener followed by a complaint ("Great, another delay",
/// "Perfect. Cancelled again"), "love it when/how …" with a complaint, "thanks (so much) for" + a
/// negative ("thanks for ruining my day", "thanks for not helping", "thanks for nothing"), and
/// markers ("yeah right", "#sarcasm"). Sarcasm without any negative cue ("Wow, what a service.")
/// is out of reach and reads positive. Not sarcasm: "thanks for fixing it" (a repair verb after
/// "thanks for") and "thanks though" closing a message (thanks anyway, not "thanks, but ...").
/// An answering "no" before a subject ("no it's still broken") does not negate the clause after it.
///
/// Sentiment follows VADER's scheme on this lexicon: valences summed, a negator within three words
/// flips and damps (× -0.74), intensifiers and dampeners scale the next word, capitals add emphasis,
/// words before "but" count half and after it one and a half, exclamation marks amplify, and the
/// sum is normalised by `x / sqrt(x² + 15)`. Failure cues ("not working") add negative valence, so
/// a flat report of a failure still reads negative.
///
/// With context (``classify(_:context:)``), the brand's reply to the message is read too, with the
/// hand-written phrase lists of ``BrandReplyGroup``: an apology, an acknowledged fault,
/// troubleshooting or a request for details is complaint evidence, thanks for kind words compliment
/// evidence, a plain answer question evidence; the rules that combine them with the message's own
/// evidence are in ``decide(_:textKind:reply:words:)``.
///
/// Measured on hand-labelled tweets: see `benchmarks/classification/RESULTS.md`.
public struct InteractionClassifier: Sendable {
    private let lexicon: ClassifierLexicon
    /// The learned second opinion on complaints; nil for the rules alone.
    let wordModel: ComplaintWordModel?

    /// At most this many cues are returned, the decisive ones first.
    public static let maxCues = 8

    /// A classifier with the built-in lexicon (built once per process, then shared).
    public init() {
        lexicon = ClassifierLexicon.standard
        wordModel = ComplaintWordModel.standard
    }

    /// A classifier with the built-in lexicon and the given word model (nil: the rules alone), for
    /// training and measuring the model.
    init(wordModel: ComplaintWordModel?) {
        lexicon = ClassifierLexicon.standard
        self.wordModel = wordModel
    }

    /// Classifies one message. The same text always gets the same result.
    public func classify(_ text: String) -> Classification {
        classify(text, reply: nil)
    }

    /// Classifies one message with what is known around it: the brand's reply (see
    /// ``ClassificationContext``). An apology, acknowledged fault, troubleshooting or a request for
    /// details in the reply count as complaint evidence; thanks for kind words as compliment
    /// evidence; a plain answer as question evidence. The reply decides only where the message's
    /// own words leave room (see ``decide(_:textKind:reply:words:)``), and its cues read
    /// `context: brand apologised "sorry to hear"`. With an empty context this is ``classify(_:)``.
    public func classify(_ text: String, context: ClassificationContext) -> Classification {
        guard !context.isEmpty, let reply = context.brandReply else { return classify(text) }
        let evidence = BrandReplyCues.standard.evidence(in: reply)
        return classify(text, reply: evidence.isEmpty ? nil : evidence)
    }

    private func classify(_ text: String, reply: ReplyEvidence?) -> Classification {
        var text = text
        return text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: MessageToken.self, capacity: bytes.count + 1) { tokens in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * MessageScanner.maxWordLength) { scratch in
                    var sink = TokenSink(tokens: tokens)
                    MessageScanner(lexicon: lexicon).scan(bytes, into: &sink, scratch: scratch)
                    let evidence = MessageRules(lexicon: lexicon).evaluate(tokens, count: sink.count)
                    let (textKind, wordCue) = decideWithWords(evidence, tokens, count: sink.count, bytes: bytes)
                    guard let reply else {
                        return Classification(
                            kind: textKind, sentiment: evidence.sentiment,
                            cues: cues(for: textKind, evidence, bytes: bytes, wordCue: wordCue))
                    }
                    var words = 0
                    for k in 0..<sink.count where tokens[k].kind == .word { words += 1 }
                    let kind = decide(evidence, textKind: textKind, reply: reply, words: words)
                    return Classification(
                        kind: kind, sentiment: evidence.sentiment,
                        cues: cues(
                            for: kind, evidence, bytes: bytes, reply: reply, decidedByReply: kind != textKind,
                            wordCue: kind == textKind ? wordCue : nil))
                }
            }
        }
    }

    /// Evidence thresholds: strong evidence decides on its own, in precedence order.
    static let decisive: Float = 1.0
    static let weak: Float = 0.6
    /// A question with this much complaint evidence is a question about a failure: a complaint.
    static let failureInQuestion: Float = 0.5
    /// Complaint evidence that outweighs thanks ("Thanks. It's a shame this is your position.").
    static let problemOverThanks: Float = 0.75

    /// The rules' kind, then the word model's second opinion on complaints: a message the rules did
    /// not call a complaint becomes one when the model's score reaches its threshold, and the words
    /// behind it come back as a cue (`complaint: words "battery", "10 days"`). A rule complaint stands.
    private func decideWithWords(
        _ evidence: MessageEvidence, _ tokens: UnsafeMutableBufferPointer<MessageToken>, count: Int,
        bytes: UnsafeBufferPointer<UInt8>
    ) -> (InteractionKind, String?) {
        let ruleKind = decide(evidence)
        guard let model = wordModel else { return (ruleKind, nil) }
        let score = model.score(tokens, count: count, evidence: evidence, kind: ruleKind)
        if ruleKind != .complaint && score >= model.threshold {
            let words = model.strongestWords(tokens, count: count)
            return (.complaint, "complaint: words " + Self.quoted(words, bytes))
        }
        return (ruleKind, nil)
    }

    /// `"a", "b"` from byte ranges of the message (line breaks as spaces).
    private static func quoted(_ ranges: [(weight: Float, from: Int32, to: Int32)], _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if ranges.isEmpty { return "(none strong)" }
        return ranges.map { r -> String in
            let lower = max(0, min(Int(r.from), bytes.count))
            let upper = max(lower, min(Int(r.to), bytes.count))
            let text = String(decoding: bytes[lower..<upper].map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }, as: UTF8.self)
            return "\"" + text + "\""
        }.joined(separator: ", ")
    }

    func decide(_ evidence: MessageEvidence) -> InteractionKind {
        let kind: InteractionKind
        if evidence.problem >= Self.decisive {
            kind = .complaint
        } else if evidence.ask >= Self.decisive && evidence.problem >= Self.failureInQuestion {
            kind = .complaint
        } else if evidence.ask >= Self.decisive {
            kind = .question
        } else if evidence.problem >= Self.problemOverThanks {
            kind = .complaint
        } else if evidence.praise >= Self.decisive {
            kind = .compliment
        } else if evidence.problem >= Self.weak {
            kind = .complaint
        } else if evidence.praise >= Self.weak {
            kind = .compliment
        } else {
            kind = .comment
        }
        return kind
    }

    private func cues(
        for kind: InteractionKind, _ evidence: MessageEvidence, bytes: UnsafeBufferPointer<UInt8>,
        reply: ReplyEvidence? = nil, decidedByReply: Bool = false, wordCue: String? = nil
    ) -> [String] {
        // Decisive kind first, then by weight; ties keep reading order (a stable insertion sort:
        // a message has a handful of cues).
        var ordered = evidence.cues.filter { $0.weight > 0 }
        func before(_ a: CueRecord, _ b: CueRecord) -> Bool {
            let ka = a.target == kind
            let kb = b.target == kind
            if ka != kb { return ka }
            return a.weight > b.weight
        }
        if ordered.count > 1 {
            for i in 1..<ordered.count {
                let cue = ordered[i]
                var j = i
                while j > 0 && before(cue, ordered[j - 1]) {
                    ordered[j] = ordered[j - 1]
                    j -= 1
                }
                ordered[j] = cue
            }
        }
        var texts: [String] = []
        texts.reserveCapacity(min(Self.maxCues, ordered.count + 1))
        if kind == .comment && wordCue == nil { texts.append("comment: no complaint, question or compliment cue strong enough") }
        if let wordCue { texts.append(wordCue) }
        guard let reply else {
            for cue in ordered.prefix(Self.maxCues - texts.count) { texts.append(cue.text(in: bytes)) }
            return texts
        }
        // Reply cues for the decided kind go first when the reply decided, else after the message's
        // own cues for that kind; the rest follow.
        let supporting = reply.cues.filter { $0.target == kind }.map(\.text)
        let other = reply.cues.filter { $0.target != kind }.map(\.text)
        var own = ordered.map { ($0.target == kind, $0.text(in: bytes)) }
        let ownSupporting = own.prefix { $0.0 }.map(\.1)
        own.removeFirst(ownSupporting.count)
        let merged =
            decidedByReply
            ? supporting + ownSupporting + own.map(\.1) + other
            : ownSupporting + supporting + own.map(\.1) + other
        texts.append(contentsOf: merged.prefix(Self.maxCues - texts.count))
        return texts
    }
}
