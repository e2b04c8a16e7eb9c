import Foundation

/// The statistical test behind the **rising** flag: is a theme's complaint rate in the period above
/// its own trailing baseline?
///
/// The counts in the period (`k` over `t₁` days) and in the baseline (`b` over `t₀` days) are taken
/// as Poisson with rates `λ₁` and `λ₀`. Under `H₀: λ₁ ≤ λ₀`, and given the total `n = k + b`, the
/// period count is `Binomial(n, t₁ / (t₁ + t₀))`; the one-sided p-value is `P(X ≥ k)`. This is the
/// exact conditional test for the ratio of two Poisson rates (Przyborowski and Wilenski, 1940). Unlike
/// a Poisson test against a fixed expected count it allows for the noise in the baseline itself and
/// needs no special case when the baseline is empty.
///
/// A theme rises when `p < significance` **and** the period holds at least `minComplaints` complaints
/// **and** its daily rate is at least `minRatio` times the baseline's, so a theme going from 0 to 2
/// complaints, or from 1000 to 1080 a day, does not flag.
public struct RisingEvidence: Sendable, Hashable, Codable {
    public var periodComplaints: Int
    public var periodDays: Double
    public var baselineComplaints: Int
    public var baselineDays: Double
    /// One-sided p-value of the conditional binomial test.
    public var pValue: Double
    /// Whether the theme raised the **rising** flag.
    public var rises: Bool

    /// Complaints per day in the period.
    public var periodPerDay: Double { periodDays > 0 ? Double(periodComplaints) / periodDays : 0 }
    /// Complaints per day in the baseline.
    public var baselinePerDay: Double { baselineDays > 0 ? Double(baselineComplaints) / baselineDays : 0 }

    /// Runs the test with the thresholds of `settings`.
    public init(periodComplaints: Int, periodDays: Double, baselineComplaints: Int, settings: FlawSettings) {
        self.periodComplaints = periodComplaints
        self.periodDays = periodDays
        self.baselineComplaints = baselineComplaints
        let baselineDays = Double(settings.risingBaselineDays)
        self.baselineDays = baselineDays
        let share = periodDays / (periodDays + baselineDays)
        pValue = RisingEvidence.binomialUpperTail(
            atLeast: periodComplaints, trials: periodComplaints + baselineComplaints, probability: share
        )
        // Rate ratio ≥ r, written without dividing by a baseline that may be zero.
        let ratioHolds =
            Double(periodComplaints) * baselineDays
            >= settings.risingMinRatio * Double(baselineComplaints) * periodDays
        rises = pValue < settings.risingSignificance && periodComplaints >= settings.risingMinComplaints && ratioHolds
    }

    enum CodingKeys: String, CodingKey {
        case periodComplaints = "period_complaints"
        case periodDays = "period_days"
        case baselineComplaints = "baseline_complaints"
        case baselineDays = "baseline_days"
        case pValue = "p_value"
        case rises
        case periodPerDay = "period_per_day"
        case baselinePerDay = "baseline_per_day"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        periodComplaints = try c.decode(Int.self, forKey: .periodComplaints)
        periodDays = try c.decode(Double.self, forKey: .periodDays)
        baselineComplaints = try c.decode(Int.self, forKey: .baselineComplaints)
        baselineDays = try c.decode(Double.self, forKey: .baselineDays)
        pValue = try c.decode(Double.self, forKey: .pValue)
        rises = try c.decode(Bool.self, forKey: .rises)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(periodComplaints, forKey: .periodComplaints)
        try c.encode(periodDays, forKey: .periodDays)
        try c.encode(baselineComplaints, forKey: .baselineComplaints)
        try c.encode(baselineDays, forKey: .baselineDays)
        try c.encode(pValue, forKey: .pValue)
        try c.encode(rises, forKey: .rises)
        try c.encode(periodPerDay, forKey: .periodPerDay)
        try c.encode(baselinePerDay, forKey: .baselinePerDay)
    }

    /// `P(X ≥ k)` for `X ~ Binomial(n, p)`, through the regularised incomplete beta function
    /// `I_p(k, n − k + 1)`; accurate for tiny tails and fast for large `n`.
    public static func binomialUpperTail(atLeast k: Int, trials n: Int, probability p: Double) -> Double {
        if k <= 0 { return 1 }
        if k > n { return 0 }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        return regularisedIncompleteBeta(a: Double(k), b: Double(n - k + 1), x: p)
    }

    /// `I_x(a, b)` by Lentz's continued fraction (Numerical Recipes §6.4), choosing the side that
    /// converges fast so small tails keep their relative precision.
    static func regularisedIncompleteBeta(a: Double, b: Double, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        let front = exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return min(1, max(0, front * betaContinuedFraction(a: a, b: b, x: x) / a))
        }
        return min(1, max(0, 1 - front * betaContinuedFraction(a: b, b: a, x: 1 - x) / b))
    }

    private static func betaContinuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-15
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        let maxIterations = 200_000
        var m = 1
        while m <= maxIterations {
            let md = Double(m)
            let m2 = 2 * md
            var aa = md * (b - md) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
            m += 1
        }
        return h
    }
}
