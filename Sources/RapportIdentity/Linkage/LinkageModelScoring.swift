import Foundation

/// A Fellegi–Sunter record-linkage model: per field and comparison level, the probability that a
/// match (m) and a non-match (u) land there, and the share λ of candidate pairs that are matches.
///
/// Fields are assumed independent given the match status, so a pair's match weight is
/// `log2(λ / (1 − λ)) + Σ log2(m / u)` over the fields both sides have, and its probability is
/// `1 / (1 + 2^−weight)`. Build one with ``train(records:candidates:options:)``; it is `Codable`
/// so the store can keep the model that produced each suggestion.
public struct LinkageModel: Sendable, Hashable, Codable {
    /// The suggestion threshold used unless told otherwise: posterior probability ≥ 0.9.
    ///
    /// Fixed before any evaluation, not fitted to labels: a suggestion should be right at least nine
    /// times in ten by the model's own reckoning (the convention Splink's examples use too). Since the
    /// posterior is calibrated by EM on the data being linked, the same rule carries over to other data.
    public static let defaultThreshold = 0.9

    /// λ: the estimated share of candidate pairs that are matches (the prior).
    public var matchProportion: Double
    /// Trained m and u per field and level.
    public var fields: [FieldParameters]
    /// Pairs scoring at or above this probability are suggested.
    public var threshold: Double
    /// How training went.
    public var training: TrainingSummary

    public init(matchProportion: Double, fields: [FieldParameters], threshold: Double = LinkageModel.defaultThreshold, training: TrainingSummary) {
        self.matchProportion = matchProportion
        self.fields = fields
        self.threshold = threshold
        self.training = training
    }

    /// log2 of the prior odds that a candidate pair is a match.
    public var priorWeight: Double { log2(matchProportion / (1 - matchProportion)) }

    /// The trained parameters of `field`.
    public func parameters(for field: ComparisonField) -> FieldParameters? {
        fields.first { $0.field == field }
    }

    /// Scores one pair of profiles, with the evidence of every field both have data for.
    public func score(_ a: PersonRecord, _ b: PersonRecord) -> MatchScore {
        let table = WeightTable(self)
        return table.score(ComparisonVector(PreparedRecord(a), PreparedRecord(b)), explained: true)
    }

    /// Scores every candidate pair whose two profiles are in `records` (pairs naming an unknown
    /// profile are skipped), in the order of `candidates`.
    public func score(records: [Int64: PersonRecord], candidates: [CandidatePair]) -> [ScoredPair] {
        let prepared = PreparedPopulation(records, of: candidates)
        let table = WeightTable(self)
        return candidates.compactMap { pair in
            guard let a = prepared[pair.left], let b = prepared[pair.right] else { return nil }
            return ScoredPair(pair: pair, score: table.score(ComparisonVector(a, b), explained: true))
        }
    }

    /// The merge suggestions among `candidates`: pairs at or above ``threshold`` (or `minimumProbability`
    /// when given), most probable first, ties broken by profile ids so the order is stable.
    public func suggestions(records: [Int64: PersonRecord], candidates: [CandidatePair], minimumProbability: Double? = nil) -> [ScoredPair] {
        let cutoff = minimumProbability ?? threshold
        let prepared = PreparedPopulation(records, of: candidates)
        let table = WeightTable(self)
        var result: [ScoredPair] = []
        for pair in candidates {
            guard let a = prepared[pair.left], let b = prepared[pair.right] else { continue }
            let vector = ComparisonVector(a, b)
            guard table.probability(vector) >= cutoff else { continue }
            result.append(ScoredPair(pair: pair, score: table.score(vector, explained: true)))
        }
        result.sort {
            ($0.score.weight, $1.pair.left, $1.pair.right) > ($1.score.weight, $0.pair.left, $0.pair.right)
        }
        return result
    }
}

/// Records prepared for comparison, looked up by profile id.
struct PreparedPopulation: Sendable {
    private let records: [Int64: PreparedRecord]

    init(_ records: [Int64: PersonRecord]) {
        self.records = records.mapValues(PreparedRecord.init)
    }

    /// Prepares only the records that `candidates` name.
    init(_ records: [Int64: PersonRecord], of candidates: [CandidatePair]) {
        var prepared: [Int64: PreparedRecord] = [:]
        func prepare(_ id: Int64) {
            if prepared[id] == nil, let record = records[id] { prepared[id] = PreparedRecord(record) }
        }
        for pair in candidates {
            prepare(pair.left)
            prepare(pair.right)
        }
        self.records = prepared
    }

    subscript(profileID: Int64) -> PreparedRecord? { records[profileID] }

    /// Every prepared record, ordered by profile id (a stable order for sampling).
    var sorted: [PreparedRecord] { records.values.sorted { $0.profileID < $1.profileID } }
}

/// The model's weights laid out by field ordinal and level index, for scoring without lookups.
struct WeightTable: Sendable {
    /// `weights[ordinal * 16 + levelIndex]`; index 0 (missing) is always 0.
    private var weights: [Double]
    private let priorWeight: Double

    init(_ model: LinkageModel) {
        weights = Array(repeating: 0, count: ComparisonVector.fields.count * 16)
        for (ordinal, field) in ComparisonVector.fields.enumerated() {
            guard let parameters = model.parameters(for: field) else { continue }
            for level in parameters.levels {
                let index = ComparisonVector.index(of: level.level, in: field)
                weights[ordinal * 16 + index] = level.weight
            }
        }
        priorWeight = model.priorWeight
    }

    func weight(_ vector: ComparisonVector) -> Double {
        var total = priorWeight
        for ordinal in 0..<ComparisonVector.fields.count {
            total += weights[ordinal * 16 + vector.levelIndex(ordinal)]
        }
        return total
    }

    func probability(_ vector: ComparisonVector) -> Double {
        1 / (1 + exp2(-weight(vector)))
    }

    func score(_ vector: ComparisonVector, explained: Bool) -> MatchScore {
        var evidence: [FieldEvidence] = []
        if explained {
            for (ordinal, field) in ComparisonVector.fields.enumerated() {
                let index = vector.levelIndex(ordinal)
                guard index > 0 else { continue }
                let levels = ComparisonVector.levelTables[ordinal]
                let level = index <= levels.count ? levels[index - 1] : .different
                evidence.append(FieldEvidence(field: field, level: level, weight: weights[ordinal * 16 + index]))
            }
            evidence.sort { ($0.weight, $1.field.rawValue) > ($1.weight, $0.field.rawValue) }
        }
        let total = weight(vector)
        return MatchScore(probability: 1 / (1 + exp2(-total)), weight: total, priorWeight: priorWeight, evidence: evidence)
    }
}
