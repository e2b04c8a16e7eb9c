import Testing
@testable import RapportInsight

@Suite struct ComplaintTextTests {
    @Test func dropsURLsMentionsNumbersEmojiAndFiller() {
        let stems = ComplaintText.stems(of: "Hi @AmazonHelp please 🙏 my order #12345 https://t.co/xyz never arrived, thanks!!")
        #expect(stems == ["order", "not", "arriv"])
    }

    @Test func foldsNegatedContractionsIntoNot() {
        #expect(ComplaintText.stems(of: "I haven't received it") == ["not", "receiv"])
        #expect(ComplaintText.stems(of: "didnt receive") == ["not", "receiv"])
        #expect(ComplaintText.stems(of: "I can’t log in") == ["not", "log"])
        #expect(ComplaintText.stems(of: "no reply") == ["not", "reply"])
    }

    @Test func stemsInflectionsToOneTerm() {
        #expect(ComplaintText.stems(of: "refunds refunded refunding") == ["refund", "refund", "refund"])
        #expect(ComplaintText.stems(of: "charged charges charge") == ["charg", "charg", "charg"])
        #expect(ComplaintText.stems(of: "logged logging") == ["log", "log"])
        #expect(ComplaintText.stems(of: "replied replies") == ["reply", "reply"])
    }

    @Test func foldsSynonymsOfOneConceptIntoOneStem() {
        #expect(ComplaintText.stems(of: "my DM has been sitting unanswered") == ["dm", "sit", "not", "reply"])
        #expect(ComplaintText.stems(of: "no response to my DM, check your inbox") == ["not", "reply", "dm", "check", "dm"])
        #expect(ComplaintText.stems(of: "error message") == ["error", "messag"], "not every message is a DM")
        #expect(ComplaintText.stems(of: "nobody has answered, then silence") == ["not", "reply", "not", "reply"])
        #expect(ComplaintText.stems(of: "you ignored my DMs") == ["not", "reply", "dm"])
        #expect(ComplaintText.stems(of: "duplicate payment, double charge, charged twice") == ["twic", "payment", "twic", "charg", "charg", "twic"])
        #expect(ComplaintText.stemsWithSurfaces(of: "double").map(\.surface) == ["twice"])
        let pairs = ComplaintText.stemsWithSurfaces(of: "unanswered")
        #expect(pairs.map(\.surface) == ["not", "reply"], "a theme name shows the concept, never \"not unanswered\"")
    }

    @Test func keepsSurfaceWordsForNaming() {
        let pairs = ComplaintText.stemsWithSurfaces(of: "Refund NOT received")
        #expect(pairs.map(\.stem) == ["refund", "not", "receiv"])
        #expect(pairs.map(\.surface) == ["refund", "not", "received"])
    }

    @Test func keepsAccentedLettersInWords() {
        #expect(ComplaintText.stems(of: "Café CLOSED") == ["café", "clos"])
    }

    @Test func similarComplaintsScoreHigherThanUnrelatedOnes() {
        var features = ThemeFeatures()
        let v = features.learnAndVectorise(ComplaintFixtures.all)
        let paraphrase = v[0].cosine(v[3])  // two refund complaints
        let unrelated = v[0].cosine(v[5])  // refund vs charged twice
        #expect(paraphrase > 0.3)
        #expect(unrelated < 0.1)
        #expect(abs(v[0].cosine(v[0]) - 1) < 1e-5)
    }
}
