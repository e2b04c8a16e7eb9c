import Testing

@testable import RapportInsight

/// Sentences here were written for these tests; none comes from a data set.
@Suite("ComplaintWordModel")
struct ComplaintWordModelTests {
    /// A model whose only weight is `weight` on `name`, deciding at log-odds 1.
    private func model(_ name: String, _ weight: Float) -> ComplaintWordModel {
        ComplaintWordModel(table: "\(name):\(weight)", bias: 0, ruleWeights: [0, 0, 0, 0, 0, 0], threshold: 1)
    }

    @Test func tableKeysMatchTheScannersWordHashes() {
        // Capitals, the typographic apostrophe and pairs hash as the table writes them.
        let m = ComplaintWordModel(
            table: "can't:0.5 the+parcel:0.25 <num>+days:0.125", bias: 0, ruleWeights: [0, 0, 0, 0, 0, 0], threshold: 1)
        #expect(score(m, "I CAN’T find the parcel, 10 days now") == 0.875)
    }

    private func score(_ m: ComplaintWordModel, _ text: String) -> Float {
        InteractionClassifier(wordModel: nil).withScanned(text) { tokens, count, evidence, _, bytes in
            m.score(tokens, count: count, evidence: evidence, kind: .comment)
        }
    }

    @Test func stemsSkipPairsAndLengthHashAsTheTableWritesThem() {
        let table = "charg~:0.5 can't~:0.25 not++working:0.125 <words:4-7>:1"
        let all = ComplaintWordModel(
            table: table, bias: 0, ruleWeights: [0, 0, 0, 0, 0, 0], threshold: 1, features: [.stems, .skipPairs, .length])
        // "CHARGING" has the stem "charg~", "can’t" is too short for one, "not even working" holds
        // the skip pair, and the message has six words.
        #expect(score(all, "CHARGING is not even working, can’t") == 1.625)
        // A comma breaks the skip pair as it breaks adjacent pairs; "charge" (six letters) has a stem.
        #expect(score(all, "the charge: not, even working") == 1.5)
        // Each group counts only when the model was fitted with it.
        let wordsOnly = ComplaintWordModel(table: table, bias: 0, ruleWeights: [0, 0, 0, 0, 0, 0], threshold: 1)
        #expect(score(wordsOnly, "CHARGING is not even working, can’t") == 0)
        let stemsOnly = ComplaintWordModel(table: table, bias: 0, ruleWeights: [0, 0, 0, 0, 0, 0], threshold: 1, features: .stems)
        #expect(score(stemsOnly, "CHARGING is not even working, can’t") == 0.5)
    }

    @Test func wordsAfterANegatorInTheSameClauseAreNegatedWords() {
        let m = ComplaintWordModel(
            table: "!bad:1 bad:0.5 not:0.25", bias: 0, ruleWeights: [0, 0, 0, 0, 0, 0], threshold: 1, features: .negation)
        #expect(score(m, "not bad") == 1.25)
        #expect(score(m, "bad, not") == 0.75)
        // The scope is three words and ends at punctuation.
        #expect(score(m, "not a very bad") == 1.25)
        #expect(score(m, "not a very very bad") == 0.75)
        #expect(score(m, "not, bad") == 0.75)
        // A negation in an "if" clause is a condition, as the rules read it; the next clause is not.
        #expect(score(m, "if not bad") == 0.75)
        #expect(score(m, "if so, not bad") == 1.25)
        // Without the group the word counts as itself.
        let plain = ComplaintWordModel(table: "!bad:1 bad:0.5 not:0.25", bias: 0, ruleWeights: [0, 0, 0, 0, 0, 0], threshold: 1)
        #expect(score(plain, "not bad") == 0.75)
    }

    @Test func sentimentWeighsItsPositiveAndNegativePartApart() {
        let m = ComplaintWordModel(table: "", bias: 0, ruleWeights: [0, 0, 0, 0, 0, 0, 1, 2], threshold: 1, features: .sentiment)
        let rules = InteractionClassifier(wordModel: nil)
        let happy = rules.classify("I love it, great service").sentiment
        let angry = rules.classify("This is terrible, awful service").sentiment
        #expect(happy > 0 && angry < 0)
        #expect(score(m, "I love it, great service") == Float(happy))
        #expect(score(m, "This is terrible, awful service") == 2 * Float(-angry))
    }

    @Test func trainingNamesTheNewFeaturesAsTheTableReadsThem() {
        let analysed = ComplaintModelTraining.analyse("Charging isn’t even working", features: 7)
        let names = Set(analysed.features.map(\.name))
        #expect(names.isSuperset(of: ["charg~", "charging", "isn't", "charging+isn't", "charging++even", "isn't++working", "<words:4-7>"]))
        for feature in analysed.features {
            #expect(ComplaintWordModel.key(Substring(feature.name)) == feature.key, "\(feature.name)")
        }
        let negated = ComplaintModelTraining.analyse("It isn’t working", features: 16)
        #expect(negated.features.map(\.name) == ["it", "isn't", "it+isn't", "!working", "isn't+working"])
        for feature in negated.features {
            #expect(ComplaintWordModel.key(Substring(feature.name)) == feature.key, "\(feature.name)")
        }
    }

    @Test func namesAreWordsCapitalisedMidSentence() {
        let texts = [
            "I went to Harlow Bank today and I'm still waiting", "my card from Harlow Bank never came",
            "Why does Harlow keep doing this. Harlow support is slow", "called Harlow again",
            "the Bank was closed and I was annoyed", "the bank app is down", "the bank said no",
            "so OK I tried again and I'll wait", "the TV is fine but I've had enough",
        ]
        let names = ComplaintModelTraining.properNouns(in: Array(repeating: texts, count: 2).flatMap { $0 }, minCount: 3, share: 0.8)
        // "Harlow": capitalised in all 4 uses that do not start a sentence ("Harlow support" starts
        // one). "bank": in 3 of 5, below the share. "I", "I'm", "I'll", "I've": never names. "OK",
        // "TV": all capitals, not a capital first letter.
        #expect(Set(names.values) == ["harlow"])
        #expect(names.keys.allSatisfy { ComplaintWordModel.key(Substring(names[$0]!)) == $0 })
    }

    @Test func excludedWordsLoseEveryFeatureThatTouchesThem() {
        let harlow = ComplaintWordModel.key("harlow")
        let analysed = ComplaintModelTraining.analyse(
            "Harlow isn’t working, not Harlowing", features: 17, excluding: [harlow])
        let names = analysed.features.map(\.name)
        #expect(!names.contains { $0.split(separator: "+").contains { $0 == "harlow" || $0 == "!harlow" } })
        #expect(names.contains("isn't") && names.contains("!working") && names.contains("!harlowing"))
        #expect(!ComplaintModelTraining.analyse("Harlow", excluding: []).features.isEmpty)
        // The length feature stays, though its range is the first word; a pair after a number goes.
        let withLength = ComplaintModelTraining.analyse("Harlow lost 2 harlow cards", features: 4, excluding: [harlow]).features.map(\.name)
        #expect(withLength.contains("<words:4-7>") && withLength.contains("lost") && !withLength.contains("<num>+harlow"))
    }

    @Test func aStrongWordScoreMakesAComplaintAndShowsTheWords() {
        let text = "The parcel sat in the depot for a fortnight"
        #expect(InteractionClassifier(wordModel: nil).classify(text).kind == .comment)
        let result = InteractionClassifier(wordModel: model("fortnight", 2)).classify(text)
        #expect(result.kind == .complaint)
        #expect(result.cues.first == "complaint: words \"fortnight\"")
    }

    @Test func theModelNeverTakesBackARuleComplaint() {
        let text = "The app crashes every time I open my basket"
        #expect(InteractionClassifier(wordModel: model("crashes", -5)).classify(text).kind == .complaint)
    }

    @Test func builtInModelLoads() {
        #expect(ComplaintWordModel.standard.count > 0)
        #expect(ComplaintWordModel.standard.threshold.isFinite)
    }
}
