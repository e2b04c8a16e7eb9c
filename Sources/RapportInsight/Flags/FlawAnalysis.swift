import Foundation
import RapportCore

/// Turns the complaints, themes and reply timings the store reads into a ``FlawReport``.
///
/// Pure and synchronous. The store hands over complaint events with merged identities already resolved
/// to the live profile, in one of two ways:
/// - every complaint in `[settings.lookbackStart(for: period), period.to)`; or, cheaper at scale,
/// - the period's complaints, plus the earlier ones from `settings.profileLookbackStart(for: period)`
///   of the profiles that complain in the period, plus ``ThemeDayCount``s for the
///   `settings.priorCountDays(for: period)` days before the period (counted in SQL).
///
/// Complaints outside those windows are ignored. One sort and one pass over the complaints compute
/// every flag (see `docs/report.md` for the definitions).
public struct FlawAnalysis: Sendable {
    public var settings: FlawSettings

    public init(settings: FlawSettings = FlawSettings()) {
        self.settings = settings
    }

    /// The report for `period`.
    /// - Parameters:
    ///   - complaints: complaint events from the lookback start to the period's end (any order).
    ///   - themeNames: theme id → name; a theme without a name shows as `theme #id`.
    ///   - replies: one timing per inbound message; only those received in the period count.
    ///   - priorCounts: per-theme daily counts before the period; when given, the baseline and the
    ///     trend's context days come from them and earlier events only decide repeats and escalations.
    ///   - asOf: when replies are judged (defaults to the period's end); use the time the report is made.
    ///   - generatedAt: stamped on the report.
    public func report(
        complaints: [ComplaintEvent], themeNames: [Int64: String], replies: [ReplyTiming], period: FlawPeriod,
        priorCounts: [ThemeDayCount]? = nil, asOf: Date? = nil, generatedAt: Date = Date()
    ) -> FlawReport {
        report(
            complaints: complaints, themeNames: themeNames, firstReply: firstReply(replies, period: period, asOf: asOf ?? period.to),
            period: period, priorCounts: priorCounts, asOf: asOf, generatedAt: generatedAt)
    }

    /// The first-reply table of the report (``ChannelReplyTimes``), for ``report(complaints:themeNames:firstReply:period:priorCounts:asOf:generatedAt:)``:
    /// the nightly job computes it while its classification runs.
    public func firstReply(_ replies: [ReplyTiming], period: FlawPeriod, asOf: Date) -> [ChannelReplyTimes] {
        ChannelReplyTimes.compute(replies, period: period, asOf: asOf, targetSeconds: settings.replyTargetSeconds)
    }

    /// The report for `period`, with its first-reply table computed already (``firstReply(_:period:asOf:)``).
    public func report(
        complaints: [ComplaintEvent], themeNames: [Int64: String], firstReply: [ChannelReplyTimes], period: FlawPeriod,
        priorCounts: [ThemeDayCount]? = nil, asOf: Date? = nil, generatedAt: Date = Date()
    ) -> FlawReport {
        let asOf = asOf ?? period.to
        let geometry = Geometry(period: period, settings: settings, countsGiven: priorCounts != nil)
        let prior = priorCounts.map { Self.priorByTheme($0, days: geometry.priorDays) }
        let keys = sortedKeys(complaints, geometry: geometry)

        var themes: [FlawTheme] = []
        var summary = FlawSummary(
            complaints: 0, customers: 0, activeThemes: 0, listedThemes: 0, flaggedThemes: 0, flagged: FlagCounts(),
            repeatComplaints: 0, escalatedCustomers: 0
        )
        var profilesInPeriod = Set<Int64>()
        var scratch = ThemeAccumulator(trendDays: geometry.trendDays)

        var start = 0
        while start < keys.count {
            let theme = keys[start].theme
            var end = start
            while end < keys.count, keys[end].theme == theme { end += 1 }
            scratch.reset()
            accumulate(keys[start..<end], events: complaints, geometry: geometry, into: &scratch)
            start = end
            guard scratch.complaints > 0 else { continue }
            if let prior { scratch.usePriorCounts(prior[theme], geometry: geometry) }

            summary.activeThemes += 1
            summary.complaints += scratch.complaints
            summary.repeatComplaints += scratch.repeatCount
            summary.escalatedCustomers += scratch.escalators.count
            profilesInPeriod.formUnion(scratch.periodProfiles)

            guard let finding = finding(theme: theme, from: scratch, events: complaints, names: themeNames, geometry: geometry)
            else { continue }
            themes.append(finding)
            summary.listedThemes += 1
            if !finding.flags.isEmpty { summary.flaggedThemes += 1 }
            for flag in finding.flags { summary.flagged[flag] += 1 }
        }
        summary.customers = profilesInPeriod.count
        themes.sort(by: FlawTheme.moreSevere)

        return FlawReport(
            period: ReportPeriod(period: period, asOf: asOf, generatedAt: generatedAt),
            summary: summary,
            themes: themes,
            firstReply: firstReply,
            settings: settings
        )
    }

    // MARK: - One pass

    /// Times as seconds since the reference date, and the trend's day slices.
    struct Geometry {
        let from: Double
        let to: Double
        let lookback: Double
        let baselineStart: Double
        let trendStart: Double
        let trendDays: Int
        let contextDays: Int
        let baselineDays: Int
        let priorDays: Int
        let periodDays: Double
        /// Whether events before the period feed the baseline and the trend (no counts given).
        let countPrior: Bool
        let repeatWindow: Double
        let repeatGap: Double
        let escalationWindow: Double

        init(period: FlawPeriod, settings: FlawSettings, countsGiven: Bool) {
            from = period.from.timeIntervalSinceReferenceDate
            to = period.to.timeIntervalSinceReferenceDate
            countPrior = !countsGiven
            let lookbackDate = countsGiven ? settings.profileLookbackStart(for: period) : settings.lookbackStart(for: period)
            lookback = lookbackDate.timeIntervalSinceReferenceDate
            baselineDays = settings.risingBaselineDays
            priorDays = settings.priorCountDays(for: period)
            baselineStart = from - Double(baselineDays) * FlawPeriod.secondsPerDay
            periodDays = period.days
            contextDays = settings.trendContextDays(for: period)
            trendDays = period.daySlices + contextDays
            trendStart = from - Double(contextDays) * FlawPeriod.secondsPerDay
            repeatWindow = settings.repeatWindowDays * FlawPeriod.secondsPerDay
            repeatGap = settings.repeatMinGapHours * 3600
            escalationWindow = settings.escalationWindowDays * FlawPeriod.secondsPerDay
        }
    }

    /// What the pass needs of an event, packed in 32 bytes so sorting moves little and the pass
    /// never touches the event's strings.
    struct Key {
        var theme: Int64
        var profile: Int64
        var time: Double
        var index: Int32
        var channel: UInt8
        var isPublic: Bool
    }

    private func sortedKeys(_ events: [ComplaintEvent], geometry: Geometry) -> [Key] {
        // 2³¹ events would need hundreds of gigabytes of memory before reaching here.
        precondition(events.count <= Int(Int32.max), "more than 2^31 complaint events in one report")
        var keys: [Key] = []
        keys.reserveCapacity(events.count)
        for i in events.indices {
            let t = events[i].occurredAt.timeIntervalSinceReferenceDate
            if t >= geometry.lookback, t < geometry.to {
                keys.append(
                    Key(
                        theme: events[i].themeID, profile: events[i].profileID, time: t, index: Int32(truncatingIfNeeded: i),
                        channel: Self.channelIndex[events[i].channel] ?? 0, isPublic: events[i].visibility == .public
                    )
                )
            }
        }
        keys.sort { a, b in
            if a.theme != b.theme { return a.theme < b.theme }
            if a.profile != b.profile { return a.profile < b.profile }
            if a.time != b.time { return a.time < b.time }
            return a.index < b.index
        }
        return keys
    }

    /// What one theme's pass collects; reused across themes to avoid reallocating.
    struct ThemeAccumulator {
        var complaints = 0
        var baseline = 0
        var customers = 0
        var repeatCount = 0
        var repeaters: [(customer: String, complaints: Int)] = []
        var escalators: [(customer: String, complaints: Int)] = []
        var channelComplaints: [Int]
        var channelCustomers: [Int]
        var trend: [Int]
        var firstSeen = Double.infinity
        var lastSeen = -Double.infinity
        var periodIndices: [Int] = []
        /// The profiles with a complaint in the period, each once.
        var periodProfiles: [Int64] = []

        init(trendDays: Int) {
            channelComplaints = Array(repeating: 0, count: Channel.allCases.count)
            channelCustomers = Array(repeating: 0, count: Channel.allCases.count)
            trend = Array(repeating: 0, count: trendDays)
        }

        mutating func reset() {
            complaints = 0
            baseline = 0
            customers = 0
            repeatCount = 0
            repeaters.removeAll(keepingCapacity: true)
            escalators.removeAll(keepingCapacity: true)
            for i in channelComplaints.indices {
                channelComplaints[i] = 0
                channelCustomers[i] = 0
            }
            for i in trend.indices { trend[i] = 0 }
            firstSeen = .infinity
            lastSeen = -.infinity
            periodIndices.removeAll(keepingCapacity: true)
            periodProfiles.removeAll(keepingCapacity: true)
        }

        /// Takes the baseline and the trend's context days from counts (index 0 = day −1).
        mutating func usePriorCounts(_ counts: [Int]?, geometry g: Geometry) {
            baseline = 0
            for day in 0..<g.contextDays { trend[g.contextDays - 1 - day] = 0 }
            guard let counts else { return }
            for day in 0..<max(0, min(g.baselineDays, counts.count)) { baseline += counts[day] }
            for day in 0..<min(g.contextDays, counts.count) { trend[g.contextDays - 1 - day] = counts[day] }
        }
    }

    /// Counts by theme, index 0 being day −1; days outside `1...days` before the period are ignored.
    private static func priorByTheme(_ counts: [ThemeDayCount], days: Int) -> [Int64: [Int]] {
        var result: [Int64: [Int]] = [:]
        for count in counts where count.day < 0 && -count.day <= days {
            result[count.themeID, default: Array(repeating: 0, count: days)][-count.day - 1] += count.complaints
        }
        return result
    }

    private static let channelIndex: [Channel: UInt8] = Dictionary(
        uniqueKeysWithValues: Channel.allCases.enumerated().map { ($1, UInt8($0)) }
    )

    /// Walks one theme's keys (sorted by profile, then time) once.
    private func accumulate(
        _ keys: ArraySlice<Key>, events: [ComplaintEvent], geometry g: Geometry, into acc: inout ThemeAccumulator
    ) {
        var k = keys.startIndex
        while k < keys.endIndex {
            let profile = keys[k].profile
            var previous = -Double.infinity
            var lastPrivate = -Double.infinity
            var inPeriod = 0
            var repeated = false
            var escalated = false
            var channelMask = 0
            var latest = -1
            while k < keys.endIndex, keys[k].profile == profile {
                let key = keys[k]
                let t = key.time
                if t >= g.from {
                    inPeriod += 1
                    latest = Int(key.index)
                    acc.periodIndices.append(Int(key.index))
                    let channel = Int(key.channel)
                    acc.channelComplaints[channel] += 1
                    channelMask |= 1 << channel
                    acc.firstSeen = min(acc.firstSeen, t)
                    acc.lastSeen = max(acc.lastSeen, t)
                    acc.trend[min(acc.trend.count - 1, Int((t - g.trendStart) / FlawPeriod.secondsPerDay))] += 1
                    let gap = t - previous
                    if gap <= g.repeatWindow, gap >= g.repeatGap {
                        acc.repeatCount += 1
                        repeated = true
                    }
                    if key.isPublic, lastPrivate < t, t - lastPrivate <= g.escalationWindow {
                        escalated = true
                    }
                } else if g.countPrior {
                    if t >= g.baselineStart { acc.baseline += 1 }
                    if t >= g.trendStart { acc.trend[Int((t - g.trendStart) / FlawPeriod.secondsPerDay)] += 1 }
                }
                if !key.isPublic { lastPrivate = t }
                previous = t
                k += 1
            }
            guard inPeriod > 0 else { continue }
            acc.complaints += inPeriod
            acc.customers += 1
            for channel in acc.channelCustomers.indices where channelMask & (1 << channel) != 0 {
                acc.channelCustomers[channel] += 1
            }
            acc.periodProfiles.append(profile)
            if repeated { acc.repeaters.append((events[latest].customer, inPeriod)) }
            if escalated { acc.escalators.append((events[latest].customer, inPeriod)) }
        }
    }

    // MARK: - Flags and the theme's entry

    private func finding(
        theme: Int64, from acc: ThemeAccumulator, events: [ComplaintEvent], names: [Int64: String], geometry g: Geometry
    ) -> FlawTheme? {
        let rising = RisingEvidence(
            periodComplaints: acc.complaints, periodDays: g.periodDays, baselineComplaints: acc.baseline,
            settings: settings
        )
        var flags: [FlawFlag] = []
        if acc.repeaters.count >= settings.repeatedMinCustomers { flags.append(.repeated) }
        if acc.customers >= settings.widespreadMinCustomers { flags.append(.widespread) }
        if rising.rises { flags.append(.rising) }
        if acc.escalators.count >= settings.escalatedMinCustomers { flags.append(.escalated) }
        guard !flags.isEmpty || acc.complaints >= settings.minComplaints else { return nil }

        let byComplaints: ((customer: String, complaints: Int), (customer: String, complaints: Int)) -> Bool = {
            $0.complaints != $1.complaints ? $0.complaints > $1.complaints : $0.customer < $1.customer
        }
        var channels: [ChannelCount] = []
        for (i, channel) in Channel.allCases.enumerated() where acc.channelComplaints[i] > 0 {
            channels.append(
                ChannelCount(channel: channel, complaints: acc.channelComplaints[i], customers: acc.channelCustomers[i])
            )
        }
        channels.sort { $0.complaints != $1.complaints ? $0.complaints > $1.complaints : $0.customers > $1.customers }
        let trend = acc.trend.enumerated().map { day, count in
            TrendDay(
                day: Date(timeIntervalSinceReferenceDate: g.trendStart + Double(day) * FlawPeriod.secondsPerDay),
                complaints: count, inPeriod: day >= g.contextDays
            )
        }
        return FlawTheme(
            id: theme,
            name: names[theme] ?? "theme #\(theme)",
            flags: flags,
            complaints: acc.complaints,
            customers: acc.customers,
            repeatCount: acc.repeatCount,
            repeatedBy: acc.repeaters.sorted(by: byComplaints).map(\.customer),
            escalatedBy: acc.escalators.sorted(by: byComplaints).map(\.customer),
            channels: channels,
            firstSeen: Date(timeIntervalSinceReferenceDate: acc.firstSeen),
            lastSeen: Date(timeIntervalSinceReferenceDate: acc.lastSeen),
            trend: trend,
            rising: rising,
            quotes: QuoteSelection.pick(
                acc.periodIndices, in: events, count: settings.quotesPerTheme, maxCharacters: settings.quoteMaxCharacters
            )
        )
    }
}
