import Foundation

/// The trained parameters of one field: per level, how often matches (m) and non-matches (u) fall in it.
public struct FieldParameters: Sendable, Hashable, Codable {
    public var field: ComparisonField
    /// In the order of ``ComparisonField/levels`` (without `missing`).
    public var levels: [LevelParameters]

    public init(field: ComparisonField, levels: [LevelParameters]) {
        self.field = field
        self.levels = levels
    }
}

/// m and u probabilities of one comparison level.
public struct LevelParameters: Sendable, Hashable, Codable {
    public var level: ComparisonLevel
    /// P(level | match).
    public var m: Double
    /// P(level | non-match).
    public var u: Double

    public init(level: ComparisonLevel, m: Double, u: Double) {
        self.level = level
        self.m = m
        self.u = u
    }

    /// The Bayes factor in bits: log2(m / u).
    public var weight: Double { log2(m / u) }
}
