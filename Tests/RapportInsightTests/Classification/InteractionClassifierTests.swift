import Testing

@testable import RapportInsight

/// Sentences here were written for these tests; none comes from a data set.
@Suite("InteractionClassifier")
struct InteractionClassifierTests {
    let classifier = InteractionClassifier()

    func hasCue(_ result: Classification, _ fragment: String) -> Bool {
        result.cues.contains { $0.contains(fragment) }
    }

    @Test(arguments: [
        "@AcmeAir my bag is still missing after three days and nobody answers the phone",
        "The app crashes every time I open my basket",
        "I was charged twice for order 55120, sort it out",
        "Parcel marked as delivered but it never arrived",
        "Your new update is horrible",
    ])
    func classifiesFailureReportsAsComplaints(text: String) {
        let result = classifier.classify(text)
        #expect(result.kind == .complaint)
        #expect(result.sentiment < 0)
        #expect(result.cues.first?.hasPrefix("complaint:") == true)
    }

    @Test(arguments: [
        "How do I change the email address on my account?",
        "Is there a student discount on the family plan?",
        "Could you tell me when the Leeds store opens on Sunday",
    ])
    func classifiesInformationRequestsAsQuestions(text: String) {
        let result = classifier.classify(text)
        #expect(result.kind == .question)
        #expect(result.cues.first?.hasPrefix("question:") == true)
    }

    @Test(arguments: [
        "Thank you so much, that fixed it!",
        "Huge shout to Priya on the night desk, brilliant service",
        "You guys rock ❤️",
    ])
    func classifiesThanksAndPraiseAsCompliments(text: String) {
        let result = classifier.classify(text)
        #expect(result.kind == .compliment)
        #expect(result.sentiment > 0)
        #expect(result.cues.first?.hasPrefix("compliment:") == true)
    }

    @Test(arguments: ["DM sent", "I'm on version 8.4 on an Android tablet", "ok"])
    func classifiesInformationAsComments(text: String) {
        let result = classifier.classify(text)
        #expect(result.kind == .comment)
        #expect(result.cues.first?.hasPrefix("comment:") == true)
    }

    @Test func questionAboutAFailureIsAComplaint() {
        let result = classifier.classify("why is my refund not here yet?")
        #expect(result.kind == .complaint)
        #expect(hasCue(result, "'why' question"))
        #expect(hasCue(result, "missing \"not here\""))
        #expect(hasCue(result, "question mark"))
    }

    @Test func whyQuestionWithNegationNamesTheFailure() {
        let result = classifier.classify("Why won't the app let me pay?")
        #expect(result.kind == .complaint)
        #expect(hasCue(result, "'why' question about a failure \"won't\""))
    }

    @Test func conditionalNegationIsNotAFailure() {
        let result = classifier.classify("I'll try another cable. If that doesn't work, what do you suggest?")
        #expect(result.kind == .question)
        #expect(!hasCue(result, "negation+function"))
    }

    @Test func negatedPositiveWordIsAComplaint() {
        let result = classifier.classify("I am not happy with this service")
        #expect(result.kind == .complaint)
        #expect(result.sentiment < 0)
        #expect(hasCue(result, "negation+positive word \"not happy\""))
    }

    @Test func negatedNegativeWordIsNotAComplaint() {
        let result = classifier.classify("Honestly the new menu is not bad")
        #expect(result.kind != .complaint)
        #expect(result.sentiment > 0)
    }

    /// "nothing short of" intensifies what follows; it does not negate it (a real tweet to an airline).
    @Test func nothingShortOfIsPraiseNotANegation() {
        let result = classifier.classify(
            "The flight attendant and pilot were nothing short of amazing. Super kind, helpful, and funny. Wish they were my crew every time I fly!")
        #expect(result.kind == .compliment)
        #expect(result.sentiment > 0)
        #expect(!result.cues.contains { $0.contains("negation") })
        #expect(classifier.classify("The delay was nothing short of a disaster").kind == .complaint)
    }

    @Test func negatedFunctionIsAComplaint() {
        let result = classifier.classify("My card reader is not working")
        #expect(result.kind == .complaint)
        #expect(hasCue(result, "negation+function \"not working\""))
    }

    @Test func curlyApostropheCountsAsNegation() {
        let result = classifier.classify("The router doesn’t connect")
        #expect(result.kind == .complaint)
        #expect(hasCue(result, "negation+function"))
    }

    @Test func inabilityIsAComplaint() {
        let result = classifier.classify("I can't log into my account")
        #expect(result.kind == .complaint)
    }

    @Test func stillWaitingIsAComplaint() {
        let result = classifier.classify("Still waiting for someone from billing to call me back")
        #expect(result.kind == .complaint)
        #expect(hasCue(result, "\"Still waiting\""))
    }

    @Test func thanksButFailureIsAComplaint() {
        let result = classifier.classify("Thanks, but it still doesn't work")
        #expect(result.kind == .complaint)
        #expect(hasCue(result, "thanks/praise then \"but\""))
    }

    @Test(arguments: [
        "Great, another delay on the 07:10",
        "Perfect. Cancelled again",
        "Thanks for ruining my anniversary dinner",
        "Love it when the app logs me out every hour",
    ])
    func sarcasmWithAComplaintIsAComplaint(text: String) {
        let result = classifier.classify(text)
        #expect(result.kind == .complaint)
        #expect(result.sentiment < 0)
    }

    @Test func sarcasticOpenerIsNamedAsSarcasm() {
        let result = classifier.classify("Great, another delay")
        #expect(hasCue(result, "sarcasm \"Great, another\""))
        #expect(!result.cues.contains { $0.hasPrefix("compliment:") })
    }

    @Test func sincereOpenerIsNotSarcasm() {
        let result = classifier.classify("Great, that worked. Thanks!")
        #expect(result.kind == .compliment)
        #expect(!hasCue(result, "sarcasm"))
    }

    @Test func thanksForANegativeIsSarcasm() {
        let result = classifier.classify("thanks so much for not helping me reset my password")
        #expect(result.kind == .complaint)
        #expect(hasCue(result, "sarcasm"))
        #expect(result.sentiment < 0)
        #expect(classifier.classify("thanks so much for helping me reset my password").kind == .compliment)
    }

    @Test func thanksForARepairIsNotSarcasm() {
        let rules = InteractionClassifier(wordModel: nil)
        let result = rules.classify("Thanks for fixing my order so quickly!")
        #expect(result.kind == .compliment)
        #expect(!hasCue(result, "sarcasm"))
        #expect(rules.classify("thanks for nothing, the order is still missing").kind == .complaint)
    }

    @Test func thanksThoughClosingAMessageIsThanksAnyway() {
        let rules = InteractionClassifier(wordModel: nil)
        let closing = rules.classify("Managed to reset it myself, thanks though 👍")
        #expect(closing.kind == .compliment)
        #expect(!hasCue(closing, "thanks/praise then"))
        // A "though" with words after it still turns the message.
        let turning = rules.classify("Thanks, though the card reader still rejects my card")
        #expect(turning.kind == .complaint)
        #expect(hasCue(turning, "thanks/praise then \"though\""))
    }

    @Test func answeringNoDoesNotNegateTheClauseAfterIt() {
        let rules = InteractionClassifier(wordModel: nil)
        #expect(rules.classify("no it's still broken after the update").kind == .complaint)
        #expect(rules.classify("no it works fine on my laptop").kind != .complaint)
        // "no" before a noun is still a negator: a missing thing.
        #expect(rules.classify("no signal in the whole town since Monday").kind == .complaint)
    }

    @Test func politeApologyIsNotAComplaint() {
        let rules = InteractionClassifier(wordModel: nil)
        #expect(rules.classify("Sorry to bother you again. Do you fly direct to Lima?").kind == .question)
    }

    @Test func noObligationIsNotAFailure() {
        #expect(classifier.classify("aww you didn't have to reply").kind != .complaint)
    }

    @Test func exasperatedQuestionAboutADelayIsAComplaint() {
        let result = classifier.classify("I paid for next day and now it says 3-5 days?!")
        #expect(result.kind == .complaint)
        #expect(hasCue(result, "exasperated punctuation \"?!\""))
    }

    @Test func angryEmojiAloneIsAComplaint() {
        let result = classifier.classify("@AcmeBank 😡")
        #expect(result.kind == .complaint)
        #expect(hasCue(result, "emoji 😡"))
        #expect(result.sentiment < 0)
    }

    @Test func heartsAndPrayingHandsAreACompliment() {
        let result = classifier.classify("@AcmeBank ❤️🙏")
        #expect(result.kind == .compliment)
        #expect(hasCue(result, "emoji 🙏"))
    }

    @Test func emoticonsAreCues() {
        #expect(hasCue(classifier.classify("no signal again :("), "emoticon :("))
        #expect(classifier.classify("sorted now :)").sentiment > 0)
    }

    @Test func emptyTextIsANeutralComment() {
        let result = classifier.classify("")
        #expect(result.kind == .comment)
        #expect(result.sentiment == 0)
        #expect(!result.cues.isEmpty)
    }

    @Test func mentionsAndLinksAreIgnored() {
        let result = classifier.classify("@awful_support https://example.com/terrible-horrible")
        #expect(result.kind == .comment)
        #expect(result.sentiment == 0)
    }

    @Test func intensifierStrengthensSentiment() {
        let plain = classifier.classify("the food was bad").sentiment
        let intensified = classifier.classify("the food was very bad").sentiment
        #expect(intensified < plain)
        #expect(plain < 0)
    }

    @Test func sentimentStaysWithinBounds() {
        let furious = classifier.classify("WORST SERVICE EVER!!! horrible awful disgusting useless 😡😡😡 🤬")
        let delighted = classifier.classify("best best best, amazing, wonderful, brilliant!!! ❤️😍🙏")
        #expect(furious.sentiment >= -1 && furious.sentiment < -0.9)
        #expect(delighted.sentiment <= 1 && delighted.sentiment > 0.9)
    }

    @Test func resolvedProblemIsNotAComplaint() {
        let result = classifier.classify("The issue is fixed now, thanks!")
        #expect(result.kind == .compliment)
        #expect(!result.cues.contains { $0.hasPrefix("complaint:") })
    }

    @Test func noProblemIsNotAComplaint() {
        #expect(classifier.classify("No problem, thanks for checking").kind == .compliment)
    }

    @Test func elongatedWordsAreRecognised() {
        let result = classifier.classify("soooo disappointed")
        #expect(result.kind == .complaint)
        #expect(hasCue(result, "\"disappointed\""))
    }

    @Test func outageAfterExpectedServiceIsAComplaint() {
        let result = classifier.classify("internet out across the whole street")
        #expect(result.kind == .complaint)
        #expect(hasCue(result, "outage \"internet out\""))
    }

    @Test func hypotheticalWithoutInAQuestionIsAQuestion() {
        #expect(classifier.classify("Can I pay in store without printing the voucher?").kind == .question)
    }

    @Test func sameTextAlwaysGetsTheSameResult() {
        let text = "Thanks for the reply but my order #88123 is still not here 😞"
        let first = classifier.classify(text)
        #expect(InteractionClassifier().classify(text) == first)
        for _ in 0..<5 { #expect(classifier.classify(text) == first) }
    }

    @Test func cuesAreBoundedAndDecisiveFirst() {
        let result = classifier.classify(
            "Terrible, awful, useless, broken, crashing, frozen, slow, rude, late, wrong, missing app! Why?")
        #expect(result.cues.count <= InteractionClassifier.maxCues)
        #expect(result.cues.first?.hasPrefix("complaint:") == true)
    }

    @Test func nonLatinTextIsACommentWithoutCrashing() {
        let result = classifier.classify("荷物がまだ届かない、追跡は配達完了")
        #expect(result.kind == .comment)
    }
}
