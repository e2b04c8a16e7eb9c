import Foundation

/// A message with the kind a person gave it, for measuring the classifier.
public struct LabelledMessage: Sendable, Hashable, Codable {
    /// The message's id in its source (a tweet id for twcs).
    public var id: String
    public var text: String
    /// The hand label.
    public var kind: InteractionKind
    /// `dev` (may be tuned on) or `test` (held out); nil when the labels file has no split column.
    public var split: String?
    /// The brand's first reply to the message, when the source has it (twcs: the first id of
    /// `response_tweet_id`, if that row is a brand's, `inbound=False`); nil otherwise.
    public var brandReply: String?

    public init(id: String, text: String, kind: InteractionKind, split: String? = nil, brandReply: String? = nil) {
        self.id = id
        self.text = text
        self.kind = kind
        self.split = split
        self.brandReply = brandReply
    }

    /// The message's context for ``InteractionClassifier/classify(_:context:)``.
    public var context: ClassificationContext { ClassificationContext(brandReply: brandReply) }
}

/// Why a labels file could not be joined with its tweets.
public struct LabelledTweetsError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable { case missingColumn, unknownKind, unknownTweet, duplicateLabel }
    public let kind: Kind
    /// 1-based line in the labels file (0 for the header of either file).
    public let line: Int
    public let detail: String
    public var description: String { "line \(line): \(detail)" }
}

/// Joins a hand-labels file (`tweet_id,kind[,split,...]`, text-free so that it can live in the
/// project) with the twcs CSV export (`tweet_id,...,text,...`) by `tweet_id`.
///
/// The labels file format is described in `benchmarks/classification/LABELLING.md`.
public enum LabelledTweets {
    /// The labelled messages, in the labels file's order. Every labelled id must be in the tweets
    /// file and every kind must be one of ``InteractionKind``; otherwise this throws with the line.
    ///
    /// `kindColumn` names the column that holds the label: `kind` (the agreed label) unless a
    /// single labeller's pass is wanted (`twcs_labels.csv` also has `kind1`, the first labeller's,
    /// which every figure before session 16 was measured against).
    public static func join(labelsCSV: String, tweetsCSV: String, kindColumn kindName: String = "kind") throws -> [LabelledMessage] {
        let labels = QuotedCSV.records(in: labelsCSV)
        guard let header = labels.first else { return [] }
        guard let idColumn = header.fields.firstIndex(of: "tweet_id"), let kindColumn = header.fields.firstIndex(of: kindName) else {
            throw LabelledTweetsError(kind: .missingColumn, line: 0, detail: "labels file needs tweet_id and \(kindName) columns")
        }
        let splitColumn = header.fields.firstIndex(of: "split")
        let tweets = try tweetTexts(tweetsCSV)
        let texts = tweets.texts
        var seen = Set<String>()
        var messages: [LabelledMessage] = []
        for record in labels.dropFirst() {
            let fields = record.fields
            guard fields.count > max(idColumn, kindColumn) else {
                throw LabelledTweetsError(kind: .missingColumn, line: record.line, detail: "too few fields")
            }
            let id = fields[idColumn].trimmingCharacters(in: .whitespaces)
            guard let kind = InteractionKind(rawValue: fields[kindColumn].trimmingCharacters(in: .whitespaces)) else {
                throw LabelledTweetsError(kind: .unknownKind, line: record.line, detail: "unknown kind '\(fields[kindColumn])'")
            }
            guard let text = texts[id] else {
                throw LabelledTweetsError(kind: .unknownTweet, line: record.line, detail: "tweet \(id) is not in the tweets file")
            }
            guard seen.insert(id).inserted else {
                throw LabelledTweetsError(kind: .duplicateLabel, line: record.line, detail: "tweet \(id) is labelled twice")
            }
            let split = splitColumn.flatMap { $0 < fields.count ? fields[$0] : nil }
            messages.append(LabelledMessage(id: id, text: text, kind: kind, split: split, brandReply: tweets.brandReply(to: id)))
        }
        return messages
    }

    /// Reads both files and joins them (see ``join(labelsCSV:tweetsCSV:kindColumn:)``).
    public static func load(labels: URL, tweets: URL, kindColumn: String = "kind") throws -> [LabelledMessage] {
        try join(
            labelsCSV: String(contentsOf: labels, encoding: .utf8),
            tweetsCSV: String(contentsOf: tweets, encoding: .utf8), kindColumn: kindColumn)
    }

    /// The texts of a twcs export by id, and for each tweet the id of its first response when that
    /// response is in the file and written by a brand (`inbound` is `False`).
    struct Tweets {
        var texts: [String: String] = [:]
        var firstBrandResponse: [String: String] = [:]

        func brandReply(to id: String) -> String? { firstBrandResponse[id].flatMap { texts[$0] } }
    }

    static func tweetTexts(_ csv: String) throws -> Tweets {
        let records = QuotedCSV.records(in: csv)
        guard let header = records.first, let idColumn = header.fields.firstIndex(of: "tweet_id"),
            let textColumn = header.fields.firstIndex(of: "text")
        else {
            throw LabelledTweetsError(kind: .missingColumn, line: 0, detail: "tweets file needs tweet_id and text columns")
        }
        // Optional: without them no message gets a brand reply.
        let inboundColumn = header.fields.firstIndex(of: "inbound")
        let responseColumn = header.fields.firstIndex(of: "response_tweet_id")
        var tweets = Tweets()
        var firstResponse: [String: String] = [:]
        var brands = Set<String>()
        for record in records.dropFirst() where record.fields.count > max(idColumn, textColumn) {
            let fields = record.fields
            let id = fields[idColumn]
            tweets.texts[id] = fields[textColumn]
            if let c = inboundColumn, c < fields.count, fields[c].trimmingCharacters(in: .whitespaces).lowercased() == "false" {
                brands.insert(id)
            }
            if let c = responseColumn, c < fields.count,
                let first = fields[c].split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !first.isEmpty
            {
                firstResponse[id] = first
            }
        }
        tweets.firstBrandResponse = firstResponse.filter { brands.contains($0.value) }
        return tweets
    }
}
