/// How fast the classifier runs: messages classified per second of wall-clock time on one thread.
public struct ClassificationRate: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Classifications performed (distinct texts × rounds).
    public var messages: Int
    public var distinctTexts: Int
    public var rounds: Int
    /// Mean UTF-8 size of the texts.
    public var averageBytes: Int
    public var seconds: Double
    public var perSecond: Double

    public var description: String {
        "\(messages) messages (\(distinctTexts) texts × \(rounds), \(averageBytes) bytes on average) in "
            + "\((seconds * 1000).rounded() / 1000) s: \(Int(perSecond)) messages/s"
    }
}

extension ClassifierEvaluation {
    /// Classifies every text `rounds` times on the calling thread and reports the rate (what the
    /// nightly batch can expect per core; a busy machine measures lower).
    public static func measureRate(
        of texts: [String], rounds: Int = 10, with classifier: InteractionClassifier = InteractionClassifier()
    ) -> ClassificationRate {
        let rounds = max(1, rounds)
        var complaints = 0
        _ = classifier.classify("warm up the lexicon")
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                for text in texts where classifier.classify(text).kind == .complaint { complaints += 1 }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let messages = texts.count * rounds
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        return ClassificationRate(
            messages: messages, distinctTexts: texts.count, rounds: rounds,
            averageBytes: texts.isEmpty ? 0 : bytes / texts.count, seconds: seconds,
            perSecond: seconds > 0 ? Double(messages) / seconds : 0)
    }
}

extension ClassifierEvaluation {
    /// As ``measureRate(of:rounds:with:)``, classifying each text with its context (same order as
    /// `texts`; missing contexts count as empty), to measure the cost of reading brand replies.
    public static func measureRate(
        of texts: [String], contexts: [ClassificationContext], rounds: Int = 10,
        with classifier: InteractionClassifier = InteractionClassifier()
    ) -> ClassificationRate {
        let rounds = max(1, rounds)
        let empty = ClassificationContext()
        var complaints = 0
        _ = classifier.classify("warm up the lexicon", context: ClassificationContext(brandReply: "sorry to hear that"))
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                for (i, text) in texts.enumerated()
                where classifier.classify(text, context: i < contexts.count ? contexts[i] : empty).kind == .complaint {
                    complaints += 1
                }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let messages = texts.count * rounds
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        return ClassificationRate(
            messages: messages, distinctTexts: texts.count, rounds: rounds,
            averageBytes: texts.isEmpty ? 0 : bytes / texts.count, seconds: seconds,
            perSecond: seconds > 0 ? Double(messages) / seconds : 0)
    }
}

extension LabelledTweets {
    /// Every customer tweet (`inbound=True`) of a twcs-style CSV export with its context (the
    /// brand's first reply, when the file has it), e.g. to measure the rate with context.
    public static func inboundTextsWithContext(inTweetsCSV csv: String) throws -> [(text: String, context: ClassificationContext)] {
        let records = QuotedCSV.records(in: csv)
        guard let header = records.first, let idColumn = header.fields.firstIndex(of: "tweet_id"),
            let inboundColumn = header.fields.firstIndex(of: "inbound")
        else {
            throw LabelledTweetsError(kind: .missingColumn, line: 0, detail: "tweets file needs tweet_id and inbound columns")
        }
        let tweets = try tweetTexts(csv)
        return records.dropFirst().compactMap { record in
            let fields = record.fields
            guard fields.count > max(idColumn, inboundColumn), fields[inboundColumn].lowercased() == "true",
                let text = tweets.texts[fields[idColumn]]
            else { return nil }
            return (text, ClassificationContext(brandReply: tweets.brandReply(to: fields[idColumn])))
        }
    }

    /// The `text` column of a twcs-style CSV export (every row), e.g. to measure the classification rate.
    public static func texts(inTweetsCSV csv: String) throws -> [String] {
        let records = QuotedCSV.records(in: csv)
        guard let header = records.first, let textColumn = header.fields.firstIndex(of: "text") else {
            throw LabelledTweetsError(kind: .missingColumn, line: 0, detail: "tweets file needs a text column")
        }
        return records.dropFirst().compactMap { $0.fields.count > textColumn ? $0.fields[textColumn] : nil }
    }
}
