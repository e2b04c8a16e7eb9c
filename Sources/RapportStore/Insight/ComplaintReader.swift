import Foundation
import Logging
import PostgresNIO
import RapportCore
import RapportInsight

/// A complaint a classification run has just placed in a theme, still in memory: the nightly report
/// takes these instead of reading them back.
struct KnownComplaint: Sendable {
    var interactionID: Int64
    var identityID: Int64
    var themeID: Int64
    var channel: String
    var visibility: String
    var occurredAt: Date
    var body: String
    var sentiment: Double
}

/// Reads the complaint events a flaw report needs, with each identity resolved to its current
/// profile (so merged identities count as one customer) and shown as `kind:value`.
struct ComplaintReader: Sendable {
    let database: Database
    let settings: FlawSettings

    /// The period's complaints (with bodies, for quotes) and the earlier complaints of the same
    /// profiles within the lookback (without bodies).
    ///
    /// - Parameters:
    ///   - known: complaints of the period that a run classified just now; only complaints classified
    ///     before `classifiedBefore` are then read from the store.
    ///   - prefetched: what a ``ComplaintPrefetch`` built and read during that run (the known
    ///     complaints as events, the earlier complaints of their profile–theme pairs); only the rest
    ///     is read now.
    ///   - stored: the period's complaints classified before `classifiedBefore`, if already read.
    func events(
        for period: FlawPeriod, known: [KnownComplaint] = [], classifiedBefore: Date? = nil, prefetched: ComplaintPrefetch.Result? = nil,
        stored storedRead: [ComplaintEvent]? = nil
    ) async throws -> [ComplaintEvent] {
        let started = ContinuousClock.now
        // The stored complaints and the known ones' identities are read at once, on other connections.
        async let storedEvents = { () async throws -> [ComplaintEvent] in
            if let storedRead { return storedRead }
            return try await storedPeriodComplaints(period, classifiedBefore: classifiedBefore)
        }()
        // Without a prefetch, the known complaints' identities are read now.
        let identities = prefetched == nil ? try await self.identities(Set(known.lazy.map(\.identityID))) : [:]
        var events = try await storedEvents
        let stored = Set(events.map(\.interactionID))
        let fresh: [ComplaintEvent]
        if let prefetched {
            // Built as each chunk was written (the prefetch resolved their identities then).
            fresh = stored.isEmpty ? prefetched.events : prefetched.events.filter { !stored.contains($0.interactionID) }
        } else {
            fresh = known.lazy.filter { !stored.contains($0.interactionID) }.compactMap { complaint in
                identities[complaint.identityID].flatMap { Self.event(complaint, identity: $0) }
            }
        }
        database.logger.debug(
            "report: period complaints",
            metadata: [
                "stored": "\(stored.count)", "known": "\(fresh.count)", "identities_read": "\(identities.count)",
                "seconds": "\((ContinuousClock.now - started).seconds)",
            ])
        // Earlier complaints decide repeats and escalations, both within one theme: only a profile's
        // earlier complaints in the themes it complains about now can matter. The prefetch has read
        // those of every pair its events form.
        var pairs = Set<ProfileTheme>()
        for event in events { pairs.insert(ProfileTheme(profile: event.profileID, theme: event.themeID)) }
        if let prefetched {
            pairs.subtract(prefetched.pairs)
        } else {
            for event in fresh { pairs.insert(ProfileTheme(profile: event.profileID, theme: event.themeID)) }
        }
        events += fresh
        if let prefetched { events += prefetched.earlier }
        guard !pairs.isEmpty else { return events }
        events += try await earlierComplaints(of: pairs, before: period.from, since: settings.profileLookbackStart(for: period))
        return events
    }

    /// The event of a complaint classified just now, shown as `identity` (nil: an unknown channel or
    /// visibility, which the store's checks rule out).
    static func event(_ complaint: KnownComplaint, identity: Resolved) -> ComplaintEvent? {
        guard let channel = Channel(rawValue: complaint.channel), let visibility = Visibility(rawValue: complaint.visibility) else {
            return nil
        }
        return ComplaintEvent(
            interactionID: complaint.interactionID, profileID: identity.profile, customer: identity.customer, themeID: complaint.themeID,
            channel: channel, visibility: visibility, occurredAt: complaint.occurredAt, body: complaint.body, sentiment: complaint.sentiment
        )
    }

    /// An identity's current profile, and the identity as `kind:value`.
    typealias Resolved = (profile: Int64, customer: String)

    struct ProfileTheme: Hashable, Sendable {
        var profile: Int64
        var theme: Int64
    }

    /// The period's complaints as stored (all of them, or those classified before `classifiedBefore`).
    func storedPeriodComplaints(_ period: FlawPeriod, classifiedBefore: Date?) async throws -> [ComplaintEvent] {
        let rows = try await database.client.query(
            """
            SELECT n.interaction_id, i.profile_id, i.kind || ':' || i.value, n.theme_id, n.channel, n.visibility, n.occurred_at,
                   coalesce(x.body, ''), n.sentiment::float8
            FROM interaction_insights n
            JOIN interactions x ON x.id = n.interaction_id
            JOIN identities i ON i.id = n.identity_id
            WHERE n.kind = 'complaint' AND n.theme_id IS NOT NULL
              AND n.occurred_at >= \(period.from) AND n.occurred_at < \(period.to)
              AND (\(classifiedBefore)::timestamptz IS NULL OR n.classified_at < \(classifiedBefore)::timestamptz)
              AND x.occurred_at >= \(period.from) AND x.occurred_at < \(period.to)
            """,
            logger: database.logger
        )
        var events: [ComplaintEvent] = []
        for try await (id, profile, customer, theme, channel, visibility, occurredAt, body, sentiment) in rows.decode(
            (Int64, Int64, String, Int64, String, String, Date, String, Double).self
        ) {
            guard let channel = Channel(rawValue: channel), let visibility = Visibility(rawValue: visibility) else { continue }
            events.append(
                ComplaintEvent(
                    interactionID: id, profileID: profile, customer: customer, themeID: theme, channel: channel, visibility: visibility,
                    occurredAt: occurredAt, body: body, sentiment: sentiment))
        }
        return events
    }

    /// Lookups of this many keys or more are split into parts read at once on separate connections:
    /// they are index probes, one backend each, and after a nightly classification the other cores
    /// are idle.
    static let splitThreshold = 10_000

    /// `items` in `parts` slices of about equal size (fewer when there are fewer items).
    static func split<T>(_ items: [T], into parts: Int) -> [ArraySlice<T>] {
        let parts = max(1, min(parts, items.count))
        let size = (items.count + parts - 1) / parts
        return stride(from: 0, to: items.count, by: max(1, size)).map { items[$0..<min(items.count, $0 + size)] }
    }

    /// How many parts a lookup of `count` keys is split into.
    static func parts(for count: Int) -> Int {
        count < splitThreshold ? 1 : max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// `read` of each part of `keys` (see ``parts(for:)``), run at once; the results in the parts'
    /// order, whichever finishes first, so the same store gives the same answer.
    static func inParts<Key: Sendable, Part: Sendable>(
        _ keys: [Key], _ read: @escaping @Sendable (ArraySlice<Key>) async throws -> Part
    ) async throws -> [Part] {
        let slices = split(keys, into: parts(for: keys.count))
        return try await withThrowingTaskGroup(of: (Int, Part).self) { group in
            for (k, slice) in slices.enumerated() {
                group.addTask { (k, try await read(slice)) }
            }
            var results = [Part?](repeating: nil, count: slices.count)
            for try await (k, part) in group { results[k] = part }
            return results.compactMap { $0 }
        }
    }

    /// Identity id → its current profile and `kind:value`.
    func identities(_ ids: Set<Int64>) async throws -> [Int64: Resolved] {
        guard !ids.isEmpty else { return [:] }
        let parts = try await Self.inParts(Array(ids)) { slice in try await identities(Array(slice)) }
        var result: [Int64: Resolved] = [:]
        result.reserveCapacity(ids.count)
        for part in parts { result.merge(part) { first, _ in first } }
        return result
    }

    /// `= ANY` of the array: one index scan that walks the sorted keys. Joined with `unnest` instead,
    /// the planner merge-joins the whole primary key (a million entries on the 10M benchmark store,
    /// 190 ms against 60 ms for 19,000 ids).
    private func identities(_ ids: [Int64]) async throws -> [Int64: Resolved] {
        let rows = try await database.client.query(
            """
            SELECT coalesce(array_agg(i.id), '{}'), coalesce(array_agg(i.profile_id), '{}'), coalesce(array_agg(i.kind || ':' || i.value), '{}')
            FROM identities i WHERE i.id = ANY(\(ids)::int8[])
            """,
            logger: database.logger
        )
        var result: [Int64: Resolved] = [:]
        for try await (identityIDs, profiles, customers) in rows.decode((BinaryArray<Int64>, BinaryArray<Int64>, BinaryArray<String>).self) {
            let (identityIDs, profiles, customers) = (identityIDs.elements, profiles.elements, customers.elements)
            result.reserveCapacity(identityIDs.count)
            for k in identityIDs.indices { result[identityIDs[k]] = (profiles[k], customers[k]) }
        }
        return result
    }

    /// The complaints in `[since, before)` of each profile in the theme paired with it: profile → its
    /// identities → their complaints in that theme, one short range scan of the partial index on
    /// (identity_id, theme_id, occurred_at) per identity (schema/009), returned as one row of arrays.
    /// Asking for the pairs rather than every complaint of the profiles returns about a twentieth of
    /// the rows on the 10M benchmark store. The lateral subquery is kept from being flattened
    /// (`OFFSET 0`): flattened, the planner probes the index by identity alone and filters the theme.
    func earlierComplaints(of pairs: Set<ProfileTheme>, before: Date, since: Date) async throws -> [ComplaintEvent] {
        let started = ContinuousClock.now
        // In key order, so that consecutive probes descend to neighbouring index pages (a set's order
        // is random, and so were the probes).
        let sorted = pairs.sorted { $0.profile != $1.profile ? $0.profile < $1.profile : $0.theme < $1.theme }
        let parts = try await Self.inParts(sorted) { slice in try await earlierComplaints(of: slice, before: before, since: since) }
        let events = parts.flatMap { $0 }
        database.logger.debug(
            "report: earlier complaints",
            metadata: [
                "pairs": "\(pairs.count)", "parts": "\(parts.count)", "rows": "\(events.count)",
                "seconds": "\((ContinuousClock.now - started).seconds)",
            ])
        return events
    }

    private func earlierComplaints(of pairs: ArraySlice<ProfileTheme>, before: Date, since: Date) async throws -> [ComplaintEvent] {
        var profiles: [Int64] = []
        var themes: [Int64] = []
        profiles.reserveCapacity(pairs.count)
        themes.reserveCapacity(pairs.count)
        for pair in pairs {
            profiles.append(pair.profile)
            themes.append(pair.theme)
        }
        // Without JIT: the estimated cost of thousands of index probes is past `jit_above_cost`, so
        // PostgreSQL compiled this statement each time (about 1 s a night on the 10M benchmark
        // store, 35 statements) to run probes that take a few microseconds each.
        return try await database.transaction { connection in
            try await connection.query("SET LOCAL jit = off", logger: database.logger)
            let rows = try await connection.query(
                """
                SELECT coalesce(array_agg(n.interaction_id), '{}'), coalesce(array_agg(n.profile_id), '{}'),
                       coalesce(array_agg(n.customer), '{}'), coalesce(array_agg(n.theme_id), '{}'),
                       coalesce(array_agg(n.channel), '{}'), coalesce(array_agg(n.visibility), '{}'),
                       coalesce(array_agg(n.occurred_at), '{}'), coalesce(array_agg(n.sentiment::float8), '{}')
                FROM unnest(\(profiles)::int8[], \(themes)::int8[]) AS p(profile_id, theme_id)
                CROSS JOIN LATERAL (
                    SELECT n.interaction_id, i.profile_id, i.kind || ':' || i.value AS customer, n.theme_id, n.channel, n.visibility,
                           n.occurred_at, n.sentiment
                    FROM identities i
                    JOIN interaction_insights n ON n.identity_id = i.id
                    WHERE i.profile_id = p.profile_id AND n.theme_id = p.theme_id
                      AND n.occurred_at >= \(since) AND n.occurred_at < \(before) AND n.kind = 'complaint' AND n.theme_id IS NOT NULL
                    OFFSET 0
                ) n
                """,
                logger: database.logger
            )
            var events: [ComplaintEvent] = []
            for try await columns in rows.decode(
                (
                    BinaryArray<Int64>, BinaryArray<Int64>, BinaryArray<String>, BinaryArray<Int64>, BinaryArray<String>, BinaryArray<String>,
                    BinaryArray<Date>, BinaryArray<Double>
                ).self
            ) {
                let (ids, profileIDs, customers, themes) = (columns.0.elements, columns.1.elements, columns.2.elements, columns.3.elements)
                let (channels, visibilities, times, sentiments) = (columns.4.elements, columns.5.elements, columns.6.elements, columns.7.elements)
                events.reserveCapacity(ids.count)
                for k in ids.indices {
                    guard let channel = Channel(rawValue: channels[k]), let visibility = Visibility(rawValue: visibilities[k]) else {
                        continue
                    }
                    events.append(
                        ComplaintEvent(
                            interactionID: ids[k], profileID: profileIDs[k], customer: customers[k], themeID: themes[k], channel: channel,
                            visibility: visibility, occurredAt: times[k], body: "", sentiment: sentiments[k]))
                }
            }
            return events
        }
    }
}
