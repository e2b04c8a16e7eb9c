extension InteractionClassifier {
    /// A message needs this many words of its own before the brand's reply may turn it from a
    /// comment into a complaint or compliment: "ok cool" or a bare link stays a comment even when
    /// the brand goes on troubleshooting the problem reported earlier in the thread.
    static let wordsForContext = 3
    /// Complaint evidence (message + reply) that turns a question into a question about a failure.
    static let failureInQuestionWithReply: Float = 0.6
    /// Of that, the reply alone must bring this much: a request for details by DM is also how
    /// brands answer account questions, so it does not make a question a complaint by itself.
    static let replyFailureInQuestion: Float = 0.4
    /// Reply evidence needed to turn a comment into a compliment: thanks for kind words, not mere
    /// gladness ("happy to hear" also answers "it works now", a comment).
    static let replyPraiseForComment: Float = 0.6
    /// Reply evidence needed to call a question-about-a-failure a plain question.
    static let plainAnswer: Float = 0.6

    /// Combines the kind read from the message alone with the brand's reply. The message's own
    /// strong evidence stands; the reply decides where the text left room:
    /// - **complaint** stays a complaint, except a question whose only failure evidence was weak
    ///   (0.5 … 1) and which the brand plainly answered without apology or troubleshooting: a question;
    /// - a **question** becomes a complaint when message and reply together reach 0.6 complaint
    ///   evidence, 0.4 of it from the reply (the brand apologised or troubleshoots, not only asked
    ///   for a DM: the question was about a failure);
    /// - a **compliment** from weak praise (< 1) becomes a complaint when the reply alone is
    ///   strong complaint evidence (an apology plus troubleshooting or details);
    /// - a **comment** of at least ``wordsForContext`` words becomes a complaint when message and
    ///   reply together reach 0.6 complaint evidence and either the brand owns a problem (apology,
    ///   sympathy, acknowledged fault: 0.6) or the message has complaint evidence of its own (mid-thread,
    ///   brands troubleshoot after bare answers like "iOS 11" too), or a compliment when the reply thanks for kind
    ///   words (0.6) (whichever the reply supports more).
    func decide(_ evidence: MessageEvidence, textKind: InteractionKind, reply: ReplyEvidence, words: Int) -> InteractionKind {
        let problem = evidence.problem + reply.problem
        let praise = evidence.praise + reply.praise
        switch textKind {
        case .complaint:
            if evidence.problem < Self.decisive && evidence.ask >= Self.decisive && reply.answer >= Self.plainAnswer
                && reply.problem < Self.failureInQuestion
            {
                return .question
            }
            return .complaint
        case .question:
            return problem >= Self.failureInQuestionWithReply && reply.problem >= Self.replyFailureInQuestion
                ? .complaint : .question
        case .compliment:
            if evidence.praise < Self.decisive && reply.problem >= Self.decisive && reply.praise == 0 { return .complaint }
            return .compliment
        case .comment:
            guard words >= Self.wordsForContext else { return .comment }
            if reply.problem >= reply.praise && problem >= Self.weak
                && (reply.acknowledged >= Self.weak || evidence.problem > 0)
            {
                return .complaint
            }
            if reply.praise > reply.problem && reply.praise >= Self.replyPraiseForComment && praise >= Self.weak {
                return .compliment
            }
            return .comment
        }
    }
}
