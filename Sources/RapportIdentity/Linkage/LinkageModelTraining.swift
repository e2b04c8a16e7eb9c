import Foundation

/// Settings for estimating a ``LinkageModel`` from unlabelled data.
public struct TrainingOptions: Sendable, Hashable {
    /// Deduplicate one set of profiles, or link one set to another (random pairs are then drawn
    /// across the sets only).
    public var mode: LinkageMode
    /// How many random pairs to draw for the starting u probabilities.
    public var randomPairs: Int
    /// Seed of the random pair sampler: the same data and seed give the same model.
    public var seed: UInt64
    public var maximumIterations: Int
    /// EM stops when no probability moves by more than this between iterations.
    public var tolerance: Double
    /// When true (the default), EM re-estimates u on the candidate pairs too, so u describes the
    /// non-matches blocking lets through rather than random pairs; when false u stays as sampled.
    public var estimatesNonMatchProbabilities: Bool
    /// The threshold stored in the model.
    public var threshold: Double

    public init(
        mode: LinkageMode = .deduplicate, randomPairs: Int = 20_000, seed: UInt64 = 0x5EED_1A6E,
        maximumIterations: Int = 500, tolerance: Double = 1e-7, estimatesNonMatchProbabilities: Bool = true,
        threshold: Double = LinkageModel.defaultThreshold
    ) {
        self.mode = mode
        self.randomPairs = randomPairs
        self.seed = seed
        self.maximumIterations = maximumIterations
        self.tolerance = tolerance
        self.estimatesNonMatchProbabilities = estimatesNonMatchProbabilities
        self.threshold = threshold
    }
}

/// What training saw and whether EM converged.
public struct TrainingSummary: Sendable, Hashable, Codable {
    public var candidatePairs: Int
    /// Distinct comparison vectors among the candidate pairs.
    public var distinctVectors: Int
    public var randomPairs: Int
    public var iterations: Int
    public var converged: Bool

    public init(candidatePairs: Int, distinctVectors: Int, randomPairs: Int, iterations: Int, converged: Bool) {
        self.candidatePairs = candidatePairs
        self.distinctVectors = distinctVectors
        self.randomPairs = randomPairs
        self.iterations = iterations
        self.converged = converged
    }
}

extension LinkageModel {
    /// Estimates m, u and λ from the data by expectation–maximisation, without labels.
    ///
    /// 1. u starts as each level's frequency among random pairs (almost all of them non-matches).
    /// 2. m starts from a generic prior (strong agreement likely, `different` unlikely).
    /// 3. EM over the candidate pairs alternates the posterior match probability of each distinct
    ///    comparison vector with re-estimating m, u (unless ``TrainingOptions/estimatesNonMatchProbabilities``
    ///    is off) and λ, until nothing moves by more than the tolerance.
    /// Every estimate is smoothed with one pseudo-pair drawn from its starting value, so a level never
    /// seen keeps a small non-zero probability and tiny data sets fall back to the starting values.
    ///
    /// Pass every profile in `records`, not only those named by candidates: random pairs are drawn
    /// from all of them. λ (and, by default, u) describe the candidate pairs of *this* blocking, so
    /// the model's probabilities are "given that blocking proposed the pair": train on the same
    /// candidates you score.
    public static func train(records: [Int64: PersonRecord], candidates: [CandidatePair], options: TrainingOptions = .init()) -> LinkageModel {
        let prepared = PreparedPopulation(records)
        var counts: [ComparisonVector: Double] = [:]
        var pairs = 0
        for pair in candidates where options.mode.allows(pair.left, pair.right) {
            guard let a = prepared[pair.left], let b = prepared[pair.right] else { continue }
            counts[ComparisonVector(a, b), default: 0] += 1
            pairs += 1
        }
        let vectors = counts.keys.sorted().map { ($0, counts[$0] ?? 0) }
        let sample = RandomPairSample(prepared.sorted, mode: options.mode, size: options.randomPairs, seed: options.seed)
        var estimate = ExpectationMaximisation(uStart: sample.levelFrequencies, matchProportion: 0.1)
        let (iterations, converged) = estimate.run(
            vectors, maximumIterations: options.maximumIterations, tolerance: options.tolerance,
            estimatesU: options.estimatesNonMatchProbabilities
        )
        return LinkageModel(
            matchProportion: estimate.matchProportion,
            fields: estimate.fieldParameters(),
            threshold: options.threshold,
            training: TrainingSummary(
                candidatePairs: pairs, distinctVectors: vectors.count, randomPairs: sample.size,
                iterations: iterations, converged: converged
            )
        )
    }
}

/// The EM state: m and u per field ordinal and level index (`[ordinal * 16 + index]`, index 0 unused).
struct ExpectationMaximisation {
    private(set) var m: [Double]
    private(set) var u: [Double]
    private(set) var matchProportion: Double
    private let mStart: [Double]
    private let uStart: [Double]
    private static let stride = 16
    /// Weight of the starting values, in pairs.
    private static let pseudoPairs = 1.0

    init(uStart: [Double], matchProportion: Double) {
        var mStart = Array(repeating: 0.0, count: ComparisonVector.fields.count * Self.stride)
        for (ordinal, levels) in ComparisonVector.levelTables.enumerated() {
            // Geometric prior over the agreeing levels (0.9 in all), 0.1 on `different`.
            let agreeing = levels.count - 1
            let total = (0..<agreeing).reduce(0.0) { $0 + pow(0.5, Double($1)) }
            for index in 0..<agreeing { mStart[ordinal * Self.stride + index + 1] = 0.9 * pow(0.5, Double(index)) / total }
            mStart[ordinal * Self.stride + levels.count] = agreeing == 0 ? 1 : 0.1
        }
        self.mStart = mStart
        self.uStart = uStart
        m = mStart
        u = uStart
        self.matchProportion = matchProportion
    }

    /// Iterates until convergence; returns the number of iterations and whether it converged.
    mutating func run(_ vectors: [(ComparisonVector, Double)], maximumIterations: Int, tolerance: Double, estimatesU: Bool) -> (Int, Bool) {
        guard !vectors.isEmpty else { return (0, true) }
        let fieldCount = ComparisonVector.fields.count
        let total = vectors.reduce(0) { $0 + $1.1 }
        for iteration in 1...max(1, maximumIterations) {
            var logRatio = Array(repeating: 0.0, count: m.count)
            for index in m.indices where m[index] > 0 && u[index] > 0 { logRatio[index] = log2(m[index] / u[index]) }
            let prior = log2(matchProportion / (1 - matchProportion))
            var mNumerator = Array(repeating: 0.0, count: m.count)
            var uNumerator = Array(repeating: 0.0, count: u.count)
            var matches = 0.0
            for (vector, count) in vectors {
                var weight = prior
                for ordinal in 0..<fieldCount { weight += logRatio[ordinal * Self.stride + vector.levelIndex(ordinal)] }
                let posterior = 1 / (1 + exp2(-weight))
                matches += count * posterior
                for ordinal in 0..<fieldCount {
                    let level = vector.levelIndex(ordinal)
                    guard level > 0 else { continue }
                    mNumerator[ordinal * Self.stride + level] += count * posterior
                    uNumerator[ordinal * Self.stride + level] += count * (1 - posterior)
                }
            }
            let newM = Self.normalise(mNumerator, start: mStart)
            let newU = estimatesU ? Self.normalise(uNumerator, start: uStart) : u
            let newProportion = min(max((matches + 0.5) / (total + 1), 1e-9), 1 - 1e-9)
            var change = abs(newProportion - matchProportion)
            for index in m.indices { change = max(change, abs(newM[index] - m[index]), abs(newU[index] - u[index])) }
            m = newM
            u = newU
            matchProportion = newProportion
            if change < tolerance { return (iteration, true) }
        }
        return (maximumIterations, false)
    }

    /// Per field: (counts + pseudo-pairs × start) / (field total + pseudo-pairs).
    private static func normalise(_ numerators: [Double], start: [Double]) -> [Double] {
        var result = start
        for ordinal in 0..<ComparisonVector.fields.count {
            let range = (ordinal * stride + 1)..<(ordinal * stride + stride)
            let fieldTotal = numerators[range].reduce(0, +)
            for index in range {
                result[index] = (numerators[index] + pseudoPairs * start[index]) / (fieldTotal + pseudoPairs)
            }
        }
        return result
    }

    func fieldParameters() -> [FieldParameters] {
        ComparisonVector.fields.enumerated().map { ordinal, field in
            FieldParameters(
                field: field,
                levels: field.levels.enumerated().map { offset, level in
                    LevelParameters(level: level, m: m[ordinal * Self.stride + offset + 1], u: u[ordinal * Self.stride + offset + 1])
                }
            )
        }
    }
}
