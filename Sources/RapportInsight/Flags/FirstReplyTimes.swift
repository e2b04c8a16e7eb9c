import Foundation
import RapportCore

/// First-reply times of the customer messages received in a period on one channel (or on all of
/// them, when ``channel`` is nil).
///
/// A message still unanswered when the report is made is not dropped, and not given an invented
/// reply time: it is a *censored* observation — we know only that it waited at least until the
/// report's `asOf` time. The median and p90 are Kaplan–Meier estimates, the smallest waiting time by
/// which half (nine tenths) of the messages are estimated to have been answered; they are nil when that
/// point is never reached (for example when more than half the messages were never answered). The
/// share answered within the target (an hour by default) counts answered-within-the-hour messages
/// over all messages, except those still unanswered and younger than the target at `asOf`, whose
/// outcome is not yet known.
public struct ChannelReplyTimes: Sendable, Hashable, Codable {
    /// Nil for the row that covers every channel (encoded as `"all"`).
    public var channel: Channel?
    public var messages: Int
    /// Answered by `asOf`.
    public var answered: Int
    /// Not answered by `asOf`.
    public var unanswered: Int
    /// Answered within the target time.
    public var answeredWithinTarget: Int
    /// Unanswered and younger than the target at `asOf`: left out of ``withinTargetShare``.
    public var pending: Int
    public var medianSeconds: Double?
    public var p90Seconds: Double?
    public var withinTargetShare: Double?

    public init(
        channel: Channel?, messages: Int, answered: Int, unanswered: Int, answeredWithinTarget: Int, pending: Int,
        medianSeconds: Double?, p90Seconds: Double?, withinTargetShare: Double?
    ) {
        self.channel = channel
        self.messages = messages
        self.answered = answered
        self.unanswered = unanswered
        self.answeredWithinTarget = answeredWithinTarget
        self.pending = pending
        self.medianSeconds = medianSeconds
        self.p90Seconds = p90Seconds
        self.withinTargetShare = withinTargetShare
    }

    /// Computes one row per channel that received messages in `period` (in ``Channel`` order), then
    /// a row for all channels together. Replies after `asOf` count as not yet given.
    public static func compute(
        _ timings: [ReplyTiming], period: FlawPeriod, asOf: Date, targetSeconds: Double
    ) -> [ChannelReplyTimes] {
        var byChannel = [[Observation]](repeating: [], count: Channel.allCases.count)
        var all: [Observation] = []
        all.reserveCapacity(timings.count)
        let channelIndex = Dictionary(uniqueKeysWithValues: Channel.allCases.enumerated().map { ($1, $0) })
        for timing in timings where period.contains(timing.receivedAt) {
            let observation: Observation
            if let reply = timing.firstReplyAt, reply <= asOf {
                observation = Observation(seconds: max(0, reply.timeIntervalSince(timing.receivedAt)), answered: true)
            } else {
                observation = Observation(seconds: max(0, asOf.timeIntervalSince(timing.receivedAt)), answered: false)
            }
            if let index = channelIndex[timing.channel] { byChannel[index].append(observation) }
            all.append(observation)
        }
        var rows: [ChannelReplyTimes] = []
        for (index, channel) in Channel.allCases.enumerated() where !byChannel[index].isEmpty {
            rows.append(summarise(byChannel[index], channel: channel, targetSeconds: targetSeconds))
        }
        if !all.isEmpty { rows.append(summarise(all, channel: nil, targetSeconds: targetSeconds)) }
        return rows
    }

    struct Observation {
        var seconds: Double
        var answered: Bool
    }

    static func summarise(_ observations: [Observation], channel: Channel?, targetSeconds: Double) -> ChannelReplyTimes {
        var replied: [Double] = []
        var waiting: [Double] = []
        var withinTarget = 0
        var pending = 0
        for o in observations {
            if o.answered {
                replied.append(o.seconds)
                if o.seconds <= targetSeconds { withinTarget += 1 }
            } else {
                waiting.append(o.seconds)
                if o.seconds < targetSeconds { pending += 1 }
            }
        }
        replied.sort()
        waiting.sort()
        let quantiles = kaplanMeierQuantiles(replied: replied, waiting: waiting, [0.5, 0.9])
        let decided = observations.count - pending
        return ChannelReplyTimes(
            channel: channel, messages: observations.count, answered: replied.count, unanswered: waiting.count,
            answeredWithinTarget: withinTarget, pending: pending, medianSeconds: quantiles[0], p90Seconds: quantiles[1],
            withinTargetShare: decided > 0 ? Double(withinTarget) / Double(decided) : nil
        )
    }

    /// For each `q`, the smallest observed reply time `t` with `1 − S(t) ≥ q`, where `S` is the
    /// Kaplan–Meier survival ("still waiting") curve over the sorted reply times and the sorted
    /// waiting times of unanswered messages; nil when the curve never gets there. At equal times,
    /// replies come before censorings (the usual convention).
    static func kaplanMeierQuantiles(replied: [Double], waiting: [Double], _ qs: [Double]) -> [Double?] {
        var result = [Double?](repeating: nil, count: qs.count)
        var survival = 1.0
        var atRisk = replied.count + waiting.count
        var r = 0
        var w = 0
        while r < replied.count {
            let t = replied[r]
            // Messages still open when less than t had passed leave the risk set first.
            while w < waiting.count, waiting[w] < t {
                atRisk -= 1
                w += 1
            }
            var replies = 0
            while r < replied.count, replied[r] == t {
                replies += 1
                r += 1
            }
            survival *= 1 - Double(replies) / Double(atRisk)
            atRisk -= replies
            for (k, q) in qs.enumerated() where result[k] == nil && 1 - survival >= q - 1e-12 {
                result[k] = t
            }
        }
        return result
    }

    enum CodingKeys: String, CodingKey {
        case channel, messages, answered, unanswered, pending
        case answeredWithinTarget = "answered_within_target"
        case medianSeconds = "median_seconds"
        case p90Seconds = "p90_seconds"
        case withinTargetShare = "within_target_share"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .channel)
        channel = name == "all" ? nil : try c.decode(Channel.self, forKey: .channel)
        messages = try c.decode(Int.self, forKey: .messages)
        answered = try c.decode(Int.self, forKey: .answered)
        unanswered = try c.decode(Int.self, forKey: .unanswered)
        answeredWithinTarget = try c.decode(Int.self, forKey: .answeredWithinTarget)
        pending = try c.decode(Int.self, forKey: .pending)
        medianSeconds = try c.decodeIfPresent(Double.self, forKey: .medianSeconds)
        p90Seconds = try c.decodeIfPresent(Double.self, forKey: .p90Seconds)
        withinTargetShare = try c.decodeIfPresent(Double.self, forKey: .withinTargetShare)
    }

    /// Writes every key, with `null` for an estimate that does not exist, so scripts see one shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(channel?.rawValue ?? "all", forKey: .channel)
        try c.encode(messages, forKey: .messages)
        try c.encode(answered, forKey: .answered)
        try c.encode(unanswered, forKey: .unanswered)
        try c.encode(answeredWithinTarget, forKey: .answeredWithinTarget)
        try c.encode(pending, forKey: .pending)
        try c.encode(medianSeconds, forKey: .medianSeconds)
        try c.encode(p90Seconds, forKey: .p90Seconds)
        try c.encode(withinTargetShare, forKey: .withinTargetShare)
    }
}
