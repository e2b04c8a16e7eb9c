/// The generator's own pseudo-random source: xoshiro256** seeded through SplitMix64.
///
/// Every draw the demo and benchmark data need goes through these methods (never the standard
/// library's `random(in:)` or `shuffled()`), so a seed produces the same bytes on every platform
/// and every Swift release.
struct DemoRandom {
    private var state0: UInt64
    private var state1: UInt64
    private var state2: UInt64
    private var state3: UInt64

    /// Seeds the four state words from SplitMix64, as the xoshiro authors recommend.
    init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state0 = splitMix()
        state1 = splitMix()
        state2 = splitMix()
        state3 = splitMix()
    }

    /// An independent stream for one part of the data (people, background, each planted flaw), so
    /// changing one part does not reshuffle the others.
    init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03) &+ stream)
    }

    mutating func next() -> UInt64 {
        let result = ((state1 &* 5) << 7 | (state1 &* 5) >> 57) &* 9
        let shifted = state1 << 17
        state2 ^= state0
        state3 ^= state1
        state1 ^= state2
        state0 ^= state3
        state2 ^= shifted
        state3 = state3 << 45 | state3 >> 19
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject, unbiased).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(_:) needs a positive bound")
        let limit = UInt64(bound)
        var product = next().multipliedFullWidth(by: limit)
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold {
                product = next().multipliedFullWidth(by: limit)
            }
        }
        return Int(product.high)
    }

    /// A uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform value in `[0, 1)`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// One element of a non-empty array.
    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    /// An index drawn with the given non-negative weights.
    mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        precondition(total > 0, "weightedIndex(_:) needs a positive total weight")
        var target = unit() * total
        for (index, weight) in weights.enumerated() {
            if target < weight { return index }
            target -= weight
        }
        return weights.count - 1
    }

    /// Fisher–Yates shuffle in place.
    mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            let other = below(index + 1)
            if other != index { elements.swapAt(index, other) }
        }
    }

    /// A small count with the given mean (Poisson by Knuth's method; fine for small means).
    mutating func poisson(mean: Double) -> Int {
        let limit = (-mean).exp
        var product = unit()
        var count = 0
        while product > limit {
            product *= unit()
            count += 1
        }
        return count
    }
}

extension Double {
    /// `e` raised to this power using only IEEE basic arithmetic, so a seed draws the same counts
    /// on every platform (libm's `exp` may differ in the last bit between C libraries).
    fileprivate var exp: Double {
        // Range reduction by powers of two keeps the series short and accurate.
        var x = self
        var halvings = 0
        while x.magnitude > 0.5 {
            x /= 2
            halvings += 1
        }
        var term = 1.0
        var sum = 1.0
        for n in 1...20 {
            term *= x / Double(n)
            sum += term
        }
        for _ in 0..<halvings { sum *= sum }
        return sum
    }
}
