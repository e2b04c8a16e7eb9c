/// What is known around a customer message besides its own text, for
/// ``InteractionClassifier/classify(_:context:)``.
///
/// In a customer-service store the brand's reply to a message is usually known (twcs: the inbound
/// tweet's `response_tweet_id`; Rapport's store: the next outbound interaction on the same thread or
/// profile). How the brand answered is strong evidence of what the customer wrote: an apology, a
/// request for details to investigate, or troubleshooting says the customer complained; thanks for
/// kind words say they praised; a plain answer says they asked.
public struct ClassificationContext: Sendable, Hashable {
    /// The brand's first reply to the message, or nil when there was none (or it is unknown).
    public var brandReply: String?

    /// A context; with no reply it classifies exactly as ``InteractionClassifier/classify(_:)``.
    public init(brandReply: String? = nil) {
        self.brandReply = brandReply
    }

    /// True when the context holds nothing the classifier can use.
    public var isEmpty: Bool {
        guard let reply = brandReply else { return true }
        return reply.utf8.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    }
}
