import RapportCore

/// Values for the `{slot}`s in message templates, fixed per conversation so an order number or an
/// amount stays the same from the customer's first message to the brand's answer.
struct TextSlots {
    var values: [String: String]

    init(person: DemoPerson, random: inout DemoRandom) {
        let pounds = random.int(in: 8...240)
        let pence = random.pick(["99", "00", "50", "49", "95"])
        values = [
            "order": String(random.int(in: 4_100_000...4_899_999)),
            "amount": "£\(pounds).\(pence)",
            "days": String(random.pick([4, 5, 6, 8, 10, 12, 14, 16, 20, 21, 25, 30])),
            "item": random.pick(DemoNames.items),
            "weekday": random.pick(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
            "agent": random.pick(DemoNames.agents),
            "agentInitial": String(random.pick(DemoNames.agents).prefix(2)).uppercased(),
            "store": random.pick(DemoNames.stores),
            "version": random.pick(["5.9.2", "5.10", "5.10.1", "5.11"]),
            "n": String(random.int(in: 2...5)),
            "minutes": String(random.pick([35, 40, 45, 50, 55, 62, 70, 85, 90])),
            "code": random.pick(["WINTER20", "SAVE15", "PLUS10", "WELCOME5", "FLASH25"]),
            "first": person.firstName,
            "handle": person.twitter ?? person.instagram ?? person.facebook ?? person.firstName,
            "email": person.emails.first ?? "",
            "brand": DemoBrand.name,
        ]
    }

    subscript(key: String) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// `template` with every `{slot}` replaced; unknown slots are left as written.
    func fill(_ template: String) -> String {
        guard template.contains("{") else { return template }
        var result = ""
        result.reserveCapacity(template.utf8.count + 32)
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let key = String(rest[rest.index(after: open)..<close])
            result += values[key] ?? "{\(key)}"
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}

/// Turns templates into messages styled for their channel: a tweet mentions the brand and is short,
/// an email has a greeting and a sign-off, a call is an agent's note.
struct MessageComposer {
    /// A complaint about `theme`, as the customer would write it on `channel`.
    static func complaint(
        _ theme: ComplaintTheme, channel: Channel, visibility: Visibility, slots: TextSlots, random: inout DemoRandom
    ) -> String {
        switch channel {
        case .phone, .store:
            return slots.fill(random.pick(theme.notes))
        case .email:
            var text = random.pick(ConversationPhrases.emailGreetings) + "\n\n"
            text += sentence(slots.fill(random.pick(theme.statements)))
            if random.chance(0.7) { text += " " + slots.fill(random.pick(theme.details)) }
            if random.chance(0.5) { text += " " + random.pick(ConversationPhrases.complaintFeelings) }
            text += "\n\n" + slots.fill(random.pick(theme.demands))
            text += "\n\n" + random.pick(ConversationPhrases.emailSignoffs) + "\n" + (slots["first"] ?? "")
            return text
        default:
            var parts: [String] = []
            let opener = random.pick(ConversationPhrases.complaintOpeners)
            if !opener.isEmpty { parts.append(opener) }
            parts.append(sentence(slots.fill(random.pick(theme.statements)), capitalised: !opener.hasSuffix(",")))
            if random.chance(visibility == .public ? 0.35 : 0.5) { parts.append(slots.fill(random.pick(theme.details))) }
            if random.chance(0.45) { parts.append(random.pick(ConversationPhrases.complaintFeelings)) }
            if random.chance(0.4) { parts.append(slots.fill(random.pick(theme.demands))) }
            let tails = visibility == .public ? ConversationPhrases.socialTails : ConversationPhrases.privateComplaintTails
            return styled(parts, channel: channel, visibility: visibility, tails: tails, random: &random)
        }
    }

    /// A subject line for an email complaint.
    static func subject(_ theme: ComplaintTheme, slots: TextSlots, random: inout DemoRandom) -> String {
        slots.fill(random.pick(theme.subjects))
    }

    /// A question from topic `topic` of ``ConversationPhrases/questions``.
    static func question(topic: Int, channel: Channel, visibility: Visibility, slots: TextSlots, random: inout DemoRandom) -> String {
        let question = slots.fill(random.pick(ConversationPhrases.questions[topic].texts))
        let text = sentence(question)
        switch channel {
        case .phone:
            return "Customer asked: " + text + " Answered on the call."
        case .store:
            return "Customer asked at the desk: " + text + " Answered in store."
        case .email:
            return random.pick(ConversationPhrases.emailGreetings) + "\n\n" + text + "\n\n"
                + random.pick(ConversationPhrases.emailSignoffs) + "\n" + (slots["first"] ?? "")
        default:
            guard random.chance(0.3) else { return styled([text], channel: channel, visibility: visibility, tails: [""], random: &random) }
            let greeting = random.pick(["Hi,", "Hello,", "Quick question:", "Hi there,"])
            let parts = [greeting, sentence(question, capitalised: !greeting.hasSuffix(","))]
            return styled(parts, channel: channel, visibility: visibility, tails: [""], random: &random)
        }
    }

    /// A compliment or recommendation.
    static func compliment(channel: Channel, visibility: Visibility, slots: TextSlots, random: inout DemoRandom) -> String {
        positive(random.pick(ConversationPhrases.compliments), channel: channel, visibility: visibility, slots: slots, random: &random)
    }

    /// A comment or opinion.
    static func comment(channel: Channel, visibility: Visibility, slots: TextSlots, random: inout DemoRandom) -> String {
        positive(random.pick(ConversationPhrases.comments), channel: channel, visibility: visibility, slots: slots, random: &random)
    }

    private static func positive(
        _ template: String, channel: Channel, visibility: Visibility, slots: TextSlots, random: inout DemoRandom
    ) -> String {
        let text = sentence(slots.fill(template))
        switch channel {
        case .phone, .store: return "Customer said: " + text
        case .email:
            return random.pick(ConversationPhrases.emailGreetings) + "\n\n" + text + "\n\n"
                + random.pick(ConversationPhrases.emailSignoffs) + "\n" + (slots["first"] ?? "")
        default:
            let tails = visibility == .public ? ConversationPhrases.positiveTails : [""]
            return styled([text], channel: channel, visibility: visibility, tails: tails, random: &random)
        }
    }

    /// Joins parts, adds the brand mention to public tweets, sometimes lower-cases casual posts, and
    /// keeps tweets within 280 characters by dropping trailing parts.
    private static func styled(
        _ parts: [String], channel: Channel, visibility: Visibility, tails: [String], random: inout DemoRandom
    ) -> String {
        var kept = parts
        let tail = random.pick(tails)
        let lowercase = visibility == .public && random.chance(0.25)
        let mentionFirst = random.chance(0.65)
        func render(_ parts: [String]) -> String {
            var body = parts.joined(separator: " ")
            if lowercase { body = body.lowercased() }
            body += tail
            guard channel == .twitter && visibility == .public else { return body }
            let mention = "@" + DemoBrand.twitterAccount
            return mentionFirst ? mention + " " + body : body + " " + mention
        }
        var text = render(kept)
        while text.count > 280 && kept.count > 1 {
            kept.removeLast()
            text = render(kept)
        }
        return text
    }

    /// `text` with a capital first letter and closing punctuation (a question mark when it opens
    /// like a question).
    static func sentence(_ text: String, capitalised: Bool = true) -> String {
        guard let first = text.first else { return text }
        var result = capitalised ? first.uppercased() + text.dropFirst() : text
        if let last = result.last, !".!?)".contains(last) {
            let firstWord = text.prefix { $0.isLetter || $0 == "'" }.lowercased()
            let oneClause = !text.contains(where: { $0 == "." || $0 == "?" || $0 == "!" })
            result += oneClause && questionWords.contains(firstWord) ? "?" : "."
        }
        return result
    }

    private static let questionWords: Set<String> = [
        "why", "where", "how", "what", "when", "who", "is", "are", "can", "could", "does", "do", "has", "have",
        "any", "will", "would",
    ]

    /// A template for the details a customer sends privately (none quotes an email they do not have).
    static func privateDetails(slots: TextSlots, random: inout DemoRandom) -> String {
        let usable = ConversationPhrases.privateDetails.filter { !$0.contains("{email}") || !(slots["email"] ?? "").isEmpty }
        return slots.fill(random.pick(usable))
    }
}
