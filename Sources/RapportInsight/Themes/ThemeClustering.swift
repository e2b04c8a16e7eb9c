/// The clustering behind ``ThemeDiscovery``:
/// 1. the k-nearest-neighbour graph of the complaints (cosine ≥ `edgeThreshold`, found through an
///    inverted index, see ``NeighbourGraph``);
/// 2. Louvain communities of that graph, which decide how many themes there are (more with a
///    higher `resolution`, scaled with the batch size);
/// 3. spherical k-means from those communities, so every complaint ends with its closest centroid
///    (the same rule ``ThemeAssigner`` applies to later complaints);
/// 4. groups whose centroids are closer than `mergeThreshold` are merged (mutual nearest pairs),
///    and k-means runs again;
/// 5. groups under `minimumThemeSize` are dissolved: their members join the closest remaining
///    theme when within `joinThreshold`, or stay without a theme.
/// Scoring against centroids goes through a ``CentroidIndex``, so no step is a dense
/// complaints × themes or complaints² loop.
struct ThemeClustering: Sendable {
    var options: ThemeDiscovery.Options

    /// A label per vector: the index of its group in `centroids`, or -1 when it joins no theme.
    struct Result: Sendable {
        var labels: [Int]
        var centroids: [TermVector]
    }

    func run(_ vectors: [TermVector]) -> Result {
        let graph = NeighbourGraph(
            vectors: vectors, neighbours: options.neighbourCount, minimumCosine: Float(options.edgeThreshold))
        let resolution = max(1, options.resolution * Double(vectors.count) / 10_000)
        var labels = Louvain.communities(of: graph, resolution: resolution)
        for i in labels.indices where vectors[i].isEmpty { labels[i] = -1 }
        labels = refine(vectors, labels: labels)
        let merged = mergeClose(vectors, labels: labels)
        if merged != labels { labels = refine(vectors, labels: merged) }
        labels = dissolveSmall(vectors, labels: labels)
        return Result(labels: labels, centroids: centroids(vectors, labels: labels))
    }

    /// Spherical k-means from the given labels: move every vector to its closest centroid until
    /// nothing moves (or the iteration budget runs out). Empty groups disappear; labels stay dense.
    func refine(_ vectors: [TermVector], labels start: [Int]) -> [Int] {
        var labels = compact(start)
        var scratch = ScoreScratch()
        for _ in 0..<options.iterations {
            let index = CentroidIndex(centroids: centroids(vectors, labels: labels))
            var moved = 0
            for (i, v) in vectors.enumerated() where labels[i] >= 0 {
                if let best = index.closest(to: v, scratch: &scratch), best.theme != labels[i] {
                    labels[i] = best.theme
                    moved += 1
                }
            }
            labels = compact(labels)
            if moved == 0 { break }
        }
        return labels
    }

    /// Groups whose centroids are at least `mergeThreshold` alike are one problem put in different
    /// words (a community per phrasing is what modularity finds among near-identical messages):
    /// mutual nearest pairs above the threshold are merged, round after round, until no pair is
    /// that close. Mutual pairs only, so a chain of each-a-bit-alike groups is not swept into one.
    func mergeClose(_ vectors: [TermVector], labels start: [Int]) -> [Int] {
        guard options.mergeThreshold <= 1 else { return start }
        var labels = start
        while true {
            let centroids = centroids(vectors, labels: labels)
            let index = CentroidIndex(centroids: centroids)
            var scratch = ScoreScratch()
            let nearest = centroids.indices.map { g in index.closest(to: centroids[g], excluding: g, scratch: &scratch) }
            var into = Array(centroids.indices)
            var merges = 0
            for (g, best) in nearest.enumerated() {
                guard let best, best.theme > g, best.cosine >= Float(options.mergeThreshold), nearest[best.theme]?.theme == g else {
                    continue
                }
                into[best.theme] = g
                merges += 1
            }
            if merges == 0 { return labels }
            labels = compact(labels.map { $0 >= 0 ? into[$0] : -1 })
        }
    }

    /// Groups under `minimumThemeSize` are not themes: their members move to the closest
    /// remaining theme if it is within `joinThreshold`, else are left without a theme.
    func dissolveSmall(_ vectors: [TermVector], labels: [Int]) -> [Int] {
        let k = (labels.max() ?? -1) + 1
        var sizes = [Int](repeating: 0, count: k)
        for l in labels where l >= 0 { sizes[l] += 1 }
        let kept = compact(labels.map { $0 >= 0 && sizes[$0] >= options.minimumThemeSize ? $0 : -1 })
        let index = CentroidIndex(centroids: centroids(vectors, labels: kept))
        var scratch = ScoreScratch()
        var result = kept
        for i in kept.indices where kept[i] == -1 && !vectors[i].isEmpty {
            if let best = index.closest(to: vectors[i], scratch: &scratch), best.cosine >= Float(options.joinThreshold) {
                result[i] = best.theme
            }
        }
        return result
    }

    /// Renumbers the groups that still have members 0..<k, keeping their order.
    func compact(_ labels: [Int]) -> [Int] {
        let k = (labels.max() ?? -1) + 1
        var used = [Bool](repeating: false, count: k)
        for l in labels where l >= 0 { used[l] = true }
        var map = [Int](repeating: -1, count: k)
        var next = 0
        for l in 0..<k where used[l] { map[l] = next; next += 1 }
        return labels.map { $0 >= 0 ? map[$0] : -1 }
    }

    /// The normalised sum of each group's member vectors.
    func centroids(_ vectors: [TermVector], labels: [Int]) -> [TermVector] {
        let k = (labels.max() ?? -1) + 1
        var sums = [[UInt64: Float]](repeating: [:], count: k)
        for (i, l) in labels.enumerated() where l >= 0 {
            let v = vectors[i]
            for (t, w) in zip(v.terms, v.weights) { sums[l][t, default: 0] += w }
        }
        return sums.map {
            var c = TermVector(dictionary: $0)
            c.normalise()
            return c
        }
    }
}
