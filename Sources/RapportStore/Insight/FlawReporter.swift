import Foundation
import Logging
import PostgresNIO
import RapportCore
import RapportInsight

/// Builds the process-flaw report of a period from the store, the way that stays cheap at scale
/// (docs/report.md, "what the store hands over", the second way):
///
/// - the period's complaints, with each interaction's identity resolved to its **current** profile
///   (identities move on a merge, so merged identities count as one customer) and the identity's
///   `kind:value` as the customer to show;
/// - the earlier complaints, back to ``FlawSettings/profileLookbackStart(for:)``, of only the
///   profiles that complain in the period, and only in the themes they complain about now (they
///   decide **repeated** and **escalated**, both within one theme);
/// - per-theme daily complaint counts for the baseline and the trend, summed from the hourly counts
///   the store keeps;
/// - for every customer message received in the period, the first brand message after it on the same
///   profile and channel.
///
/// Then ``FlawAnalysis`` computes the flags in Swift.
public struct FlawReporter: Sendable {
    public let database: Database
    public var settings: FlawSettings

    public init(database: Database, settings: FlawSettings = FlawSettings()) {
        self.database = database
        self.settings = settings
    }

    /// The report of `period`; replies are judged as of `asOf` (pass the time the report is made).
    public func report(for period: FlawPeriod, asOf: Date, generatedAt: Date = Date()) async throws -> FlawReport {
        async let replies = replyTimings(for: period, asOf: asOf)
        async let prior = priorCounts(for: period)
        let complaints = try await ComplaintReader(database: database, settings: settings).events(for: period)
        let names = try await themeNames()
        return FlawAnalysis(settings: settings).report(
            complaints: complaints, themeNames: names, replies: try await replies, period: period,
            priorCounts: try await prior, asOf: asOf, generatedAt: generatedAt
        )
    }

    /// Complaints per theme and 24-hour slice (anchored at the period's start) for the days before it,
    /// from the hourly counts the store keeps (schema/008_complaint_hour_counts.sql): the whole hours
    /// inside one slice come from there, and only the hours a slice boundary cuts through (none when
    /// the period starts on the hour) are counted from the complaints index.
    func priorCounts(for period: FlawPeriod) async throws -> [ThemeDayCount] {
        let started = ContinuousClock.now
        let start = period.from.addingTimeInterval(-Double(settings.priorCountDays(for: period)) * FlawPeriod.secondsPerDay)
        let cut = Self.cutHours(from: start, to: period.from)
        let rows = try await database.client.query(
            """
            SELECT theme_id, floor(date_part('epoch', hour - \(period.from)::timestamptz) / 86400)::int4, sum(complaints)::int8
            FROM complaint_hour_counts
            WHERE hour >= \(start) AND hour <= \(period.from)::timestamptz - interval '1 hour' AND hour <> ALL (\(cut.map(\.hour))::timestamptz[])
            GROUP BY 1, 2
            UNION ALL
            SELECT n.theme_id, floor(date_part('epoch', n.occurred_at - \(period.from)::timestamptz) / 86400)::int4, count(*)::int8
            FROM unnest(\(cut.map(\.from))::timestamptz[], \(cut.map(\.to))::timestamptz[]) AS r(lo, hi)
            JOIN interaction_insights n ON n.occurred_at >= r.lo AND n.occurred_at < r.hi
            WHERE n.kind = 'complaint' AND n.theme_id IS NOT NULL
            GROUP BY 1, 2
            """,
            logger: database.logger
        )
        var counts: [ThemeDayCount] = []
        for try await (theme, day, complaints) in rows.decode((Int64, Int32, Int64).self) where complaints != 0 {
            counts.append(ThemeDayCount(themeID: theme, day: Int(day), complaints: Int(complaints)))
        }
        database.logger.debug("report: prior counts", metadata: ["rows": "\(counts.count)", "cut_hours": "\(cut.count)", "seconds": "\((ContinuousClock.now - started).seconds)"])
        return counts
    }

    /// Folds the hourly count rows of the days the baseline reads (and a day more) into one row per
    /// theme and hour: each statement that changes complaints adds its own rows (schema/008), so a
    /// busy hour collects one per chunk written. Run by the nightly job once its report is stored.
    public func compactHourCounts(for period: FlawPeriod) async throws {
        let since = period.from.addingTimeInterval(-Double(settings.priorCountDays(for: period) + 1) * FlawPeriod.secondsPerDay)
        let rows = try await database.client.query(
            "SELECT complaint_hour_counts_compact(\(since), \(period.from))::int8", logger: database.logger)
        for try await removed in rows.decode(Int64.self) {
            database.logger.debug("report: hour counts compacted", metadata: ["rows_removed": "\(removed)"])
        }
    }

    /// The hours (binned from a whole UTC hour, like the counts table) that a boundary of the 24-hour
    /// slices between `start` and `end` cuts through, each with the part of it inside [start, end).
    static func cutHours(from start: Date, to end: Date) -> [(hour: Date, from: Date, to: Date)] {
        func hour(_ date: Date) -> Date {
            Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        }
        var boundaries: [Date] = []
        var boundary = end
        while boundary > start {
            boundaries.append(boundary)
            boundary = boundary.addingTimeInterval(-FlawPeriod.secondsPerDay)
        }
        boundaries.append(start)
        var cut: [(hour: Date, from: Date, to: Date)] = []
        for boundary in boundaries.reversed() {
            let h = hour(boundary)
            guard h != boundary, cut.last?.hour != h else { continue }
            let from = max(start, h)
            let to = min(end, h.addingTimeInterval(3600))
            if from < to { cut.append((h, from, to)) }
        }
        return cut
    }

    /// For each customer message received in the period: its channel, when it came, and the first
    /// brand message after it on the same profile and channel (sent before `asOf`), if any.
    ///
    /// Two reads in one snapshot, then a pass in Swift:
    /// 1. the period's messages per channel, as arrays of identity and time, inbound and outbound
    ///    apart (one scan of the period, no join and no sort in PostgreSQL);
    /// 2. the identities of every profile that received a brand message, with their profile: a
    ///    customer message whose identity is not among them has no reply.
    /// Per channel, the brand messages are sorted by profile and time, and each customer message
    /// takes the first brand message of its profile at or after it (by binary search).
    ///
    /// Doing this in PostgreSQL (join every message to its identity, sort by profile, channel and
    /// time, a running minimum) cost about 3.4 s of server CPU for a day of a million messages; this
    /// way costs about 0.9 s there (docs/benchmarks.md).
    func replyTimings(for period: FlawPeriod, asOf: Date) async throws -> [ReplyTiming] {
        let horizon = max(asOf, period.from)
        let started = ContinuousClock.now
        let logger = database.logger
        let (messages, profileOf) = try await database.transaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            // The reads run beside the nightly classification, which has the cores' work already.
            try await connection.query("SET LOCAL max_parallel_workers_per_gather = 0", logger: logger)
            let rows = try await connection.query(
                """
                SELECT x.channel,
                       coalesce(array_agg(x.identity_id) FILTER (WHERE x.direction = 'inbound'), '{}'),
                       coalesce(array_agg(x.occurred_at) FILTER (WHERE x.direction = 'inbound'), '{}'),
                       coalesce(array_agg(x.identity_id) FILTER (WHERE x.direction = 'outbound'), '{}'),
                       coalesce(array_agg(x.occurred_at) FILTER (WHERE x.direction = 'outbound'), '{}')
                FROM interactions x
                WHERE x.occurred_at >= \(period.from)
                  AND ((x.direction = 'inbound' AND x.occurred_at < \(period.to))
                       OR (x.direction = 'outbound' AND x.occurred_at < \(horizon)))
                GROUP BY x.channel
                """,
                logger: logger
            )
            var messages: [ChannelMessages] = []
            for try await (name, inboundIdentities, received, outboundIdentities, sent) in rows.decode(
                (String, BinaryArray<Int64>, BinaryArray<Date>, BinaryArray<Int64>, BinaryArray<Date>).self
            ) {
                guard let channel = Channel(rawValue: name) else { continue }
                messages.append(
                    ChannelMessages(
                        channel: channel, inboundIdentities: inboundIdentities.elements, received: received.elements,
                        outboundIdentities: outboundIdentities.elements, sent: sent.elements))
            }
            var answering = Set<Int64>()
            for channel in messages { answering.formUnion(channel.outboundIdentities) }
            var profileOf: [Int64: Int64] = [:]
            guard !answering.isEmpty else { return (messages, profileOf) }
            let identities = try await connection.query(
                """
                SELECT coalesce(array_agg(i.id), '{}'), coalesce(array_agg(i.profile_id), '{}') FROM identities i
                WHERE i.profile_id = ANY(ARRAY(SELECT j.profile_id FROM identities j WHERE j.id = ANY(\(Array(answering))::int8[])))
                """,
                logger: logger
            )
            for try await (ids, profiles) in identities.decode((BinaryArray<Int64>, BinaryArray<Int64>).self) {
                profileOf.reserveCapacity(ids.elements.count)
                for (id, profile) in zip(ids.elements, profiles.elements) { profileOf[id] = profile }
            }
            return (messages, profileOf)
        }
        var timings: [ReplyTiming] = []
        timings.reserveCapacity(messages.reduce(0) { $0 + $1.received.count })
        for channel in messages { channel.firstReplies(profileOf: profileOf, into: &timings) }
        logger.debug("report: reply timings", metadata: ["messages": "\(timings.count)", "seconds": "\((ContinuousClock.now - started).seconds)"])
        return timings
    }

    func themeNames() async throws -> [Int64: String] {
        try await database.client.withConnection { connection in
            try await ThemeCatalog.names(on: connection, logger: database.logger)
        }
    }
}

extension FlawReporter {
    /// The key of the flag settings in the `settings` table (a JSON object as in docs/report.md).
    public static let settingsKey = "report.flaws"

    /// The flag settings stored under ``settingsKey``, or nil when none are.
    public static func storedSettings(in database: Database) async throws -> FlawSettings? {
        let rows = try await database.client.query("SELECT value::text FROM settings WHERE key = \(settingsKey)", logger: database.logger)
        for try await text in rows.decode(String.self) {
            let settings: FlawSettings
            do {
                settings = try JSONDecoder().decode(FlawSettings.self, from: Data(text.utf8))
                try settings.validate()
            } catch {
                throw StoreError.refused("the stored setting \(settingsKey) is unusable: \(error)")
            }
            return settings
        }
        return nil
    }
}

/// One channel's messages of a period, as read for the first-reply times: customer messages
/// (inbound) and brand messages (outbound), each as parallel arrays of identity and time.
struct ChannelMessages: Sendable {
    var channel: RapportCore.Channel
    var inboundIdentities: [Int64]
    var received: [Date]
    var outboundIdentities: [Int64]
    var sent: [Date]

    /// Appends, for each customer message, the first brand message at or after it on the same profile
    /// (`profileOf` maps the identities of every profile with a brand message; a customer message
    /// whose identity it lacks has none).
    func firstReplies(profileOf: [Int64: Int64], into timings: inout [ReplyTiming]) {
        // Brand messages sorted by profile, then time; each profile's run located by a dictionary.
        var replies: [(profile: Int64, at: Date)] = []
        replies.reserveCapacity(sent.count)
        for (identity, at) in zip(outboundIdentities, sent) {
            if let profile = profileOf[identity] { replies.append((profile, at)) }
        }
        replies.sort { $0.profile != $1.profile ? $0.profile < $1.profile : $0.at < $1.at }
        var runs: [Int64: Range<Int>] = [:]
        var start = 0
        for k in replies.indices where k + 1 == replies.count || replies[k + 1].profile != replies[k].profile {
            runs[replies[k].profile] = start..<(k + 1)
            start = k + 1
        }
        for (identity, at) in zip(inboundIdentities, received) {
            var reply: Date?
            if let profile = profileOf[identity], let run = runs[profile] {
                // The first brand message at or after `at` (one at the same instant counts).
                var low = run.lowerBound
                var high = run.upperBound
                while low < high {
                    let middle = (low + high) / 2
                    if replies[middle].at < at { low = middle + 1 } else { high = middle }
                }
                if low < run.upperBound { reply = replies[low].at }
            }
            timings.append(ReplyTiming(channel: channel, receivedAt: at, firstReplyAt: reply))
        }
    }
}
