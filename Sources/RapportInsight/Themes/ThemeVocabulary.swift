import Foundation

/// How many complaints each term has appeared in, learnt from every batch seen so far; it gives
/// the IDF weights of ``ThemeFeatures``. Persist it beside the themes (it is `Codable`) and pass it
/// back each night, so that a term's weight means the same thing from one run to the next.
///
/// Encoded as `{"documentCount": N, "terms": {"refund": 120, "refund receiv": 31, …}}`.
///
/// Terms are numbered densely (``TermIndex``): term `k` has hash `index.keys[k]`, text `texts[k]`
/// and document frequency `documentFrequencies[k]`, so the hot path indexes arrays.
public struct ThemeVocabulary: Sendable, Equatable, Codable {
    /// How many complaints have been learnt from.
    public private(set) var documentCount: Int
    private(set) var index: TermIndex
    private(set) var texts: [String]
    var documentFrequencies: [Int]

    /// An empty vocabulary: every term is new.
    public init() {
        documentCount = 0
        index = TermIndex()
        texts = []
        documentFrequencies = []
    }

    /// The number of distinct terms (stems and stem bigrams).
    public var termCount: Int { index.count }

    /// In how many learnt complaints `term` (a stem or "stem stem" bigram) appeared.
    public func documentFrequency(of term: String) -> Int {
        index.find(TermHash.hash(term)).map { documentFrequencies[$0] } ?? 0
    }

    /// The inverse document frequency, smoothed as `ln((N + 1) / (df + 1)) + 1`.
    @inline(__always)
    func inverseDocumentFrequency(documentFrequency df: Int) -> Float {
        Float(log(Double(documentCount + 1) / Double(df + 1)) + 1)
    }

    func text(of term: UInt64) -> String? { index.find(term).map { texts[$0] } }

    /// The number of `term`, adding it with document frequency 0 when it is new; `text` is asked
    /// for only then.
    @inline(__always)
    mutating func number(of term: UInt64, text: () -> String) -> Int {
        let (k, inserted) = index.insert(term)
        if inserted {
            texts.append(text())
            documentFrequencies.append(0)
        }
        return k
    }

    /// Counts `documents` more learnt complaints (their terms' frequencies are added one by one).
    mutating func addDocuments(_ documents: Int) {
        documentCount += documents
    }

    /// Drops terms seen in fewer than `minimumDocumentFrequency` complaints, to keep the persisted
    /// vocabulary small (such terms never weigh in a theme anyway). The document count is kept.
    /// Renumbers the terms.
    public mutating func prune(minimumDocumentFrequency: Int) {
        var kept = ThemeVocabulary()
        kept.documentCount = documentCount
        for k in 0..<termCount where documentFrequencies[k] >= minimumDocumentFrequency {
            kept.append(hash: index.keys[k], text: texts[k], documentFrequency: documentFrequencies[k])
        }
        self = kept
    }

    private mutating func append(hash: UInt64, text: String, documentFrequency: Int) {
        let k = number(of: hash) { text }
        documentFrequencies[k] += documentFrequency
    }

    /// Equal when they count the same documents and give every term the same text and frequency
    /// (whatever the order the terms were learnt in).
    public static func == (a: ThemeVocabulary, b: ThemeVocabulary) -> Bool {
        guard a.documentCount == b.documentCount, a.termCount == b.termCount else { return false }
        for k in 0..<a.termCount {
            guard let j = b.index.find(a.index.keys[k]), b.texts[j] == a.texts[k], b.documentFrequencies[j] == a.documentFrequencies[k]
            else { return false }
        }
        return true
    }

    private enum CodingKeys: String, CodingKey { case documentCount, terms }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let terms = try container.decode([String: Int].self, forKey: .terms)
        self.init()
        documentCount = try container.decode(Int.self, forKey: .documentCount)
        index = TermIndex(minimumCapacity: terms.count)
        texts.reserveCapacity(terms.count)
        documentFrequencies.reserveCapacity(terms.count)
        for (text, df) in terms { append(hash: TermHash.hash(text), text: text, documentFrequency: df) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(documentCount, forKey: .documentCount)
        var terms: [String: Int] = [:]
        terms.reserveCapacity(termCount)
        for k in 0..<termCount { terms[texts[k]] = documentFrequencies[k] }
        try container.encode(terms, forKey: .terms)
    }
}
