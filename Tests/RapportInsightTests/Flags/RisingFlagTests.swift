import Foundation
import RapportCore
import RapportInsight
import Testing

@Suite("rising flag")
struct RisingFlagTests {
    /// `perDay` complaints on each of the 28 baseline days, then `inPeriod` in the one-day period,
    /// each from a different customer.
    private func scenario(baselinePerDay: Int, inPeriod: Int) throws -> FlawScenario {
        var s = try FlawScenario()
        var profile: Int64 = 1
        for day in 1...28 {
            for k in 0..<baselinePerDay {
                s.complaint(profile: profile, at: FlawScenario.at(day: -Double(day), hours: Double(k % 24)))
                profile += 1
            }
        }
        for k in 0..<inPeriod {
            s.complaint(profile: profile, at: FlawScenario.at(day: 0, hours: Double(k % 24)))
            profile += 1
        }
        return s
    }

    @Test func steadyVolumeDoesNotRise() throws {
        let s = try scenario(baselinePerDay: 3, inPeriod: 3)
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.rising.baselineComplaints == 84)
        #expect(theme.rising.periodComplaints == 3)
        #expect(theme.rising.pValue > 0.3)
        #expect(!theme.flags.contains(.rising))
    }

    @Test func aSpikeAboveTheBaselineRises() throws {
        let s = try scenario(baselinePerDay: 1, inPeriod: 12)
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.rising.pValue < 0.01)
        #expect(theme.flags.contains(.rising))
        #expect(abs(theme.rising.baselinePerDay - 1) < 1e-9)
    }

    @Test func aSmallNewThemeDoesNotRiseBelowTheMinimumCount() throws {
        let s = try scenario(baselinePerDay: 0, inPeriod: 4)
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.rising.pValue < 0.01)  // significant, yet too small to matter
        #expect(!theme.flags.contains(.rising))
    }

    @Test func aSignificantButSmallIncreaseOnABigThemeDoesNotRise() throws {
        let s = try scenario(baselinePerDay: 100, inPeriod: 130)
        let theme = try #require(s.theme(1, in: s.report()))
        #expect(theme.rising.pValue < 0.01)
        #expect(!theme.flags.contains(.rising))  // 1.3 × the baseline rate, below the 2 × ratio
    }

    @Test func priorCountsGiveTheSameVerdictAsEvents() throws {
        let s = try scenario(baselinePerDay: 1, inPeriod: 12)
        let fromEvents = try #require(s.theme(1, in: s.report()))

        var lean = s
        lean.events = s.events.filter { $0.occurredAt >= FlawScenario.periodStart }
        let counts = (1...28).map { ThemeDayCount(themeID: 1, day: -$0, complaints: 1) }
        let fromCounts = try #require(lean.theme(1, in: lean.report(priorCounts: counts)))
        #expect(fromCounts.rising == fromEvents.rising)
        #expect(fromCounts.trend == fromEvents.trend)
        #expect(fromCounts.flags == fromEvents.flags)
    }

    @Test func priorCountsReplaceEarlierEventsForTheBaseline() throws {
        // With counts given, old events still decide repeats but are not counted twice.
        var s = try FlawScenario()
        s.complaint(profile: 1, at: FlawScenario.at(day: -2))
        s.complaint(profile: 1, at: FlawScenario.at(day: 0.5))
        let theme = try #require(
            s.theme(1, in: s.report(priorCounts: [ThemeDayCount(themeID: 1, day: -2, complaints: 6)]))
        )
        #expect(theme.rising.baselineComplaints == 6)
        #expect(theme.flags.contains(.repeated))
        #expect(theme.trend.map(\.complaints) == [0, 0, 0, 0, 6, 0, 1])
    }

    @Test func binomialTailMatchesADirectSum() {
        for (n, p) in [(10, 0.3), (40, 1.0 / 29), (25, 0.5), (60, 0.9)] {
            for k in 0...n {
                var direct = 0.0
                for x in k...n {
                    let logChoose = lgamma(Double(n + 1)) - lgamma(Double(x + 1)) - lgamma(Double(n - x + 1))
                    direct += exp(logChoose + Double(x) * log(p) + Double(n - x) * log1p(-p))
                }
                let tail = RisingEvidence.binomialUpperTail(atLeast: k, trials: n, probability: p)
                #expect(abs(tail - direct) <= 1e-10 + 1e-9 * direct, "n=\(n) k=\(k) p=\(p)")
            }
        }
    }

    @Test func binomialTailStaysAccurateForTinyTailsAndLargeCounts() {
        // P(X ≥ 20 | n = 20, p = 0.1) = 1e-20 exactly.
        let tiny = RisingEvidence.binomialUpperTail(atLeast: 20, trials: 20, probability: 0.1)
        #expect(abs(tiny / 1e-20 - 1) < 1e-9)
        // A million trials at its mean: about one half.
        let half = RisingEvidence.binomialUpperTail(atLeast: 500_000, trials: 1_000_000, probability: 0.5)
        #expect(abs(half - 0.5) < 0.001)
    }
}
