/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fast generator whose whole state is one
/// `UInt64`, so a failing fuzz case is reproduced from the seed it prints.
public struct FuzzRandom: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform integer in `range` (which must not be empty).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// A uniform integer in `range`; the lower bound when it is empty.
    public mutating func int(in range: Range<Int>) -> Int {
        range.isEmpty ? range.lowerBound : Int.random(in: range, using: &self)
    }

    /// True with probability `probability` (0...1).
    public mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }

    /// One element of a non-empty collection.
    public mutating func pick<C: Collection>(_ collection: C) -> C.Element where C.Index == Int {
        collection[collection.startIndex + int(in: 0..<collection.count)]
    }

    /// A length that is usually short and sometimes long: half the draws are below 8, a few reach `maximum`.
    public mutating func skewedLength(maximum: Int) -> Int {
        let bits = int(in: 0...max(1, Int.bitWidth - maximum.leadingZeroBitCount))
        return min(maximum, int(in: 0..<(1 << bits)))
    }

    /// The seed of case `index` of a campaign seeded `seed`: one case can be replayed on its own.
    public static func caseSeed(_ seed: UInt64, _ index: Int) -> UInt64 {
        var mixer = FuzzRandom(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD134_2543_DE82_EF95))
        return mixer.next()
    }
}
