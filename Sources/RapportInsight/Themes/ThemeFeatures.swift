import Foundation

/// Turns complaint texts into TF-IDF vectors of stems and stem bigrams (see ``ComplaintText`` for
/// the normalisation): weight = (1 + ln tf) × idf, with idf from the ``ThemeVocabulary``; terms
/// seen in fewer than `minimumDocumentFrequency` complaints are left out; vectors are L2-normalised.
public struct ThemeFeatures: Sendable {
    /// The document frequencies the IDF weights come from.
    public var vocabulary: ThemeVocabulary
    /// Terms rarer than this carry no theme (typos, names) and are dropped from vectors.
    public var minimumDocumentFrequency: Int
    /// The weight of a bigram relative to a unigram with the same tf-idf. Half: a shared bigram
    /// confirms a shared problem, but short texts have few of them and rare ones would dominate.
    public var bigramWeight: Float

    public init(vocabulary: ThemeVocabulary = ThemeVocabulary(), minimumDocumentFrequency: Int = 2, bigramWeight: Float = 0.5) {
        self.vocabulary = vocabulary
        self.minimumDocumentFrequency = minimumDocumentFrequency
        self.bigramWeight = bigramWeight
    }

    /// The vector of one text under the current vocabulary (nothing is learnt).
    public func vector(for text: String) -> TermVector {
        var counts = TermCounts()
        counts.add(text, recordingTextsNotIn: nil)
        return weigh(counts, document: 0)
    }

    /// Adds `texts` to the vocabulary's document frequencies, then returns their vectors, so that
    /// terms new in this batch are weighted too.
    public mutating func learnAndVectorise(_ texts: [String]) -> [TermVector] {
        var counts = TermCounts()
        counts.reserve(documents: texts.count)
        for text in texts { counts.add(text, recordingTextsNotIn: vocabulary) }
        var frequencies: [UInt64: Int] = [:]
        for term in counts.terms { frequencies[term, default: 0] += 1 }
        vocabulary.add(documents: texts.count, frequencies: frequencies, texts: counts.newTexts)
        return (0..<texts.count).map { weigh(counts, document: $0) }
    }

    func weigh(_ counts: TermCounts, document d: Int) -> TermVector {
        let range = counts.starts[d]..<counts.starts[d + 1]
        var terms: [UInt64] = []
        var weights: [Float] = []
        terms.reserveCapacity(range.count)
        weights.reserveCapacity(range.count)
        for k in range {
            let term = counts.terms[k]
            guard let entry = vocabulary.entries[term], entry.documentFrequency >= minimumDocumentFrequency else { continue }
            var w = (1 + logf(Float(counts.frequencies[k]))) * vocabulary.inverseDocumentFrequency(documentFrequency: entry.documentFrequency)
            if counts.isBigram[k] { w *= bigramWeight }
            terms.append(term)
            weights.append(w)
        }
        var v = TermVector(terms: terms, weights: weights)
        v.normalise()
        return v
    }
}

/// Term counts of a batch of texts, flat: document d owns `starts[d]..<starts[d+1]`, terms ascending.
struct TermCounts {
    var terms: [UInt64] = []
    var frequencies: [UInt16] = []
    var isBigram: [Bool] = []
    var starts: [Int] = [0]
    /// Texts of terms the vocabulary did not know, when asked to record them.
    var newTexts: [UInt64: String] = [:]
    private var scratch: [(term: UInt64, bigram: Bool)] = []

    mutating func reserve(documents: Int) {
        starts.reserveCapacity(documents + 1)
        terms.reserveCapacity(documents * 12)
        frequencies.reserveCapacity(documents * 12)
        isBigram.reserveCapacity(documents * 12)
    }

    mutating func add(_ text: String, recordingTextsNotIn vocabulary: ThemeVocabulary?) {
        scratch.removeAll(keepingCapacity: true)
        var previous: UInt64 = 0
        var previousText: [UInt8] = []
        var hasPrevious = false
        ComplaintText.forEachStem(of: text) { stem, _ in
            let unigram = TermHash.hash(stem)
            scratch.append((unigram, false))
            if let vocabulary, vocabulary.entries[unigram] == nil, newTexts[unigram] == nil {
                newTexts[unigram] = String(decoding: stem, as: UTF8.self)
            }
            if hasPrevious {
                let bigram = TermHash.bigram(previous, stem)
                scratch.append((bigram, true))
                if let vocabulary, vocabulary.entries[bigram] == nil, newTexts[bigram] == nil {
                    newTexts[bigram] = String(decoding: previousText, as: UTF8.self) + " " + String(decoding: stem, as: UTF8.self)
                }
            }
            previous = unigram
            hasPrevious = true
            if vocabulary != nil {
                previousText.removeAll(keepingCapacity: true)
                previousText.append(contentsOf: stem)
            }
        }
        scratch.sort { $0.term < $1.term }
        var k = 0
        while k < scratch.count {
            var j = k + 1
            while j < scratch.count && scratch[j].term == scratch[k].term { j += 1 }
            terms.append(scratch[k].term)
            frequencies.append(UInt16(clamping: j - k))
            isBigram.append(scratch[k].bigram)
            k = j
        }
        starts.append(terms.count)
    }
}
