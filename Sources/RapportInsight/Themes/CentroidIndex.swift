/// An inverted index over theme centroids: term → (theme, weight). Scoring a complaint touches only
/// the themes that share a term with it, so finding the closest of hundreds of themes costs a few
/// dozen multiply-adds instead of a dense loop over every theme and term.
struct CentroidIndex: Sendable {
    private struct Posting: Sendable {
        var theme: Int32
        var weight: Float
    }

    /// The posting list of term `k` of `terms` is `postings[k]`.
    private var terms = TermIndex()
    private var postings: [[Posting]] = []
    private(set) var count = 0

    init() {}

    init(centroids: [TermVector]) {
        let estimate = centroids.reduce(0) { $0 + $1.terms.count } / 2
        terms = TermIndex(minimumCapacity: estimate)
        postings.reserveCapacity(estimate)
        for c in centroids { append(c) }
    }

    /// Adds a centroid; its index is the previous `count`.
    mutating func append(_ centroid: TermVector) {
        let theme = Int32(count)
        for (t, w) in zip(centroid.terms, centroid.weights) {
            let (k, inserted) = terms.insert(t)
            if inserted { postings.append([]) }
            postings[k].append(Posting(theme: theme, weight: w))
        }
        count += 1
    }

    /// The closest centroid to `vector` (other than `excluded`) and its cosine, or nil when no
    /// centroid shares a term. `scratch` must be reused between calls (it is grown to `count`).
    func closest(to vector: TermVector, excluding excluded: Int = -1, scratch: inout ScoreScratch) -> (theme: Int, cosine: Float)? {
        scratch.prepare(count)
        for (t, w) in zip(vector.terms, vector.weights) {
            guard let k = terms.find(t) else { continue }
            for p in postings[k] where Int(p.theme) != excluded { scratch.add(Int(p.theme), w * p.weight) }
        }
        return scratch.takeBest()
    }
}

/// Reusable accumulator for ``CentroidIndex`` scores: a dense array plus the list of touched slots,
/// so resetting costs only what was touched.
struct ScoreScratch: Sendable {
    private var scores: [Float] = []
    private var touched: [Int32] = []

    init() {}

    mutating func prepare(_ count: Int) {
        if scores.count < count { scores.append(contentsOf: repeatElement(0, count: count - scores.count)) }
    }

    @inline(__always)
    mutating func add(_ slot: Int, _ value: Float) {
        if scores[slot] == 0 { touched.append(Int32(slot)) }
        scores[slot] += value
    }

    /// The best slot and score, resetting the accumulator. Ties go to the lower slot (older theme).
    mutating func takeBest() -> (theme: Int, cosine: Float)? {
        var best = -1
        var bestScore: Float = -1
        for s in touched {
            let slot = Int(s)
            let v = scores[slot]
            if v > bestScore || (v == bestScore && slot < best) { best = slot; bestScore = v }
            scores[slot] = 0
        }
        touched.removeAll(keepingCapacity: true)
        return best >= 0 ? (best, bestScore) : nil
    }
}
