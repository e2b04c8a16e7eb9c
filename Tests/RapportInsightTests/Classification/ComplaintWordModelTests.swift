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
        let score = InteractionClassifier(wordModel: nil).withScanned("I CAN’T find the parcel, 10 days now") {
            tokens, count, evidence, _, _ in
            m.score(tokens, count: count, evidence: evidence, kind: .comment)
        }
        #expect(score == 0.875)
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
