/// Pairwise quality of a set of predicted links against the true ones.
public struct PairwiseMetrics: Sendable, Hashable, Codable {
    public var truePositives: Int
    public var falsePositives: Int
    public var falseNegatives: Int

    public init(truePositives: Int, falsePositives: Int, falseNegatives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    /// Share of predicted pairs that are true (1 when nothing was predicted).
    public var precision: Double {
        let predicted = truePositives + falsePositives
        return predicted == 0 ? 1 : Double(truePositives) / Double(predicted)
    }

    /// Share of true pairs that were predicted (1 when there are none).
    public var recall: Double {
        let actual = truePositives + falseNegatives
        return actual == 0 ? 1 : Double(truePositives) / Double(actual)
    }

    /// Harmonic mean of precision and recall.
    public var f1: Double {
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
}

/// Measures linkage against labelled data (Febrl): the true pairs, blocking's pair completeness,
/// and precision, recall and F1 of the suggestions.
public enum LinkageEvaluation {
    /// Every pair of profiles that belong to the same entity and that `mode` considers (in `.link`
    /// mode only pairs across the two sets count).
    public static func truePairs(entities: [Int64: String], mode: LinkageMode = .deduplicate) -> Set<CandidatePair> {
        var members: [String: [Int64]] = [:]
        for (profile, entity) in entities { members[entity, default: []].append(profile) }
        var pairs = Set<CandidatePair>()
        for group in members.values where group.count > 1 {
            for i in 0..<group.count {
                for j in (i + 1)..<group.count where mode.allows(group[i], group[j]) {
                    pairs.insert(CandidatePair(left: group[i], right: group[j]))
                }
            }
        }
        return pairs
    }

    /// Pairwise precision, recall and F1 of `predicted` against `truth` (duplicates in `predicted`
    /// count once).
    public static func evaluate(predicted: some Sequence<CandidatePair>, truth: Set<CandidatePair>) -> PairwiseMetrics {
        let predictedSet = Set(predicted)
        let truePositives = predictedSet.intersection(truth).count
        return PairwiseMetrics(
            truePositives: truePositives, falsePositives: predictedSet.count - truePositives,
            falseNegatives: truth.count - truePositives
        )
    }

    /// Pair completeness of blocking: the share of true pairs that are among the candidates.
    public static func pairCompleteness(candidates: some Sequence<CandidatePair>, truth: Set<CandidatePair>) -> Double {
        guard !truth.isEmpty else { return 1 }
        var found = 0
        for pair in Set(candidates) where truth.contains(pair) { found += 1 }
        return Double(found) / Double(truth.count)
    }
}
