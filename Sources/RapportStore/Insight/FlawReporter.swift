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
    /// One pass over the period's messages: sorted per profile and channel, newest first, a running
    /// minimum of the brand messages' times gives each customer message its first reply. The result
    /// comes as one row of arrays per channel (reply delays in seconds, −1 for none).
    func replyTimings(for period: FlawPeriod, asOf: Date) async throws -> [ReplyTiming] {
        let horizon = max(asOf, period.from)
        let started = ContinuousClock.now
        defer { database.logger.debug("report: reply timings", metadata: ["seconds": "\((ContinuousClock.now - started).seconds)"]) }
        return try await database.transaction { connection in
            try await connection.query("SET LOCAL work_mem = '256MB'", logger: database.logger)
            let rows = try await connection.query(
                """
                SELECT channel, array_agg(occurred_at), array_agg(coalesce(date_part('epoch', first_reply - occurred_at), -1))
                FROM (
                    SELECT m.channel, m.occurred_at, m.inbound,
                           min(m.reply_at) OVER (PARTITION BY m.profile_id, m.channel ORDER BY m.occurred_at DESC, m.inbound
                                                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS first_reply
                    FROM (
                        SELECT i.profile_id, x.channel, x.occurred_at, x.direction = 'inbound' AS inbound,
                               CASE WHEN x.direction = 'outbound' THEN x.occurred_at END AS reply_at
                        FROM interactions x JOIN identities i ON i.id = x.identity_id
                        WHERE x.occurred_at >= \(period.from)
                          AND ((x.direction = 'inbound' AND x.occurred_at < \(period.to))
                               OR (x.direction = 'outbound' AND x.occurred_at < \(horizon)))
                    ) m
                ) w
                WHERE inbound
                GROUP BY channel
                """,
                logger: database.logger
            )
            var timings: [ReplyTiming] = []
            for try await (channelName, received, delays) in rows.decode((String, [Date], [Double]).self) {
                guard let channel = Channel(rawValue: channelName) else { continue }
                timings.reserveCapacity(timings.count + received.count)
                for (at, delay) in zip(received, delays) {
                    timings.append(ReplyTiming(channel: channel, receivedAt: at, firstReplyAt: delay < 0 ? nil : at.addingTimeInterval(delay)))
                }
            }
            return timings
        }
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
