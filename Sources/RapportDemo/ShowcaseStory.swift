import RapportCore

/// The one customer `make demo` shows: a late parcel raised in a public tweet, moved to DMs, a
/// damaged item reported by email, a collection arranged by phone, a delivery text, and a public
/// thank-you — one person, five identifiers' worth of channels, one timeline.
enum ShowcaseStory {
    static func play(
        _ person: DemoPerson, planter: FlawPlanter, recorder: inout InteractionRecorder, random: inout DemoRandom
    ) -> DemoShowcase {
        var slots = TextSlots(person: person, random: &random)
        slots["item"] = "coffee machine"
        slots["weekday"] = UTCTimestamp.weekdayName(planter.at(10, 12, 0))
        var refs: [MessageRef] = []
        func keep(_ ref: MessageRef?) { if let ref { refs.append(ref) } }

        let tweet = recorder.record(
            person, channel: .twitter, visibility: .public, at: planter.at(9, 8, 14),
            body: slots.fill(
                "@\(DemoBrand.twitterAccount) my order {order} was due on {weekday} and still hasn't turned up. Tracking hasn't moved in three days."
            ),
            kind: .complaint, theme: ComplaintThemes.lateDelivery)
        keep(tweet)
        keep(recorder.reply(to: tweet, from: person, after: 25 * 60, body: slots.fill(ConversationPhrases.publicAskToDM[0])))
        let dmThread = recorder.newThread(.twitter, person: person)
        let details = recorder.record(
            person, channel: .twitter, visibility: .private, at: planter.at(9, 9, 2),
            body: slots.fill("Hi, it's order {order}, postcode LS6 2AB. It's a {item}, a birthday present for Saturday."),
            kind: .comment, threadID: dmThread)
        keep(details)
        keep(
            recorder.reply(
                to: details, from: person, after: 2 * 3600 + 11 * 60,
                body: slots.fill(
                    "Thanks {first}. The courier had order {order} held at the Wakefield depot. It's out for delivery tomorrow before noon, and I've refunded the delivery charge."
                )))

        let email = recorder.record(
            person, channel: .email, visibility: .private, at: planter.at(8, 17, 31),
            body: slots.fill(
                "Hello,\n\nThe parcel for order {order} arrived today but the {item} is cracked across the water tank. Photos attached. The box looked fine from the outside.\n\nCould you replace it please?\n\nThanks,\n{first}"
            ),
            kind: .complaint, theme: ComplaintThemes.damagedItem, threadID: recorder.newThread(.email, person: person),
            attributes: [("subject", .text(slots.fill("Damaged {item} - order {order}"))), ("attachments", .number(2))])
        keep(email)
        keep(
            recorder.reply(
                to: email, from: person, after: 16 * 3600 + 34 * 60,
                body: slots.fill(
                    "Hi {first},\n\nI'm sorry the {item} arrived damaged. A replacement is reserved for you; please give us a call on 0800 000 0000 to book the collection of the damaged one.\n\nBest wishes,\n{agent}\nAcme Customer Care"
                )))

        keep(
            recorder.record(
                person, channel: .phone, visibility: .private, at: planter.at(7, 12, 20),
                body: slots.fill(
                    "Customer called to book collection of damaged {item} (order {order}). Collection booked, replacement dispatched for delivery in 2 days. Customer happy with outcome."
                ),
                kind: .comment,
                attributes: [("duration_s", .number(412)), ("queue_wait_s", .number(95)), ("agent", .text(slots["agent"] ?? ""))]))

        let text = recorder.record(
            person, channel: .sms, direction: .outbound, visibility: .private, at: planter.at(5, 8, 0),
            body: slots.fill("ACME: your replacement {item} (order {order}) arrives today between 10:00 and 11:00. Reply STOP to opt out."),
            threadID: recorder.newThread(.sms, person: person))
        keep(text)
        keep(recorder.followUp(to: text, from: person, after: 3 * 3600 + 40 * 60, body: "Got it, thank you!", kind: .compliment))

        let thanks = recorder.record(
            person, channel: .twitter, visibility: .public, at: planter.at(4, 19, 22),
            body: slots.fill(
                "Credit where it's due: replacement {item} arrived in two days and {agent} on the phone was lovely. Thanks @\(DemoBrand.twitterAccount)!"
            ),
            kind: .compliment)
        keep(thanks)
        keep(recorder.reply(to: thanks, from: person, after: 39 * 60, body: slots.fill(ConversationPhrases.publicThanks[0])))

        var identifiers: [String] = []
        var channels: [String] = []
        for ref in refs {
            if !identifiers.contains(ref.customer) { identifiers.append(ref.customer) }
            if !channels.contains(ref.channel.rawValue) { channels.append(ref.channel.rawValue) }
        }
        return DemoShowcase(
            identifier: person.identifier(on: .twitter) ?? person.displayIdentifier, name: person.fullName,
            crm: person.crmIdentifier ?? "", identifiers: identifiers, channels: channels, interactions: refs.count)
    }
}
