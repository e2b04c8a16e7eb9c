/// Level frequencies among uniformly drawn pairs of records: the starting u probabilities, since a
/// random pair is almost never a match.
struct RandomPairSample {
    /// `[ordinal * 16 + index]`: per field, the share of non-missing sampled pairs at each level,
    /// smoothed by half a pair per level (so no level starts at zero).
    let levelFrequencies: [Double]
    /// How many pairs were drawn.
    let size: Int

    init(_ records: [PreparedRecord], mode: LinkageMode, size requested: Int, seed: UInt64) {
        var left: [PreparedRecord] = records
        var right: [PreparedRecord] = records
        if case .link(let leftIDs) = mode {
            left = records.filter { leftIDs.contains($0.profileID) }
            right = records.filter { !leftIDs.contains($0.profileID) }
        }
        var counts = Array(repeating: 0.0, count: ComparisonVector.fields.count * 16)
        var generator = SplitMix64(seed: seed)
        var drawn = 0
        let deduplicating = mode == .deduplicate
        let impossible = left.isEmpty || right.isEmpty || (deduplicating && records.count < 2)
        if !impossible {
            for _ in 0..<requested {
                let i = Int(generator.next() % UInt64(left.count))
                var j: Int
                if deduplicating {
                    // Draw from the other n − 1 records so a record is never paired with itself.
                    j = Int(generator.next() % UInt64(right.count - 1))
                    if j >= i { j += 1 }
                } else {
                    j = Int(generator.next() % UInt64(right.count))
                }
                let vector = ComparisonVector(left[i], right[j])
                for ordinal in 0..<ComparisonVector.fields.count {
                    let level = vector.levelIndex(ordinal)
                    if level > 0 { counts[ordinal * 16 + level] += 1 }
                }
                drawn += 1
            }
        }
        var frequencies = counts
        for (ordinal, levels) in ComparisonVector.levelTables.enumerated() {
            let range = (ordinal * 16 + 1)...(ordinal * 16 + levels.count)
            let seen = counts[range].reduce(0, +)
            for index in range {
                frequencies[index] = (counts[index] + 0.5) / (seen + 0.5 * Double(levels.count))
            }
        }
        levelFrequencies = frequencies
        size = drawn
    }
}

/// SplitMix64: a tiny, fast, seedable generator, so sampling is reproducible across runs and platforms.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
