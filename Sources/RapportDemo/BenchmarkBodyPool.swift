import RapportCore

/// Message bodies for benchmark rows, composed once from the demo phrasebook and kept already
/// escaped for JSON and for COPY text, so writing a row copies bytes instead of escaping text.
struct BenchmarkBodyPool: Sendable {
    /// Escaped bodies laid end to end in one buffer, so copying one costs no reference counting.
    struct EscapedTexts: Sendable {
        let storage: [UInt8]
        /// Body `body` of group `group` is `storage[spans[group * bodiesPerGroup + body]]`.
        let spans: [Range<Int>]

        init(_ texts: [[String]], escape: (String.UTF8View, inout [UInt8]) -> Void) {
            var storage: [UInt8] = []
            var spans: [Range<Int>] = []
            for group in texts {
                for text in group {
                    let start = storage.count
                    escape(text.utf8, &storage)
                    spans.append(start..<storage.count)
                }
            }
            self.storage = storage
            self.spans = spans
        }

        func append(group: Int, body: Int, to bytes: inout [UInt8]) {
            bytes.append(contentsOf: storage[spans[group &* BenchmarkBodyPool.bodiesPerGroup &+ body]])
        }
    }

    /// Bodies as the inside of a JSON string literal.
    let json: EscapedTexts
    /// The same bodies escaped for COPY text.
    let copy: EscapedTexts

    static let groupCount = 6
    static let bodiesPerGroup = 512

    /// 0 public post, 1 private message (DM, SMS, chat), 2 email, 3 call notes, 4 public brand
    /// reply, 5 private brand reply.
    static func group(channel: Channel, isPublic: Bool, inbound: Bool) -> Int {
        if !inbound { return isPublic ? 4 : 5 }
        if isPublic { return 0 }
        switch channel {
        case .email: return 2
        case .phone, .store: return 3
        default: return 1
        }
    }

    /// Bodies in each group.
    var countPerGroup: Int { Self.bodiesPerGroup }

    init(seed: UInt64) {
        // A stream far above any row number, so the pool never shares a stream with a row.
        var random = DemoRandom(seed: seed, stream: 0xB0D1_0000_0000_0000)
        func someone(_ random: inout DemoRandom) -> DemoPerson {
            DemoPerson(index: 0, firstName: random.pick(DemoNames.first), lastName: random.pick(DemoNames.last))
        }
        var texts: [[String]] = Array(repeating: [], count: Self.groupCount)
        let shapes: [(Channel, Visibility)] = [(.twitter, .public), (.twitter, .private), (.email, .private), (.phone, .private)]
        for (group, shape) in shapes.enumerated() {
            for _ in 0..<Self.bodiesPerGroup {
                let opening = BackgroundActivity.opening(on: shape.0, visibility: shape.1, random: &random)
                let slots = TextSlots(person: someone(&random), random: &random)
                texts[group].append(
                    InteractionRecorder.text(of: opening, channel: shape.0, visibility: shape.1, slots: slots, random: &random))
            }
        }
        for _ in 0..<Self.bodiesPerGroup {
            var slots = TextSlots(person: someone(&random), random: &random)
            slots["handle"] = "cust_\(random.below(1_000_000))"
            let publicReplies =
                ConversationPhrases.publicAskToDM + ConversationPhrases.publicThanks + ConversationPhrases.publicNoReplyApologies
            texts[4].append(slots.fill(random.pick(publicReplies)))
            let theme = random.pick(ComplaintThemes.all)
            let answer = random.chance(0.6) ? random.pick(theme.resolutions) : random.pick(ConversationPhrases.privateGenericAnswers)
            texts[5].append(slots.fill(answer))
        }
        json = EscapedTexts(texts) { TextEscaping.appendJSONEscaped($0, to: &$1) }
        copy = EscapedTexts(texts) { TextEscaping.appendCOPYEscaped($0, to: &$1) }
    }
}
