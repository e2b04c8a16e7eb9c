import Testing

@testable import RapportInsight

/// Fixtures are written for these tests (invented ids and text), not taken from any data set.
@Suite("ClassifierEvaluation with context")
struct ContextEvaluationTests {
    /// 21 is answered by a brand (22, listed first) and a customer (23); 24's first response (25) is
    /// a customer's, so it has no brand reply; 26 names a response missing from the file.
    static let tweets = """
        tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id
        21,601,True,Mon Jan 01 10:00:00 +0000 2018,@AcmeRail three weeks and the refund form still says pending review,"22,23",
        22,AcmeRail,False,Mon Jan 01 10:05:00 +0000 2018,"@601 We're sorry to hear that, please DM us the reference",,21
        23,602,True,Mon Jan 01 10:06:00 +0000 2018,@601 same here,,21
        24,603,True,Mon Jan 01 11:00:00 +0000 2018,Three weeks now and the parcel for my sister's birthday is somewhere in Leeds,"25,27",
        25,604,True,Mon Jan 01 11:01:00 +0000 2018,@603 ha,,24
        27,AcmeRail,False,Mon Jan 01 11:02:00 +0000 2018,@603 So sorry to hear this,,24
        26,605,True,Mon Jan 01 12:00:00 +0000 2018,Just landed in Lisbon with the crew from your morning flight,999,

        """

    static let labels = """
        tweet_id,kind,split
        21,complaint,dev
        24,complaint,dev
        26,comment,test

        """

    @Test func joinsEachMessageToItsFirstResponseWhenABrandWroteIt() throws {
        let messages = try LabelledTweets.join(labelsCSV: Self.labels, tweetsCSV: Self.tweets)
        #expect(messages.map(\.brandReply) == ["@601 We're sorry to hear that, please DM us the reference", nil, nil])
        #expect(messages[0].context.brandReply == messages[0].brandReply)
        #expect(messages[1].context.isEmpty)
    }

    @Test func countsCoveragePerSplit() throws {
        let messages = try LabelledTweets.join(labelsCSV: Self.labels, tweetsCSV: Self.tweets)
        let coverage = ClassifierEvaluation.contextCoverageBySplit(messages)
        #expect(coverage["dev"] == ContextCoverage(messages: 2, withBrandReply: 1))
        #expect(coverage["test"] == ContextCoverage(messages: 1, withBrandReply: 0))
        #expect(coverage["all"] == ContextCoverage(messages: 3, withBrandReply: 1))
    }

    @Test func scoresWithContextOnlyWhenAsked() throws {
        let messages = try LabelledTweets.join(labelsCSV: Self.labels, tweetsCSV: Self.tweets)
        let classifier = InteractionClassifier()
        let withContext = ClassifierEvaluation.evaluate(messages, context: true)
        let without = ClassifierEvaluation.evaluate(messages)
        let expectedWith = messages.map { classifier.classify($0.text, context: $0.context).kind }
        let expectedWithout = messages.map { classifier.classify($0.text).kind }
        #expect(withContext == ClassifierScores(labels: messages.map(\.kind), predictions: expectedWith))
        #expect(without == ClassifierScores(labels: messages.map(\.kind), predictions: expectedWithout))
        #expect(ClassifierEvaluation.evaluateBySplit(messages, context: true)["all"] == withContext)
        #expect(ClassifierEvaluation.mistakes(messages, context: true).count == messages.count - Int((withContext.accuracy * 3).rounded()))
    }

    @Test func inboundTextsCarryTheirBrandReply() throws {
        let pairs = try LabelledTweets.inboundTextsWithContext(inTweetsCSV: Self.tweets)
        #expect(pairs.count == 5)
        #expect(
            pairs.filter { !$0.context.isEmpty }.map(\.context.brandReply) == ["@601 We're sorry to hear that, please DM us the reference"])
    }

    @Test func filesWithoutReplyColumnsStillJoin() throws {
        let tweets = "tweet_id,text\n21,hello there\n"
        let messages = try LabelledTweets.join(labelsCSV: "tweet_id,kind\n21,comment\n", tweetsCSV: tweets)
        #expect(messages.count == 1)
        #expect(messages[0].brandReply == nil)
    }
}
