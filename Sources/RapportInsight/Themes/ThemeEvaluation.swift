import Foundation

/// External measures of a clustering against reference labels, for `rapport eval themes FILE`.
/// Items without a cluster should be given one each (singletons) or one shared "unthemed" cluster
/// by the caller; the measures themselves just compare two labelings of the same items.
public enum ThemeEvaluation {
    /// The figures reported for a clustering.
    public struct Scores: Sendable, Hashable, Codable {
        /// Share of items whose cluster's majority label is their own label.
        public var purity: Double
        /// Mutual information normalised by the arithmetic mean of the two entropies
        /// (scikit-learn's default `average_method="arithmetic"`).
        public var normalizedMutualInformation: Double
        /// Adjusted Rand index (Hubert & Arabie): 0 for chance, 1 for identical partitions.
        public var adjustedRandIndex: Double
        public var clusterCount: Int
        public var labelCount: Int
        public var itemCount: Int
    }

    /// All measures of `clusters` against `labels` (same length, item i in both).
    public static func scores<C: Hashable, L: Hashable>(clusters: [C], labels: [L]) -> Scores {
        let table = Contingency(clusters: clusters, labels: labels)
        return Scores(
            purity: table.purity, normalizedMutualInformation: table.normalizedMutualInformation,
            adjustedRandIndex: table.adjustedRandIndex, clusterCount: table.clusterSizes.count,
            labelCount: table.labelSizes.count, itemCount: table.total)
    }

    public static func purity<C: Hashable, L: Hashable>(clusters: [C], labels: [L]) -> Double {
        Contingency(clusters: clusters, labels: labels).purity
    }

    public static func normalizedMutualInformation<C: Hashable, L: Hashable>(clusters: [C], labels: [L]) -> Double {
        Contingency(clusters: clusters, labels: labels).normalizedMutualInformation
    }

    public static func adjustedRandIndex<C: Hashable, L: Hashable>(clusters: [C], labels: [L]) -> Double {
        Contingency(clusters: clusters, labels: labels).adjustedRandIndex
    }

    /// Runs discovery on every text of `data` (labels unseen) and scores the themes against the
    /// labels: what `rapport eval themes FILE` prints. Unthemed texts count as singletons.
    public static func evaluateDiscovery(
        on data: LabelledTexts, options: ThemeDiscovery.Options = ThemeDiscovery.Options(), features: ThemeFeatures = ThemeFeatures()
    ) -> (scores: Scores, result: ThemeDiscoveryResult) {
        var features = features
        let result = ThemeDiscovery(options: options).discover(data.texts, features: &features)
        return (scores(clusters: clusterIDs(result), labels: data.labels), result)
    }

    /// Cluster ids for a discovery result, giving each text left without a theme its own singleton
    /// cluster (so an unthemed text is never counted as agreeing with another).
    public static func clusterIDs(_ result: ThemeDiscoveryResult) -> [Int] {
        let k = result.themes.count
        return result.themeOfText.enumerated().map { i, t in t ?? (k + i) }
    }
}

/// The cluster × label count table behind the measures.
struct Contingency {
    var cells: [Int: [Int: Int]] = [:]
    var clusterSizes: [Int] = []
    var labelSizes: [Int] = []
    var total = 0

    init<C: Hashable, L: Hashable>(clusters: [C], labels: [L]) {
        precondition(clusters.count == labels.count, "one cluster and one label per item")
        var clusterIndex: [C: Int] = [:]
        var labelIndex: [L: Int] = [:]
        for (c, l) in zip(clusters, labels) {
            let ci = clusterIndex[c] ?? { clusterIndex[c] = clusterSizes.count; clusterSizes.append(0); return clusterSizes.count - 1 }()
            let li = labelIndex[l] ?? { labelIndex[l] = labelSizes.count; labelSizes.append(0); return labelSizes.count - 1 }()
            clusterSizes[ci] += 1
            labelSizes[li] += 1
            cells[ci, default: [:]][li, default: 0] += 1
        }
        total = clusters.count
    }

    var purity: Double {
        guard total > 0 else { return 1 }
        let majority = cells.values.reduce(0) { $0 + ($1.values.max() ?? 0) }
        return Double(majority) / Double(total)
    }

    var normalizedMutualInformation: Double {
        guard total > 0 else { return 1 }
        let n = Double(total)
        func entropy(_ sizes: [Int]) -> Double {
            sizes.reduce(0) { h, s in s == 0 ? h : h - Double(s) / n * log(Double(s) / n) }
        }
        let hc = entropy(clusterSizes), hl = entropy(labelSizes)
        // Both partitions trivial (one block each): identical, as scikit-learn reports.
        if hc == 0 && hl == 0 { return 1 }
        var mi = 0.0
        for (c, row) in cells {
            for (l, count) in row {
                let nij = Double(count)
                mi += nij / n * log(n * nij / (Double(clusterSizes[c]) * Double(labelSizes[l])))
            }
        }
        let mean = (hc + hl) / 2
        return mean > 0 ? max(0, mi) / mean : 0
    }

    var adjustedRandIndex: Double {
        func pairs(_ x: Int) -> Double { Double(x) * Double(x - 1) / 2 }
        let index = cells.values.reduce(0.0) { $0 + $1.values.reduce(0.0) { $0 + pairs($1) } }
        let a = clusterSizes.reduce(0.0) { $0 + pairs($1) }
        let b = labelSizes.reduce(0.0) { $0 + pairs($1) }
        let all = pairs(total)
        guard all > 0 else { return 1 }
        let expected = a * b / all
        let maximum = (a + b) / 2
        // Identical trivial partitions (all singletons or one block): perfect agreement.
        guard maximum != expected else { return 1 }
        return (index - expected) / (maximum - expected)
    }
}
