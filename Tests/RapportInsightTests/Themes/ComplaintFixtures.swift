/// Short complaints written for these tests: four operational problems, five phrasings each.
enum ComplaintFixtures {
    static let refundNotReceived = [
        "I still haven't received my refund",
        "Where is my refund? Still not received after two weeks",
        "my refund has not been received yet",
        "refund not received, it has been ages",
        "still waiting, refund never received",
    ]
    static let chargedTwice = [
        "I was charged twice for the same order",
        "You charged me twice for one purchase!",
        "double charge: charged twice on my card",
        "why was I charged twice this month",
        "charged twice for my subscription",
    ]
    static let loggedOutAfterUpdate = [
        "The app logged me out after the update",
        "after the latest update I keep getting logged out",
        "logged out again after updating the app",
        "every update logs me out of the app",
        "app update logged me out and now I can't log in",
    ]
    static let noReplyToDMs = [
        "nobody replies to my DMs",
        "I sent you a DM three days ago and no reply",
        "still no reply to my DM",
        "why is there no reply to DMs from your team",
        "no reply to my DM yet, hello??",
    ]
    static let problems = [refundNotReceived, chargedTwice, loggedOutAfterUpdate, noReplyToDMs]
    static var all: [String] { problems.flatMap { $0 } }
}
