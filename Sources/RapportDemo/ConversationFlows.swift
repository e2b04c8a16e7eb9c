import RapportCore

/// What a customer opens a conversation with.
enum Opening {
    case complaint(ComplaintTheme)
    case question(topic: Int)
    case compliment
    case comment

    var kind: DemoKind {
        switch self {
        case .complaint: .complaint
        case .question: .question
        case .compliment: .compliment
        case .comment: .comment
        }
    }

    var theme: ComplaintTheme? {
        if case .complaint(let theme) = self { return theme }
        return nil
    }
}

/// How a conversation unfolds on each channel: a public tweet answered publicly and moved to DMs, a
/// DM thread, an email ticket, a phone call's notes, a web-chat session, a store visit.
extension InteractionRecorder {
    /// A delay of `minutes` (inclusive range) plus some seconds.
    static func delay(_ minutes: ClosedRange<Int>, random: inout DemoRandom) -> Int64 {
        Int64(random.int(in: minutes) * 60 + random.below(60))
    }

    /// The opening message's text on `channel`.
    static func text(
        of opening: Opening, channel: Channel, visibility: Visibility, slots: TextSlots, random: inout DemoRandom
    ) -> String {
        switch opening {
        case .complaint(let theme):
            MessageComposer.complaint(theme, channel: channel, visibility: visibility, slots: slots, random: &random)
        case .question(let topic):
            MessageComposer.question(topic: topic, channel: channel, visibility: visibility, slots: slots, random: &random)
        case .compliment: MessageComposer.compliment(channel: channel, visibility: visibility, slots: slots, random: &random)
        case .comment: MessageComposer.comment(channel: channel, visibility: visibility, slots: slots, random: &random)
        }
    }

    /// The brand's private answer to an opening once the customer has given details.
    static func privateAnswer(to opening: Opening, slots: TextSlots, random: inout DemoRandom) -> String {
        switch opening {
        case .complaint(let theme): slots.fill(random.pick(theme.resolutions))
        case .question(let topic): slots.fill(random.pick(ConversationPhrases.questions[topic].answers))
        case .compliment, .comment: slots.fill("Thanks {first}, that's lovely to hear!")
        }
    }

    /// A whole conversation opened by `person` on `channel` at `time`; returns the opening message.
    @discardableResult
    mutating func converse(
        _ person: DemoPerson, channel: Channel, visibility: Visibility, at time: Int64, opening: Opening,
        slots: TextSlots, replyChance: Double = 1, random: inout DemoRandom
    ) -> MessageRef? {
        switch channel {
        case .twitter, .facebook, .instagram:
            if visibility == .public {
                return publicThread(
                    person, channel: channel, at: time, opening: opening, slots: slots, replyChance: replyChance, random: &random)
            }
            return privateThread(
                person, channel: channel, at: time, opening: opening, slots: slots, replyChance: replyChance, random: &random)
        case .sms, .whatsapp:
            return privateThread(
                person, channel: channel, at: time, opening: opening, slots: slots, replyChance: replyChance, random: &random)
        case .email:
            return emailThread(person, at: time, opening: opening, slots: slots, replyChance: replyChance, random: &random)
        case .phone:
            return call(person, at: time, opening: opening, slots: slots, random: &random)
        case .webchat:
            return chat(person, at: time, opening: opening, slots: slots, random: &random)
        case .store:
            let body = Self.text(of: opening, channel: .store, visibility: .private, slots: slots, random: &random)
            return record(
                person, channel: .store, visibility: .private, at: time, body: body, kind: opening.kind, theme: opening.theme,
                attributes: [("store", .text(slots["store"] ?? ""))])
        }
    }

    private mutating func publicThread(
        _ person: DemoPerson, channel: Channel, at time: Int64, opening: Opening, slots: TextSlots, replyChance: Double,
        random: inout DemoRandom
    ) -> MessageRef? {
        let body = Self.text(of: opening, channel: channel, visibility: .public, slots: slots, random: &random)
        let post = record(person, channel: channel, visibility: .public, at: time, body: body, kind: opening.kind, theme: opening.theme)
        let answerChance: Double
        switch opening {
        case .complaint: answerChance = 0.7
        case .question: answerChance = 0.75
        case .compliment: answerChance = 0.45
        case .comment: answerChance = 0.15
        }
        guard random.chance(answerChance * replyChance) else { return post }
        let replyDelay = Self.delay(random.chance(0.7) ? 8...90 : 90...600, random: &random)
        switch opening {
        case .compliment:
            reply(to: post, from: person, after: replyDelay, body: slots.fill(random.pick(ConversationPhrases.publicThanks)))
        case .comment:
            reply(to: post, from: person, after: replyDelay, body: slots.fill(random.pick(ConversationPhrases.publicCommentReplies)))
        case .question(let topic) where random.chance(0.6):
            let answer = "@{handle} " + random.pick(ConversationPhrases.questions[topic].answers)
            reply(to: post, from: person, after: replyDelay, body: slots.fill(answer))
        case .complaint, .question:
            let ask = reply(to: post, from: person, after: replyDelay, body: slots.fill(random.pick(ConversationPhrases.publicAskToDM)))
            guard ask != nil, random.chance(0.7) else { return post }
            let thread = newThread(channel, person: person)
            let details = record(
                person, channel: channel, visibility: .private, at: time + replyDelay + Self.delay(3...70, random: &random),
                body: MessageComposer.privateDetails(slots: slots, random: &random), kind: .comment, threadID: thread)
            guard random.chance(0.85) else { return post }
            let answer = reply(
                to: details, from: person, after: Self.delay(random.chance(0.6) ? 10...120 : 120...900, random: &random),
                body: Self.privateAnswer(to: opening, slots: slots, random: &random))
            if random.chance(0.5) {
                followUp(
                    to: answer, from: person, after: Self.delay(2...240, random: &random),
                    body: random.pick(ConversationPhrases.privateAcknowledgements), kind: .comment)
            }
        }
        return post
    }

    private mutating func privateThread(
        _ person: DemoPerson, channel: Channel, at time: Int64, opening: Opening, slots: TextSlots, replyChance: Double,
        random: inout DemoRandom
    ) -> MessageRef? {
        let thread = newThread(channel, person: person)
        let body = Self.text(of: opening, channel: channel, visibility: .private, slots: slots, random: &random)
        let message = record(
            person, channel: channel, visibility: .private, at: time, body: body, kind: opening.kind, theme: opening.theme,
            threadID: thread)
        guard random.chance(0.8 * replyChance) else { return message }
        let answer = reply(
            to: message, from: person, after: Self.delay(random.chance(0.6) ? 5...90 : 90...1200, random: &random),
            body: Self.privateAnswer(to: opening, slots: slots, random: &random))
        if random.chance(0.45) {
            followUp(
                to: answer, from: person, after: Self.delay(1...180, random: &random),
                body: random.pick(ConversationPhrases.privateAcknowledgements), kind: .comment)
        }
        return message
    }

    private mutating func emailThread(
        _ person: DemoPerson, at time: Int64, opening: Opening, slots: TextSlots, replyChance: Double, random: inout DemoRandom
    ) -> MessageRef? {
        let thread = newThread(.email, person: person)
        let subject: String
        if let theme = opening.theme {
            subject = MessageComposer.subject(theme, slots: slots, random: &random)
        } else {
            subject = random.pick(["Question about my order", "Quick question", "Thank you", "Feedback", "Enquiry"])
        }
        let body = Self.text(of: opening, channel: .email, visibility: .private, slots: slots, random: &random)
        let email = record(
            person, channel: .email, visibility: .private, at: time, body: body, kind: opening.kind, theme: opening.theme,
            threadID: thread, attributes: [("subject", .text(subject))])
        if random.chance(0.3) {
            reply(to: email, from: person, after: 60, body: slots.fill(random.pick(ConversationPhrases.emailAutoReplies)))
        }
        guard random.chance(0.85 * replyChance) else { return email }
        let answer = Self.privateAnswer(to: opening, slots: slots, random: &random)
        let greeting = answer.contains(slots["first"] ?? "{first}") ? "Hello,\n\n" : "Hi {first},\n\n"
        let answerBody = greeting + answer + "\n\nBest wishes,\n{agent}\nAcme Customer Care"
        let sent = reply(
            to: email, from: person, after: Self.delay(random.chance(0.5) ? 60...600 : 600...4000, random: &random),
            body: slots.fill(answerBody))
        if random.chance(0.3) {
            followUp(
                to: sent, from: person, after: Self.delay(30...1500, random: &random),
                body: random.pick(ConversationPhrases.privateAcknowledgements), kind: .comment)
        }
        return email
    }

    private mutating func call(
        _ person: DemoPerson, at time: Int64, opening: Opening, slots: TextSlots, random: inout DemoRandom
    ) -> MessageRef? {
        let body = Self.text(of: opening, channel: .phone, visibility: .private, slots: slots, random: &random)
        return record(
            person, channel: .phone, visibility: .private, at: time, body: body, kind: opening.kind, theme: opening.theme,
            attributes: [
                ("duration_s", .number(random.int(in: 90...1500))), ("queue_wait_s", .number(random.int(in: 20...2400))),
                ("agent", .text(slots["agent"] ?? "")),
            ])
    }

    private mutating func chat(
        _ person: DemoPerson, at time: Int64, opening: Opening, slots: TextSlots, random: inout DemoRandom
    ) -> MessageRef? {
        let thread = newThread(.webchat, person: person)
        let body = Self.text(of: opening, channel: .webchat, visibility: .private, slots: slots, random: &random)
        let page = random.pick(["/orders", "/help/returns", "/account", "/help/delivery", "/basket"])
        let first = record(
            person, channel: .webchat, visibility: .private, at: time, body: body, kind: opening.kind, theme: opening.theme,
            threadID: thread, attributes: [("page", .text(page))])
        let greeting = reply(
            to: first, from: person, after: Self.delay(0...4, random: &random),
            body: slots.fill(random.pick(ConversationPhrases.chatGreetings)))
        guard random.chance(0.8) else { return first }
        let details = followUp(
            to: greeting, from: person, after: Self.delay(0...3, random: &random),
            body: MessageComposer.privateDetails(slots: slots, random: &random), kind: .comment)
        reply(
            to: details, from: person, after: Self.delay(1...8, random: &random),
            body: Self.privateAnswer(to: opening, slots: slots, random: &random))
        return first
    }
}
