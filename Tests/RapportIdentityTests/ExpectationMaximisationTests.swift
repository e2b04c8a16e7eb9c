import Testing

@testable import RapportIdentity

@Suite("EM estimation of m, u and λ")
struct ExpectationMaximisationTests {
    /// Known parameters for five fields (ordinal in ComparisonField.allCases, m, u per level).
    private static let truth: [(field: ComparisonField, m: [Double], u: [Double])] = [
        (.givenName, [0.70, 0.12, 0.05, 0.03, 0.02, 0.08], [0.01, 0.01, 0.01, 0.02, 0.10, 0.85]),
        (.surname, [0.75, 0.10, 0.05, 0.02, 0.02, 0.06], [0.02, 0.01, 0.01, 0.01, 0.05, 0.90]),
        (.dateOfBirth, [0.85, 0.02, 0.05, 0.02, 0.06], [0.003, 0.001, 0.006, 0.02, 0.97]),
        (.postcode, [0.80, 0.12, 0.08], [0.05, 0.10, 0.85]),
        (.state, [0.93, 0.07], [0.25, 0.75]),
    ]
    private static let matchProportion = 0.3

    /// Draws comparison vectors from the known mixture.
    private func sample(count: Int, seed: UInt64) -> [(ComparisonVector, Double)] {
        var random = SplitMix64(seed: seed)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        func draw(_ probabilities: [Double]) -> Int {
            var remaining = uniform() * probabilities.reduce(0, +)
            for (index, probability) in probabilities.enumerated() {
                remaining -= probability
                if remaining < 0 { return index }
            }
            return probabilities.count - 1
        }
        var counts: [ComparisonVector: Double] = [:]
        for _ in 0..<count {
            let isMatch = uniform() < Self.matchProportion
            var bits: UInt64 = 0
            for field in Self.truth {
                let ordinal = ComparisonField.allCases.firstIndex(of: field.field) ?? 0
                let index = draw(isMatch ? field.m : field.u) + 1
                bits |= UInt64(index) << (4 * UInt64(ordinal))
            }
            counts[ComparisonVector(bits: bits), default: 0] += 1
        }
        return counts.keys.sorted().map { ($0, counts[$0] ?? 0) }
    }

    /// A rough starting u: the true u blended half and half with a uniform distribution, as a
    /// sample of random pairs would only approximate it.
    private func roughU() -> [Double] {
        var start = Array(repeating: 0.0, count: ComparisonField.allCases.count * 16)
        for (ordinal, field) in ComparisonField.allCases.enumerated() {
            let levels = field.levels.count
            let known = Self.truth.first { $0.field == field }?.u
            for index in 0..<levels {
                start[ordinal * 16 + index + 1] = 0.5 * (known?[index] ?? 1 / Double(levels)) + 0.5 / Double(levels)
            }
        }
        return start
    }

    @Test("EM recovers known m, u and λ from a synthetic mixture")
    func recoversKnownParameters() throws {
        var estimate = ExpectationMaximisation(uStart: roughU(), matchProportion: 0.1)
        let (_, converged) = estimate.run(sample(count: 40_000, seed: 7), maximumIterations: 1000, tolerance: 1e-8, estimatesU: true)
        #expect(converged)
        #expect(abs(estimate.matchProportion - Self.matchProportion) < 0.01)
        let parameters = estimate.fieldParameters()
        for field in Self.truth {
            let learned = try #require(parameters.first { $0.field == field.field })
            for (index, level) in learned.levels.enumerated() {
                #expect(abs(level.m - field.m[index]) < 0.02, "m of \(field.field) \(level.level)")
                #expect(abs(level.u - field.u[index]) < 0.02, "u of \(field.field) \(level.level)")
            }
        }
    }

    @Test("with u held fixed, EM still recovers m and λ")
    func recoversMatchParametersWithFixedU() throws {
        var start = roughU()
        for (ordinal, field) in ComparisonField.allCases.enumerated() {
            guard let known = Self.truth.first(where: { $0.field == field })?.u else { continue }
            for (index, u) in known.enumerated() { start[ordinal * 16 + index + 1] = u }
        }
        var estimate = ExpectationMaximisation(uStart: start, matchProportion: 0.5)
        _ = estimate.run(sample(count: 40_000, seed: 11), maximumIterations: 1000, tolerance: 1e-8, estimatesU: false)
        #expect(abs(estimate.matchProportion - Self.matchProportion) < 0.01)
        let surname = try #require(estimate.fieldParameters().first { $0.field == .surname })
        #expect(abs(surname.levels[0].m - 0.75) < 0.02)
        #expect(surname.levels[0].u == 0.02)
    }

    @Test("fields never observed keep their starting values")
    func unobservedFieldsKeepStart() throws {
        var estimate = ExpectationMaximisation(uStart: roughU(), matchProportion: 0.1)
        _ = estimate.run(sample(count: 2_000, seed: 3), maximumIterations: 200, tolerance: 1e-8, estimatesU: true)
        let emails = try #require(estimate.fieldParameters().first { $0.field == .emails })
        #expect(abs(emails.levels.map(\.m).reduce(0, +) - 1) < 1e-9)
        #expect(emails.levels[0].m > emails.levels[2].m)
        #expect(abs(emails.levels[0].u - 1.0 / 3.0) < 1e-9)
    }
}
