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
        counts.add(text, numbering: vocabulary)
        return weigh(counts, document: 0)
    }

    /// Adds `texts` to the vocabulary's document frequencies, then returns their vectors, so that
    /// terms new in this batch are weighted too.
    public mutating func learnAndVectorise(_ texts: [String]) -> [TermVector] {
        var counts = TermCounts()
        counts.reserve(documents: texts.count)
        for text in texts { counts.add(text, learningInto: &vocabulary) }
        vocabulary.addDocuments(texts.count)
        return (0..<texts.count).map { weigh(counts, document: $0) }
    }

    func weigh(_ counts: TermCounts, document d: Int) -> TermVector {
        let range = counts.starts[d]..<counts.starts[d + 1]
        var terms: [UInt64] = []
        var weights: [Float] = []
        terms.reserveCapacity(range.count)
        weights.reserveCapacity(range.count)
        for k in range {
            let number = Int(counts.numbers[k])
            let df = vocabulary.documentFrequencies[number]
            guard df >= minimumDocumentFrequency else { continue }
            var w = (1 + logf(Float(counts.frequencies[k]))) * vocabulary.inverseDocumentFrequency(documentFrequency: df)
            if counts.isBigram[k] { w *= bigramWeight }
            terms.append(vocabulary.index.keys[number])
            weights.append(w)
        }
        var v = TermVector(terms: terms, weights: weights)
        v.normalise()
        return v
    }
}

/// Term counts of a batch of texts, flat: document d owns `starts[d]..<starts[d+1]`: the numbers of
/// its terms in the vocabulary, in ascending order of the terms' hashes (terms the vocabulary does
/// not know are left out: they weigh nothing).
struct TermCounts {
    var numbers: [Int32] = []
    var frequencies: [UInt16] = []
    var isBigram: [Bool] = []
    var starts: [Int] = [0]
    private var scratch: [(term: UInt64, number: Int32, bigram: Bool)] = []

    mutating func reserve(documents: Int) {
        starts.reserveCapacity(documents + 1)
        numbers.reserveCapacity(documents * 12)
        frequencies.reserveCapacity(documents * 12)
        isBigram.reserveCapacity(documents * 12)
    }

    /// Counts the terms of `text`, numbered by `vocabulary` as it stands.
    mutating func add(_ text: String, numbering vocabulary: ThemeVocabulary) {
        scratch.removeAll(keepingCapacity: true)
        forEachTerm(of: text) { term, bigram, _ in
            scratch.append((term, vocabulary.index.find(term).map(Int32.init) ?? -1, bigram))
        }
        appendScratch()
    }

    /// Counts the terms of `text`, adding new ones to `vocabulary` and one to the document
    /// frequency of each distinct term.
    mutating func add(_ text: String, learningInto vocabulary: inout ThemeVocabulary) {
        scratch.removeAll(keepingCapacity: true)
        forEachTerm(of: text) { term, bigram, text in
            scratch.append((term, Int32(vocabulary.number(of: term, text: text)), bigram))
        }
        let first = numbers.count
        appendScratch()
        for k in first..<numbers.count { vocabulary.documentFrequencies[Int(numbers[k])] += 1 }
    }

    /// Calls `body` with each unigram and bigram hash of `text`, and a closure giving its text.
    private func forEachTerm(of text: String, _ body: (UInt64, Bool, () -> String) -> Void) {
        var previous: UInt64 = 0
        var previousText: [UInt8] = []
        var hasPrevious = false
        ComplaintText.forEachStem(of: text) { stem, _ in
            let unigram = TermHash.hash(stem)
            body(unigram, false) { String(decoding: stem, as: UTF8.self) }
            if hasPrevious {
                body(TermHash.bigram(previous, stem), true) {
                    String(decoding: previousText, as: UTF8.self) + " " + String(decoding: stem, as: UTF8.self)
                }
            }
            previous = unigram
            hasPrevious = true
            previousText.removeAll(keepingCapacity: true)
            previousText.append(contentsOf: stem)
        }
    }

    private mutating func appendScratch() {
        scratch.sort { $0.term < $1.term }
        var k = 0
        while k < scratch.count {
            var j = k + 1
            while j < scratch.count && scratch[j].term == scratch[k].term { j += 1 }
            if scratch[k].number >= 0 {
                numbers.append(scratch[k].number)
                frequencies.append(UInt16(clamping: j - k))
                isBigram.append(scratch[k].bigram)
            }
            k = j
        }
        starts.append(numbers.count)
    }
}
