import RapportCore

/// The process flaws planted in the last week of the demo data (issue 4), each played out by
/// named people so the flaw report's findings can be checked against them:
/// - **repeated**: refunds that never arrive, chased by the same customers again and again on
///   different channels under identifiers only the CRM links;
/// - **escalated**: a double charge reported privately (email, phone), then days later in public;
/// - **rising**: app log-outs after an update, a trickle for weeks, then a surge over two days;
/// - **widespread**: many customers whose DMs nobody answered.
struct FlawPlanter {
    let population: DemoPopulation
    /// End of the period (exclusive), Unix seconds.
    let end: Int64
    let days: Int
    /// People a planted story already uses, kept apart so each story's customers are distinct.
    private(set) var taken: Set<Int> = Set(0..<DemoPopulation.castSize)

    init(population: DemoPopulation, end: Int64, days: Int) {
        self.population = population
        self.end = end
        self.days = days
    }

    /// `daysBefore` whole days before the end, at `hour:minute` of that day when the end is midnight.
    func at(_ daysBefore: Int, _ hour: Int, _ minute: Int) -> Int64 {
        end - Int64(daysBefore) * UTCTimestamp.secondsPerDay + Int64(hour * 3600 + minute * 60)
    }

    func person(_ index: Int) -> DemoPerson { population.people[index] }

    // MARK: repeated

    mutating func plantRepeatedRefunds(recorder: inout InteractionRecorder, random: inout DemoRandom) -> PlantedFlaw {
        let theme = ComplaintThemes.refundNotReceived
        var complaints: [MessageRef] = []
        // Cast 1: email, a phone call, a public tweet, then a store visit — four identifiers, one CRM record.
        let chaser = person(1)
        var slots = TextSlots(person: chaser, random: &random)
        slots["days"] = "14"
        let plan1: [(Channel, Visibility, Int64)] = [
            (.email, .private, at(6, 10, 12)), (.phone, .private, at(5, 16, 40)),
            (.twitter, .public, at(3, 19, 5)), (.store, .private, at(1, 12, 30)),
        ]
        for (step, (channel, visibility, time)) in plan1.enumerated() {
            slots["days"] = String(14 + step * 2)
            let reply = channel == .twitter ? 1.0 : 0.3
            if let ref = recorder.converse(
                chaser, channel: channel, visibility: visibility, at: time, opening: .complaint(theme), slots: slots,
                replyChance: reply, random: &random)
            {
                complaints.append(ref)
            }
        }
        // Cast 2: a text message, a Facebook message, an email.
        let second = person(2)
        var slots2 = TextSlots(person: second, random: &random)
        let plan2: [(Channel, Visibility, Int64)] = [
            (.sms, .private, at(5, 9, 48)), (.facebook, .private, at(3, 21, 17)), (.email, .private, at(2, 7, 55)),
        ]
        for (step, (channel, visibility, time)) in plan2.enumerated() {
            slots2["days"] = String(10 + step * 3)
            if let ref = recorder.converse(
                second, channel: channel, visibility: visibility, at: time, opening: .complaint(theme), slots: slots2,
                replyChance: 0.3, random: &random)
            {
                complaints.append(ref)
            }
        }
        return flaw(
            theme, flags: [.repeated],
            description:
                "Two CRM customers chase the same missing refund 4 and 3 times within a week, each on a different channel under a different identifier.",
            customers: [chaser, second], complaints: complaints)
    }

    // MARK: escalated

    static let escalationTweets = [
        "emailed you on {weekday} about being charged twice for order {order} and heard nothing back. {amount} taken twice. Do I have to complain in public to get an answer?",
        "I wrote to you on {weekday} because you charged me twice ({amount} x2, order {order}). Not a word since. Sort it out.",
        "days since my email about a double charge on order {order} and still nothing. Charging customers twice and ignoring them isn't ok.",
    ]

    static let escalationPosts = [
        "Rang your helpline on {weekday} about a double charge of {amount} and was promised a call back that never came. Still charged twice for order {order}.",
        "Phoned you on {weekday}, told it would be fixed in 24 hours. I've still been charged twice for one order. Posting here since nobody calls back.",
    ]

    mutating func plantEscalatingDoubleCharges(recorder: inout InteractionRecorder, random: inout DemoRandom) -> PlantedFlaw {
        let theme = ComplaintThemes.chargedTwice
        var complaints: [MessageRef] = []
        // Cast 3: an email nobody answers, then a public tweet three days later.
        let emailer = person(3)
        var slots = TextSlots(person: emailer, random: &random)
        let emailTime = at(6, 9, 20)
        if let ref = recorder.converse(
            emailer, channel: .email, visibility: .private, at: emailTime, opening: .complaint(theme), slots: slots,
            replyChance: 0, random: &random)
        {
            complaints.append(ref)
        }
        slots["weekday"] = UTCTimestamp.weekdayName(emailTime)
        let tweet = "@\(DemoBrand.twitterAccount) " + MessageComposer.sentence(slots.fill(random.pick(Self.escalationTweets)))
        if let ref = recorder.record(
            emailer, channel: .twitter, visibility: .public, at: at(3, 8, 45), body: tweet, kind: .complaint, theme: theme)
        {
            complaints.append(ref)
            recorder.reply(to: ref, from: emailer, after: 1_500, body: slots.fill(random.pick(ConversationPhrases.publicAskToDM)))
        }
        // Cast 4: a phone call, then a public Facebook post.
        let caller = person(4)
        var slots4 = TextSlots(person: caller, random: &random)
        let callTime = at(5, 13, 10)
        if let ref = recorder.converse(
            caller, channel: .phone, visibility: .private, at: callTime, opening: .complaint(theme), slots: slots4,
            random: &random)
        {
            complaints.append(ref)
        }
        slots4["weekday"] = UTCTimestamp.weekdayName(callTime)
        if let ref = recorder.record(
            caller, channel: .facebook, visibility: .public, at: at(2, 18, 2),
            body: slots4.fill(random.pick(Self.escalationPosts)), kind: .complaint, theme: theme)
        {
            complaints.append(ref)
        }
        return flaw(
            theme, flags: [.escalated],
            description:
                "A double charge reported by email (and another by phone) goes unresolved and comes back days later in public on Twitter (and Facebook).",
            customers: [emailer, caller], complaints: complaints)
    }

    // MARK: rising

    /// The app version whose release causes the log-out surge.
    static let badVersion = "5.12"

    mutating func plantRisingLogouts(recorder: inout InteractionRecorder, random: inout DemoRandom) -> PlantedFlaw {
        let theme = ComplaintThemes.loggedOutAfterUpdate
        let baselineCount = max(4, population.people.count / 50)
        let surgeCount = max(12, population.people.count * 6 / 100)
        var complaints: [MessageRef] = []
        var surgers: [DemoPerson] = []
        for index in 0..<(baselineCount + surgeCount) {
            let isSurge = index >= baselineCount
            guard let someone = takePerson(random: &random, where: { !$0.channels.isEmpty }) else { break }
            let channels = someone.channels.filter { $0 != .store }
            guard !channels.isEmpty else { continue }
            let channel = channels[random.weightedIndex(channels.map(BackgroundActivity.weight(of:)))]
            let visibility = BackgroundActivity.visibility(on: channel, random: &random)
            var slots = TextSlots(person: someone, random: &random)
            if isSurge { slots["version"] = Self.badVersion }
            let daysBefore = isSurge ? random.int(in: 1...2) : random.int(in: 3...(days - 1))
            let dayStart = end - Int64(daysBefore) * UTCTimestamp.secondsPerDay
            let time = BackgroundActivity.timeOfDay(dayStart: dayStart, random: &random)
            if let ref = recorder.converse(
                someone, channel: channel, visibility: visibility, at: time, opening: .complaint(theme), slots: slots,
                random: &random)
            {
                complaints.append(ref)
                if isSurge { surgers.append(someone) }
            }
        }
        return flaw(
            theme, flags: [.rising],
            description:
                "About \(baselineCount) log-out complaints spread over four weeks, then \(surgeCount) from distinct customers in the last two days after app \(Self.badVersion).",
            customers: surgers, complaints: complaints)
    }

    // MARK: widespread

    /// Customers per week whose DMs go unanswered, for `customers` people in all.
    static func unansweredPerWeek(customers: Int) -> Int { max(12, customers * 7 / 100) }

    /// A steady stream all month (so the theme is widespread, not rising), planted from the last
    /// week backwards so a small population still fills the last week.
    mutating func plantUnansweredMessages(recorder: inout InteractionRecorder, random: inout DemoRandom) -> PlantedFlaw {
        let theme = ComplaintThemes.noReplyToMessages
        let perWeek = Self.unansweredPerWeek(customers: population.people.count)
        var complaints: [MessageRef] = []
        var customers: [DemoPerson] = []
        weeks: for week in 0..<(days / 7) {
            for _ in 0..<perWeek {
                guard let someone = takePerson(random: &random, where: { $0.twitter != nil || $0.instagram != nil || $0.facebook != nil })
                else { break weeks }
                let channel: Channel = someone.twitter != nil ? .twitter : (someone.instagram != nil ? .instagram : .facebook)
                var slots = TextSlots(person: someone, random: &random)
                let postDaysBefore = week * 7 + random.int(in: 1...7)
                let waited = min(random.int(in: 1...3), days - postDaysBefore)
                guard waited >= 1 else { continue }
                let dmTime = BackgroundActivity.timeOfDay(
                    dayStart: end - Int64(postDaysBefore + waited) * UTCTimestamp.secondsPerDay, random: &random)
                recorder.record(
                    someone, channel: channel, visibility: .private, at: dmTime,
                    body: slots.fill(random.pick(ConversationPhrases.unansweredDMs)), kind: .question,
                    threadID: recorder.newThread(channel, person: someone))
                let postTime = BackgroundActivity.timeOfDay(
                    dayStart: end - Int64(postDaysBefore) * UTCTimestamp.secondsPerDay, random: &random)
                slots["weekday"] = UTCTimestamp.weekdayName(dmTime)
                slots["days"] = String(waited)
                let body = MessageComposer.complaint(theme, channel: channel, visibility: .public, slots: slots, random: &random)
                guard
                    let post = recorder.record(
                        someone, channel: channel, visibility: .public, at: postTime, body: body, kind: .complaint, theme: theme)
                else { continue }
                complaints.append(post)
                customers.append(someone)
                if random.chance(0.35) {
                    recorder.reply(
                        to: post, from: someone, after: InteractionRecorder.delay(30...600, random: &random),
                        body: slots.fill(random.pick(ConversationPhrases.publicNoReplyApologies)))
                }
            }
        }
        return flaw(
            theme, flags: [.widespread],
            description:
                "\(customers.count) customers (about \(perWeek) a week, all month) sent a private message nobody answered and then complained about it in public.",
            customers: customers, complaints: complaints)
    }

    // MARK: helpers

    /// A random person not yet in a planted story who satisfies `condition`.
    private mutating func takePerson(random: inout DemoRandom, where condition: (DemoPerson) -> Bool) -> DemoPerson? {
        let people = population.people
        for _ in 0..<(people.count * 4) {
            let candidate = people[random.below(people.count)]
            if !taken.contains(candidate.index) && condition(candidate) {
                taken.insert(candidate.index)
                return candidate
            }
        }
        if let candidate = people.first(where: { !taken.contains($0.index) && condition($0) }) {
            taken.insert(candidate.index)
            return candidate
        }
        return nil
    }

    private func flaw(
        _ theme: ComplaintTheme, flags: [DemoFlag], description: String, customers: [DemoPerson], complaints: [MessageRef]
    ) -> PlantedFlaw {
        let planted = customers.map { person in
            var identifiers: [String] = []
            for ref in complaints where ref.person == person.index && !identifiers.contains(ref.customer) {
                identifiers.append(ref.customer)
            }
            return PlantedCustomer(crm: person.crmIdentifier, identifiers: identifiers)
        }
        return PlantedFlaw(
            key: theme.key, theme: theme.name, expectedFlags: flags, description: description, customers: planted,
            complaints: complaints.map {
                PlantedComplaint(
                    source: $0.source, externalID: $0.externalID, channel: $0.channel.rawValue,
                    visibility: $0.visibility.rawValue, occurredAt: UTCTimestamp.string($0.occurredAt), customer: $0.customer)
            })
    }
}
