import Foundation

/// One fuzz target's settings: its seed and how many cases to run, both overridable from the
/// environment so a failure can be replayed and a long campaign run without editing code.
///
/// - `RAPPORT_FUZZ_SEED` (decimal or `0x` hex): the base seed; each target mixes its name in, so
///   one base seed fixes every target's inputs. Default ``defaultSeed``, so `make test` is repeatable.
/// - `RAPPORT_FUZZ_SCALE` (a positive number): multiplies every target's case count; `make test`
///   runs scale 1 (about 100,000 inputs in all), a night's campaign 100 or more.
public struct FuzzCampaign: Sendable {
    public static let seedVariable = "RAPPORT_FUZZ_SEED"
    public static let scaleVariable = "RAPPORT_FUZZ_SCALE"
    public static let defaultSeed: UInt64 = 20_261_120

    /// The target's name, as printed in the summary line.
    public let target: String
    /// The base seed (what `RAPPORT_FUZZ_SEED` sets).
    public let baseSeed: UInt64
    /// The target's own seed, derived from the base seed and the target's name.
    public let seed: UInt64
    public let scale: Double

    public init(target: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.target = target
        baseSeed = environment[Self.seedVariable].flatMap(Self.parseSeed) ?? Self.defaultSeed
        let nameHash = target.utf8.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
        seed = FuzzRandom.caseSeed(baseSeed ^ nameHash, -1)
        let requested = environment[Self.scaleVariable].flatMap(Double.init) ?? 1
        scale = requested.isFinite && requested > 0 ? requested : 1
    }

    /// `base` scaled by `RAPPORT_FUZZ_SCALE`, at least 1.
    public func cases(_ base: Int) -> Int {
        max(1, Int((Double(base) * scale).rounded()))
    }

    /// The generator of case `index`: each case draws from its own stream, so it replays alone.
    public func random(case index: Int) -> FuzzRandom {
        FuzzRandom(seed: FuzzRandom.caseSeed(seed, index))
    }

    /// Where a failing case came from, for `#expect` messages.
    public func origin(case index: Int) -> String {
        "\(target) case \(index) (replay: \(Self.seedVariable)=\(baseSeed))"
    }

    private static func parseSeed(_ text: String) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed.hasPrefix("0x") { return UInt64(trimmed.dropFirst(2), radix: 16) }
        return UInt64(trimmed)
    }
}

/// What a fuzz target fed and saw, and how long the slowest input took; printed as one line.
public struct FuzzTally: Sendable {
    public let campaign: FuzzCampaign
    /// Inputs fed to the code under test (rows, identifiers or request bodies, as the target says).
    public var inputs = 0
    /// Inputs the code accepted.
    public var accepted = 0
    /// Inputs the code rejected with a reason.
    public var rejected = 0
    /// The longest a single call under test took.
    public private(set) var slowest: Duration = .zero
    /// The time spent in the calls under test (the rest is generating inputs and checking outcomes).
    public private(set) var inCode: Duration = .zero
    private let started = ContinuousClock.now

    public init(_ campaign: FuzzCampaign) {
        self.campaign = campaign
    }

    /// Runs one call under test, keeping the longest time seen.
    public mutating func timed<Value, Failure: Error>(_ body: () throws(Failure) -> Value) throws(Failure) -> Value {
        let start = ContinuousClock.now
        let value = try body()
        let took = ContinuousClock.now - start
        slowest = max(slowest, took)
        inCode += took
        return value
    }

    /// As ``timed(_:)`` for async calls.
    public mutating func timed<Value>(_ body: () async throws -> Value) async rethrows -> Value {
        let start = ContinuousClock.now
        let value = try await body()
        let took = ContinuousClock.now - start
        slowest = max(slowest, took)
        inCode += took
        return value
    }

    public var elapsed: Duration { ContinuousClock.now - started }

    /// `fuzz <target>: N inputs (A accepted, R rejected) in T s (C s in the code under test), slowest S ms; seed …, scale …`.
    public var summary: String {
        let seconds = { (duration: Duration) in Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
        return "fuzz \(campaign.target): \(inputs) inputs (\(accepted) accepted, \(rejected) rejected) in "
            + String(
                format: "%.2f s (%.2f s in the code under test), slowest %.1f ms; ", seconds(elapsed), seconds(inCode),
                seconds(slowest) * 1e3)
            + "\(FuzzCampaign.seedVariable)=\(campaign.baseSeed) \(FuzzCampaign.scaleVariable)=\(campaign.scale)"
    }
}

/// Inputs shown in failure messages: escaped, cut short.
public enum FuzzDisplay {
    public static func bytes(_ bytes: some Collection<UInt8>, limit: Int = 240) -> String {
        var text = ""
        for byte in bytes.prefix(limit) {
            switch byte {
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x09: text += "\\t"
            case 0x5C: text += "\\\\"
            case 0x20..<0x7F: text.append(Character(Unicode.Scalar(byte)))
            default: text += String(format: "\\x%02X", byte)
            }
        }
        return bytes.count > limit ? text + "… (\(bytes.count) bytes)" : text
    }

    public static func text(_ text: String, limit: Int = 240) -> String {
        bytes(Array(text.utf8), limit: limit)
    }
}
