import Foundation
import Testing
@testable import RapportInsight

@Suite struct ThemeEvaluationTests {
    // The worked example of Manning, Raghavan & Schütze, "Introduction to Information Retrieval",
    // §16.3: three clusters of 6, 6 and 5 points over labels x, o, d.
    static let clusters = Array(repeating: 1, count: 6) + Array(repeating: 2, count: 6) + Array(repeating: 3, count: 5)
    static let labels = Array("xxxxxo" + "xooood" + "xxddd").map(String.init)

    @Test func purityMatchesTextbookExample() {
        // (5 + 4 + 3) / 17
        #expect(abs(ThemeEvaluation.purity(clusters: Self.clusters, labels: Self.labels) - 12.0 / 17.0) < 1e-12)
    }

    @Test func arithmeticNMIMatchesTextbookExample() {
        // I(Ω;C) / ((H(Ω) + H(C)) / 2) ≈ 0.36 in the book; 0.364562 to six places.
        #expect(abs(ThemeEvaluation.normalizedMutualInformation(clusters: Self.clusters, labels: Self.labels) - 0.364562) < 1e-6)
    }

    @Test func adjustedRandIndexMatchesHandComputation() {
        // Pairs in the same cluster and label: C(5,2)+C(4,2)+C(3,2)+C(2,2) = 10+6+3+1 = 20.
        // Same-cluster pairs a = 15+15+10 = 40; same-label pairs b = C(8,2)+C(5,2)+C(4,2) = 28+10+6 = 44.
        // Expected = 40×44/136; ARI = (20 − expected) / ((40+44)/2 − expected) = 0.242915.
        let expected = (20 - 40.0 * 44 / 136) / (42 - 40.0 * 44 / 136)
        #expect(abs(ThemeEvaluation.adjustedRandIndex(clusters: Self.clusters, labels: Self.labels) - expected) < 1e-12)
        #expect(abs(expected - 0.242915) < 1e-6)
    }

    @Test func crossedPartitionsShareNoInformation() {
        let c = [0, 0, 1, 1], l = ["a", "b", "a", "b"]
        #expect(abs(ThemeEvaluation.normalizedMutualInformation(clusters: c, labels: l)) < 1e-12)
        #expect(abs(ThemeEvaluation.adjustedRandIndex(clusters: c, labels: l) + 0.5) < 1e-12)
        #expect(ThemeEvaluation.purity(clusters: c, labels: l) == 0.5)
    }

    @Test func splittingOneLabelInTwoKeepsPurityButLowersNMIAndARI() {
        let s = ThemeEvaluation.scores(clusters: [0, 0, 1, 2], labels: ["a", "a", "b", "b"])
        #expect(s.purity == 1)
        #expect(abs(s.normalizedMutualInformation - 0.8) < 1e-12)  // I = ln 2, H = 1.5 ln 2 and ln 2
        #expect(abs(s.adjustedRandIndex - 4.0 / 7.0) < 1e-12)
        #expect(s.clusterCount == 3 && s.labelCount == 2 && s.itemCount == 4)
    }

    @Test func identicalPartitionsUnderRenamingScoreOne() {
        let s = ThemeEvaluation.scores(clusters: [7, 7, 3, 3, 9], labels: ["a", "a", "b", "b", "c"])
        #expect(s.purity == 1)
        #expect(abs(s.normalizedMutualInformation - 1) < 1e-12)
        #expect(abs(s.adjustedRandIndex - 1) < 1e-12)
    }

    @Test func evaluatingDiscoveryOnTheFixturesRecoversTheirFourProblems() {
        let labels = ComplaintFixtures.problems.enumerated().flatMap { p, texts in texts.map { _ in "problem \(p)" } }
        let (scores, result) = ThemeEvaluation.evaluateDiscovery(on: LabelledTexts(texts: ComplaintFixtures.all, labels: labels))
        #expect(result.themes.count == 4)
        #expect(scores.purity == 1)
        #expect(abs(scores.normalizedMutualInformation - 1) < 1e-9)
        #expect(abs(scores.adjustedRandIndex - 1) < 1e-9)
    }

    @Test func unthemedTextsBecomeSingletonClusters() {
        let result = ThemeDiscoveryResult(themes: [], themeOfText: [nil, nil])
        #expect(ThemeEvaluation.clusterIDs(result) == [0, 1])
    }

    @Test func readsQuotedLabelledCSV() throws {
        let csv = "text,category\n\"Hello, \"\"bank\"\"\nsecond line\",card_arrival\nplain text,refund\n"
        let data = try LabelledTexts.parse(csv: Data(csv.utf8))
        #expect(data.texts == ["Hello, \"bank\"\nsecond line", "plain text"])
        #expect(data.labels == ["card_arrival", "refund"])
    }

    @Test func rejectsRowWithWrongFieldCountWithItsLine() {
        let csv = "text,category\nok,a\nnot,enough,fields\n"
        #expect {
            try LabelledTexts.parse(csv: Data(csv.utf8))
        } throws: { error in
            (error as? LabelledTexts.ReadError)?.line == 3
        }
    }
}
