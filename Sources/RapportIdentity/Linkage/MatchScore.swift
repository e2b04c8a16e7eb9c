/// How strongly the model believes two profiles are the same person, and why.
public struct MatchScore: Sendable, Hashable, Codable {
    /// Posterior probability that the pair is a match, given the candidate pair's comparison levels.
    public var probability: Double
    /// The match weight: log2 of the posterior odds, i.e. the prior weight plus every field's weight.
    public var weight: Double
    /// log2 of the prior odds λ / (1 − λ) that a candidate pair is a match.
    public var priorWeight: Double
    /// One entry per field both sides had data for, strongest evidence first, so a steward sees
    /// which fields argued for and against the merge.
    public var evidence: [FieldEvidence]

    public init(probability: Double, weight: Double, priorWeight: Double, evidence: [FieldEvidence]) {
        self.probability = probability
        self.weight = weight
        self.priorWeight = priorWeight
        self.evidence = evidence
    }
}

/// What one field contributed to a ``MatchScore``.
public struct FieldEvidence: Sendable, Hashable, Codable {
    public var field: ComparisonField
    public var level: ComparisonLevel
    /// log2(m / u): positive when matches land in this level more often than non-matches.
    public var weight: Double

    public init(field: ComparisonField, level: ComparisonLevel, weight: Double) {
        self.field = field
        self.level = level
        self.weight = weight
    }
}

/// A candidate pair with its score.
public struct ScoredPair: Sendable, Hashable, Codable {
    public var pair: CandidatePair
    public var score: MatchScore

    public init(pair: CandidatePair, score: MatchScore) {
        self.pair = pair
        self.score = score
    }
}
