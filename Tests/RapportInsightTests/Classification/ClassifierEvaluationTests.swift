import Foundation
import Testing

@testable import RapportInsight

/// Fixtures are written for these tests (invented ids and text), not taken from any data set.
@Suite("ClassifierEvaluation")
struct ClassifierEvaluationTests {
    @Test func scoresPrecisionRecallAndF1PerKind() throws {
        let labels: [InteractionKind] = [.complaint, .complaint, .complaint, .question, .compliment, .comment]
        let predictions: [InteractionKind] = [.complaint, .complaint, .question, .question, .complaint, .comment]
        let scores = ClassifierScores(labels: labels, predictions: predictions)
        let complaint = try #require(scores[.complaint])
        #expect(complaint.support == 3)
        #expect(complaint.predicted == 3)
        #expect(abs(complaint.precision - 2.0 / 3.0) < 1e-9)
        #expect(abs(complaint.recall - 2.0 / 3.0) < 1e-9)
        #expect(abs(complaint.f1 - 2.0 / 3.0) < 1e-9)
        let question = try #require(scores[.question])
        #expect(question.precision == 0.5)
        #expect(question.recall == 1)
        let compliment = try #require(scores[.compliment])
        #expect(compliment.precision == 0)
        #expect(compliment.recall == 0)
        #expect(compliment.f1 == 0)
        #expect(abs(scores.accuracy - 4.0 / 6.0) < 1e-9)
        #expect(scores.count == 6)
    }

    @Test func confusionMatrixCountsLabelAgainstPrediction() {
        let scores = ClassifierScores(
            labels: [.complaint, .complaint, .question], predictions: [.question, .complaint, .question])
        let complaint = scores.kinds.firstIndex(of: .complaint) ?? -1
        let question = scores.kinds.firstIndex(of: .question) ?? -1
        #expect(scores.confusion[complaint][question] == 1)
        #expect(scores.confusion[complaint][complaint] == 1)
        #expect(scores.confusion[question][question] == 1)
        #expect(scores.confusion.flatMap { $0 }.reduce(0, +) == 3)
    }

    @Test func emptyInputScoresZeroWithoutDividingByZero() {
        let scores = ClassifierScores(labels: [], predictions: [])
        #expect(scores.accuracy == 0)
        #expect(scores.perKind.allSatisfy { $0.f1 == 0 && $0.support == 0 })
    }

    @Test func scoresRoundTripThroughJSON() throws {
        let scores = ClassifierScores(labels: [.complaint, .comment], predictions: [.complaint, .question])
        let data = try JSONEncoder().encode(scores)
        #expect(try JSONDecoder().decode(ClassifierScores.self, from: data) == scores)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"precision\""))
        #expect(json.contains("\"confusion\""))
    }

    @Test func textRenderingShowsEveryKindAndTheMatrix() {
        let scores = ClassifierScores(labels: [.complaint, .question], predictions: [.complaint, .comment])
        let text = scores.description
        for kind in InteractionKind.allCases { #expect(text.contains(kind.rawValue)) }
        #expect(text.contains("precision"))
        #expect(text.contains("accuracy 0.500"))
        #expect(text.contains("confusion"))
    }

    static let tweets = """
        tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id
        11,501,True,Mon Jan 01 10:00:00 +0000 2018,"@AcmeRail my train is delayed again, third time this week",,
        12,AcmeRail,False,Mon Jan 01 10:05:00 +0000 2018,@501 Sorry to hear that,,11
        13,502,True,Mon Jan 01 11:00:00 +0000 2018,"@AcmeRail how do I add a railcard
        to an ""off-peak"" ticket?",,
        14,503,True,Mon Jan 01 12:00:00 +0000 2018,@AcmeRail thank you so much for the help!,,

        """

    @Test func joinsLabelsWithTweetTextByID() throws {
        let labels = "tweet_id,kind,split,note\n13,question,dev,\n11,complaint,test,multi-line neighbour\n14,compliment,dev,\n"
        let messages = try LabelledTweets.join(labelsCSV: labels, tweetsCSV: Self.tweets)
        #expect(messages.map(\.id) == ["13", "11", "14"])
        #expect(messages[0].text == "@AcmeRail how do I add a railcard\nto an \"off-peak\" ticket?")
        #expect(messages[0].kind == .question)
        #expect(messages[1].split == "test")
    }

    @Test func readsTheLabelFromTheNamedColumn() throws {
        let labels = "tweet_id,kind,split,kind1,kind2\n11,complaint,dev,comment,complaint\n14,compliment,dev,compliment,comment\n"
        let agreed = try LabelledTweets.join(labelsCSV: labels, tweetsCSV: Self.tweets)
        let first = try LabelledTweets.join(labelsCSV: labels, tweetsCSV: Self.tweets, kindColumn: "kind1")
        let second = try LabelledTweets.join(labelsCSV: labels, tweetsCSV: Self.tweets, kindColumn: "kind2")
        #expect(agreed.map(\.kind) == [.complaint, .compliment])
        #expect(first.map(\.kind) == [.comment, .compliment])
        #expect(second.map(\.kind) == [.complaint, .comment])
        #expect(first.map(\.split) == ["dev", "dev"])
        #expect(throws: LabelledTweetsError.self) {
            try LabelledTweets.join(labelsCSV: labels, tweetsCSV: Self.tweets, kindColumn: "kind3")
        }
    }

    @Test func rejectsAnUnknownTweetWithItsLine() {
        let labels = "tweet_id,kind\n11,complaint\n99,question\n"
        #expect {
            try LabelledTweets.join(labelsCSV: labels, tweetsCSV: Self.tweets)
        } throws: { error in
            guard let error = error as? LabelledTweetsError else { return false }
            return error.kind == .unknownTweet && error.line == 3
        }
    }

    @Test func rejectsAnUnknownKind() {
        let labels = "tweet_id,kind\n11,rant\n"
        #expect(throws: LabelledTweetsError.self) {
            try LabelledTweets.join(labelsCSV: labels, tweetsCSV: Self.tweets)
        }
    }

    @Test func rejectsALabelsFileWithoutKindColumn() {
        #expect(throws: LabelledTweetsError.self) {
            try LabelledTweets.join(labelsCSV: "tweet_id,label\n11,complaint\n", tweetsCSV: Self.tweets)
        }
    }

    @Test func evaluatesTheClassifierPerSplit() throws {
        let labels = "tweet_id,kind,split\n11,complaint,dev\n13,question,test\n14,compliment,test\n"
        let messages = try LabelledTweets.join(labelsCSV: labels, tweetsCSV: Self.tweets)
        let bySplit = ClassifierEvaluation.evaluateBySplit(messages)
        #expect(Set(bySplit.keys) == ["all", "dev", "test"])
        #expect(bySplit["dev"]?.count == 1)
        #expect(bySplit["test"]?.count == 2)
        #expect(bySplit["all"]?.accuracy == 1)
        #expect(ClassifierEvaluation.mistakes(messages).isEmpty)
    }

    @Test func listsMistakesWithTheirCues() {
        let messages = [LabelledMessage(id: "7", text: "my parcel never arrived", kind: .compliment)]
        let mistakes = ClassifierEvaluation.mistakes(messages)
        #expect(mistakes.count == 1)
        #expect(mistakes.first?.predicted == .complaint)
        #expect(mistakes.first?.cues.isEmpty == false)
    }

    @Test func readsEveryTextOfATweetsFile() throws {
        let texts = try LabelledTweets.texts(inTweetsCSV: Self.tweets)
        #expect(texts.count == 4)
        #expect(texts[1] == "@501 Sorry to hear that")
    }

    @Test func measuresTheClassificationRate() {
        let rate = ClassifierEvaluation.measureRate(of: ["my parcel never arrived", "thanks!"], rounds: 3)
        #expect(rate.messages == 6)
        #expect(rate.distinctTexts == 2)
        #expect(rate.perSecond > 0)
        #expect(rate.description.contains("messages/s"))
    }

    @Test func csvReaderHandlesQuotesCRLFAndEmbeddedBreaks() {
        let records = QuotedCSV.records(in: "a,b\r\n\"x, y\",\"line1\nline2\"\r\n\"say \"\"hi\"\"\",\n")
        #expect(records.map(\.fields) == [["a", "b"], ["x, y", "line1\nline2"], ["say \"hi\"", ""]])
        #expect(records.map(\.line) == [1, 2, 4])
    }
}
