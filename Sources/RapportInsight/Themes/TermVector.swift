/// A complaint (or a theme centroid) as a sparse vector over terms: term hashes in ascending order
/// with their weights, L2-normalised so that a dot product is the cosine similarity.
public struct TermVector: Sendable, Hashable {
    /// Term hashes (see ``ThemeVocabulary``), ascending.
    public internal(set) var terms: [UInt64]
    /// The weight of each term, same order.
    public internal(set) var weights: [Float]

    init(terms: [UInt64], weights: [Float]) {
        self.terms = terms
        self.weights = weights
    }

    /// A vector with no terms: a complaint made only of stop words, numbers or links.
    public var isEmpty: Bool { terms.isEmpty }

    /// Cosine similarity with `other` (both are unit vectors, so this is their dot product).
    public func cosine(_ other: TermVector) -> Double {
        var i = 0, j = 0
        var sum: Float = 0
        while i < terms.count && j < other.terms.count {
            let a = terms[i], b = other.terms[j]
            if a == b {
                sum += weights[i] * other.weights[j]
                i += 1; j += 1
            } else if a < b { i += 1 } else { j += 1 }
        }
        return Double(sum)
    }

    /// Scales the weights to unit length (no-op on an empty vector).
    mutating func normalise() {
        var norm: Float = 0
        for w in weights { norm += w * w }
        guard norm > 0 else { return }
        let scale = 1 / norm.squareRoot()
        for k in weights.indices { weights[k] *= scale }
    }

    /// The normalised sum of `vectors`, e.g. the centroid of a theme's complaints.
    static func centroid(of vectors: some Sequence<TermVector>) -> TermVector {
        var sum: [UInt64: Float] = [:]
        for v in vectors { for (t, w) in zip(v.terms, v.weights) { sum[t, default: 0] += w } }
        var c = TermVector(dictionary: sum)
        c.normalise()
        return c
    }

    init(dictionary: [UInt64: Float]) {
        let sorted = dictionary.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        terms = sorted.map(\.key)
        weights = sorted.map(\.value)
    }
}
