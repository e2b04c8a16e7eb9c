/// Measures ``InteractionClassifier`` against hand-labelled messages (what `rapport eval classify`
/// runs): scores overall and per split, and lists the disagreements for a person to read.
public enum ClassifierEvaluation {
    /// A message the classifier got wrong, with the cues it decided on (no text: ids only, so the
    /// list can be shared without the source's text).
    public struct Mistake: Sendable, Hashable, Codable {
        public var id: String
        public var label: InteractionKind
        public var predicted: InteractionKind
        public var cues: [String]
    }

    /// Scores the classifier on `messages`; with `context`, each message is classified with its
    /// brand reply (``InteractionClassifier/classify(_:context:)``), else from its text alone.
    public static func evaluate(
        _ messages: [LabelledMessage], with classifier: InteractionClassifier = InteractionClassifier(), context: Bool = false
    ) -> ClassifierScores {
        ClassifierScores(labels: messages.map(\.kind), predictions: messages.map { classify($0, with: classifier, context: context).kind })
    }

    private static func classify(_ message: LabelledMessage, with classifier: InteractionClassifier, context: Bool) -> Classification {
        context ? classifier.classify(message.text, context: message.context) : classifier.classify(message.text)
    }

    /// How many messages of each split (and `all`) have a brand reply to use as context.
    public static func contextCoverageBySplit(_ messages: [LabelledMessage]) -> [String: ContextCoverage] {
        var bySplit: [String: ContextCoverage] = [:]
        for message in messages {
            for key in message.split.map({ [$0, "all"] }) ?? ["all"] {
                bySplit[key, default: ContextCoverage()].messages += 1
                if message.brandReply != nil { bySplit[key, default: ContextCoverage()].withBrandReply += 1 }
            }
        }
        return bySplit
    }

    /// Scores each split separately (`dev`, `test`, ...; messages without a split under `all` only)
    /// and all messages together under `all`.
    public static func evaluateBySplit(
        _ messages: [LabelledMessage], with classifier: InteractionClassifier = InteractionClassifier(), context: Bool = false
    ) -> [String: ClassifierScores] {
        var bySplit = Dictionary(grouping: messages.filter { $0.split != nil }, by: { $0.split ?? "" })
            .mapValues { evaluate($0, with: classifier, context: context) }
        bySplit["all"] = evaluate(messages, with: classifier, context: context)
        return bySplit
    }

    /// The messages whose classification differs from their label, in input order.
    public static func mistakes(
        _ messages: [LabelledMessage], with classifier: InteractionClassifier = InteractionClassifier(), context: Bool = false
    ) -> [Mistake] {
        messages.compactMap { message in
            let result = classify(message, with: classifier, context: context)
            guard result.kind != message.kind else { return nil }
            return Mistake(id: message.id, label: message.kind, predicted: result.kind, cues: result.cues)
        }
    }
}

/// How many labelled messages have a brand reply the classifier can use as context.
public struct ContextCoverage: Sendable, Hashable, Codable {
    public var messages = 0
    public var withBrandReply = 0

    public init(messages: Int = 0, withBrandReply: Int = 0) {
        self.messages = messages
        self.withBrandReply = withBrandReply
    }
}
