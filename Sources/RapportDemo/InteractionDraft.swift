import RapportCore

/// What an inbound message is, as the generator intended it (the ground truth a classifier is
/// measured against).
enum DemoKind: String, Sendable {
    case complaint, question, compliment, comment
}

/// An attribute value in an interaction's `attributes` object.
enum DemoAttribute: Sendable, Hashable {
    case text(String)
    case number(Int)
}

/// One interaction as generated, before it is written as a JSONL line, with the ground truth
/// (intended kind and theme, the person behind it) that the file does not carry.
struct InteractionDraft: Sendable {
    var source: String
    var externalID: String
    var channel: Channel
    var direction: Direction
    var visibility: Visibility
    /// Unix seconds.
    var occurredAt: Int64
    var customer: String
    var threadID: String?
    var inReplyTo: String?
    var account: String?
    var body: String?
    var attributes: [(String, DemoAttribute)] = []
    var kind: DemoKind?
    var themeKey: String?
    var person: Int
}

/// A handle on a recorded message, for replying to it.
struct MessageRef: Sendable {
    let source: String
    let externalID: String
    let channel: Channel
    let visibility: Visibility
    let customer: String
    let occurredAt: Int64
    let threadID: String?
    let person: Int
}

/// Collects the drafts of one data set, hands out external ids per source, and drops anything
/// that would happen at or after the end of the period (with every later reply that hangs on it).
struct InteractionRecorder {
    let start: Int64
    let end: Int64
    private(set) var drafts: [InteractionDraft] = []
    private var counters: [String: Int] = [:]

    init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    /// Records a message from `person` (inbound) or to them (outbound); nil when it falls outside
    /// the period or the person has no identifier on `channel`.
    @discardableResult
    mutating func record(
        _ person: DemoPerson, channel: Channel, direction: Direction = .inbound, visibility: Visibility,
        at time: Int64, body: String, kind: DemoKind? = nil, theme: ComplaintTheme? = nil, threadID: String? = nil,
        replyingTo parent: MessageRef? = nil, attributes: [(String, DemoAttribute)] = [], customer: String? = nil
    ) -> MessageRef? {
        guard time >= start, time < end, let customer = customer ?? person.identifier(on: channel) else { return nil }
        let source = DemoBrand.source(for: channel)
        let externalID = nextExternalID(source: source, channel: channel, visibility: visibility, time: time)
        let thread = threadID ?? parent?.threadID ?? (channel == .twitter && visibility == .public ? externalID : nil)
        drafts.append(
            InteractionDraft(
                source: source, externalID: externalID, channel: channel, direction: direction, visibility: visibility,
                occurredAt: time, customer: customer, threadID: thread, inReplyTo: parent?.externalID,
                account: DemoBrand.account(for: channel), body: body, attributes: attributes,
                kind: direction == .inbound ? kind : nil, themeKey: direction == .inbound ? theme?.key : nil,
                person: person.index))
        return MessageRef(
            source: source, externalID: externalID, channel: channel, visibility: visibility, customer: customer,
            occurredAt: time, threadID: thread, person: person.index)
    }

    /// The brand's reply to `parent`, on the same channel and customer identifier.
    @discardableResult
    mutating func reply(
        to parent: MessageRef?, from person: DemoPerson, after delay: Int64, body: String, visibility: Visibility? = nil
    ) -> MessageRef? {
        guard let parent else { return nil }
        return record(
            person, channel: parent.channel, direction: .outbound, visibility: visibility ?? parent.visibility,
            at: parent.occurredAt + delay, body: body, replyingTo: parent, customer: parent.customer)
    }

    /// The customer's follow-up to `parent` (a detail, a thank-you) in the same thread.
    @discardableResult
    mutating func followUp(
        to parent: MessageRef?, from person: DemoPerson, after delay: Int64, body: String, kind: DemoKind,
        theme: ComplaintTheme? = nil
    ) -> MessageRef? {
        guard let parent else { return nil }
        return record(
            person, channel: parent.channel, visibility: parent.visibility, at: parent.occurredAt + delay, body: body,
            kind: kind, theme: theme, replyingTo: parent, customer: parent.customer)
    }

    /// A new thread id for a private conversation on `channel`.
    mutating func newThread(_ channel: Channel, person: DemoPerson) -> String {
        let number = bump("thread:\(channel.rawValue)")
        switch channel {
        case .twitter: return "dm-\(DemoBrand.twitterAccount.lowercased())-\(person.twitter?.lowercased() ?? String(number))"
        case .email: return "ticket-\(80_000 + number)"
        case .webchat: return "session-\(String(number * 7919 % 1_000_003, radix: 16))-\(number)"
        default: return "\(channel.rawValue)-thread-\(number)"
        }
    }

    private mutating func bump(_ key: String) -> Int {
        let next = (counters[key] ?? 0) + 1
        counters[key] = next
        return next
    }

    private mutating func nextExternalID(source: String, channel: Channel, visibility: Visibility, time: Int64) -> String {
        let number = bump(source)
        switch channel {
        case .twitter:
            // Shaped like a tweet id: milliseconds since Twitter's epoch shifted left, a sequence below.
            let milliseconds = time * 1000 + Int64(number * 37 % 1000) - 1_288_834_974_657
            return String(milliseconds << 22 | Int64(number & 0x3F_FFFF))
        case .facebook:
            return visibility == .public ? "104729_\(3_000_000 + number)" : "m_\(String(number * 104_729, radix: 36))"
        case .instagram:
            return "1789\(String(number).leftPadded(to: 13))"
        case .email:
            return "zd-\(500_000 + number)"
        case .phone:
            return "call-\(String(number * 2_654_435_761 % 4_294_967_291, radix: 16))-\(number)"
        case .webchat:
            return "chat-\(number)"
        case .sms, .whatsapp:
            var mixer = DemoRandom(seed: UInt64(number))
            return "SM" + String(mixer.next(), radix: 16).leftPadded(to: 16) + String(mixer.next(), radix: 16).leftPadded(to: 16)
        case .store:
            return "visit-\(200_000 + number)"
        }
    }
}
