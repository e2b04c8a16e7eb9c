import RapportCore

/// Everyday traffic at a steady rate over the whole period: complaints on the background themes,
/// questions, compliments and comments, on whichever channels each person uses.
///
/// A person never complains about the same theme twice here, so any "repeated" pattern in the
/// data comes from the planted flaws alone.
enum BackgroundActivity {
    /// Mean conversations a person opens over the period.
    static let conversationsPerPerson = 1.3

    static func generate(
        population: DemoPopulation, recorder: inout InteractionRecorder, days: Int, random: inout DemoRandom
    ) {
        for person in population.people {
            let channels = person.channels
            guard !channels.isEmpty else { continue }
            let isCast = person.index < DemoPopulation.castSize
            var usedThemes: Set<String> = []
            let count = random.poisson(mean: conversationsPerPerson) + (random.chance(0.5) ? 1 : 0)
            for _ in 0..<count {
                let channel = channels[random.weightedIndex(channels.map(weight(of:)))]
                let visibility = self.visibility(on: channel, random: &random)
                var opening = self.opening(on: channel, visibility: visibility, random: &random)
                if case .complaint(let theme) = opening {
                    if isCast || usedThemes.contains(theme.key) {
                        opening = .question(topic: random.below(ConversationPhrases.questions.count))
                    } else {
                        usedThemes.insert(theme.key)
                    }
                }
                let time = timeOfDay(dayStart: recorder.start + Int64(random.below(days)) * UTCTimestamp.secondsPerDay, random: &random)
                let slots = TextSlots(person: person, random: &random)
                recorder.converse(
                    person, channel: channel, visibility: visibility, at: time, opening: opening, slots: slots, random: &random)
            }
        }
    }

    /// A time on the day starting at `dayStart`, busier in the evening than at night.
    static func timeOfDay(dayStart: Int64, random: inout DemoRandom) -> Int64 {
        let hourWeights: [Double] = [
            0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.0, 2.4, 2.5, 2.4, 2.6, 2.5, 2.3, 2.2, 2.2, 2.4, 2.7, 3.0, 3.0, 2.6,
            1.8, 0.9,
        ]
        let hour = random.weightedIndex(hourWeights)
        return dayStart + Int64(hour * 3600 + random.below(3600))
    }

    static func weight(of channel: Channel) -> Double {
        switch channel {
        case .twitter: 3
        case .facebook: 1.4
        case .instagram: 1
        case .email: 2.5
        case .phone: 1.8
        case .sms, .whatsapp: 0.6
        case .webchat: 1.6
        case .store: 0.4
        }
    }

    static func visibility(on channel: Channel, random: inout DemoRandom) -> Visibility {
        switch channel {
        case .twitter: random.chance(0.75) ? .public : .private
        case .facebook: random.chance(0.6) ? .public : .private
        case .instagram: random.chance(0.5) ? .public : .private
        default: .private
        }
    }

    /// What a conversation opens with; comments are rare outside public posts.
    static func opening(on channel: Channel, visibility: Visibility, random: inout DemoRandom) -> Opening {
        let kindWeights: [Double] = visibility == .public ? [0.34, 0.28, 0.16, 0.22] : [0.42, 0.45, 0.1, 0.03]
        switch random.weightedIndex(kindWeights) {
        case 0:
            var weights = ComplaintThemes.backgroundWeights
            for (index, theme) in ComplaintThemes.all.enumerated() {
                if theme.key == ComplaintThemes.rudeStoreStaff.key && channel == .webchat { weights[index] = 0 }
            }
            return .complaint(ComplaintThemes.all[random.weightedIndex(weights)])
        case 1: return .question(topic: random.below(ConversationPhrases.questions.count))
        case 2: return .compliment
        default: return .comment
        }
    }
}
