import Foundation

/// How many complaints each term has appeared in, learnt from every batch seen so far; it gives
/// the IDF weights of ``ThemeFeatures``. Persist it beside the themes (it is `Codable`) and pass it
/// back each night, so that a term's weight means the same thing from one run to the next.
///
/// Encoded as `{"documentCount": N, "terms": {"refund": 120, "refund receiv": 31, …}}`.
public struct ThemeVocabulary: Sendable, Equatable, Codable {
    struct Entry: Sendable, Equatable {
        var text: String
        var documentFrequency: Int
    }

    /// How many complaints have been learnt from.
    public private(set) var documentCount: Int
    var entries: [UInt64: Entry]

    /// An empty vocabulary: every term is new.
    public init() {
        documentCount = 0
        entries = [:]
    }

    /// The number of distinct terms (stems and stem bigrams).
    public var termCount: Int { entries.count }

    /// In how many learnt complaints `term` (a stem or "stem stem" bigram) appeared.
    public func documentFrequency(of term: String) -> Int {
        entries[TermHash.hash(term)]?.documentFrequency ?? 0
    }

    /// The inverse document frequency, smoothed as `ln((N + 1) / (df + 1)) + 1`.
    @inline(__always)
    func inverseDocumentFrequency(documentFrequency df: Int) -> Float {
        Float(log(Double(documentCount + 1) / Double(df + 1)) + 1)
    }

    func text(of term: UInt64) -> String? { entries[term]?.text }

    mutating func add(documents: Int, frequencies: [UInt64: Int], texts: [UInt64: String]) {
        documentCount += documents
        entries.reserveCapacity(entries.count + texts.count)
        for (term, df) in frequencies {
            if let i = entries.index(forKey: term) {
                entries.values[i].documentFrequency += df
            } else if let text = texts[term] {
                entries[term] = Entry(text: text, documentFrequency: df)
            }
        }
    }

    /// Drops terms seen in fewer than `minimumDocumentFrequency` complaints, to keep the persisted
    /// vocabulary small (such terms never weigh in a theme anyway). The document count is kept.
    public mutating func prune(minimumDocumentFrequency: Int) {
        entries = entries.filter { $0.value.documentFrequency >= minimumDocumentFrequency }
    }

    private enum CodingKeys: String, CodingKey { case documentCount, terms }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        documentCount = try container.decode(Int.self, forKey: .documentCount)
        let terms = try container.decode([String: Int].self, forKey: .terms)
        entries = Dictionary(uniqueKeysWithValues: terms.map { (TermHash.hash($0.key), Entry(text: $0.key, documentFrequency: $0.value)) })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(documentCount, forKey: .documentCount)
        var terms: [String: Int] = [:]
        terms.reserveCapacity(entries.count)
        for entry in entries.values { terms[entry.text] = entry.documentFrequency }
        try container.encode(terms, forKey: .terms)
    }
}
