/// The k-nearest-neighbour graph of a batch of complaint vectors (cosine similarity, symmetrised),
/// found through an inverted index over the complaints themselves. Terms carried by more than
/// `maximumPostingShare` of the batch are skipped when searching: they are nearly weightless under
/// IDF anyway, and skipping them keeps the search far from quadratic on large batches.
struct NeighbourGraph: Sendable {
    /// Adjacency in compressed rows: node i's neighbours are `neighbours[starts[i]..<starts[i+1]]`.
    var starts: [Int]
    var neighbours: [Int32]
    var weights: [Float]

    var nodeCount: Int { starts.count - 1 }

    init(starts: [Int], neighbours: [Int32], weights: [Float]) {
        self.starts = starts
        self.neighbours = neighbours
        self.weights = weights
    }

    init(vectors: [TermVector], neighbours k: Int, minimumCosine: Float, maximumPostingShare: Double = 0.05) {
        let n = vectors.count
        var postings: [UInt64: [(doc: Int32, weight: Float)]] = [:]
        for (i, v) in vectors.enumerated() {
            for (t, w) in zip(v.terms, v.weights) { postings[t, default: []].append((Int32(i), w)) }
        }
        let cap = max(50, Int(Double(n) * maximumPostingShare))
        var scores = [Float](repeating: 0, count: n)
        var touched: [Int32] = []
        var edges: [[(Int32, Float)]] = Array(repeating: [], count: n)
        var top: [(Int32, Float)] = []
        for (i, v) in vectors.enumerated() where !v.isEmpty {
            for (t, w) in zip(v.terms, v.weights) {
                guard let list = postings[t], list.count <= cap else { continue }
                for p in list where Int(p.doc) != i {
                    if scores[Int(p.doc)] == 0 { touched.append(p.doc) }
                    scores[Int(p.doc)] += w * p.weight
                }
            }
            top.removeAll(keepingCapacity: true)
            for d in touched {
                let s = scores[Int(d)]
                scores[Int(d)] = 0
                guard s >= minimumCosine else { continue }
                top.append((d, s))
            }
            touched.removeAll(keepingCapacity: true)
            if top.count > k {
                top.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
                top.removeLast(top.count - k)
            }
            for (d, s) in top {
                edges[i].append((d, s))
                edges[Int(d)].append((Int32(i), s))
            }
        }
        var starts = [0]
        var neighbours: [Int32] = []
        var weights: [Float] = []
        starts.reserveCapacity(n + 1)
        for var list in edges {
            // An edge found from both ends counts once.
            list.sort { $0.0 < $1.0 }
            var j = 0
            while j < list.count {
                neighbours.append(list[j].0)
                weights.append(list[j].1)
                var next = j + 1
                while next < list.count && list[next].0 == list[j].0 { next += 1 }
                j = next
            }
            starts.append(neighbours.count)
        }
        self.init(starts: starts, neighbours: neighbours, weights: weights)
    }
}
