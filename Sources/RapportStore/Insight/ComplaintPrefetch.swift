import Foundation
import Logging
import RapportInsight

/// What the nightly report needs about the complaints a classification run places in themes, read
/// while the run goes on: as each chunk is written, the identities of its complaints (current
/// profile and `kind:value`), the complaints as report events, and the earlier complaints of every
/// profile–theme pair not seen before.
/// On a large store these reads took about a sixth of the nightly job when they waited for the end
/// of the classification; during it they use the core PostgreSQL and Swift leave idle between chunks.
///
/// The earlier complaints read this way are complete only if the run changed nothing before the
/// period (no late arrival, no backlog complaint placed there): ``NightlyReport`` uses the result
/// only then, as it does for the prior daily counts. Each chunk's lookups run on a pooled connection
/// of their own.
actor ComplaintPrefetch {
    struct Result: Sendable {
        /// The chunks' complaints as report events (those whose identity was found).
        var events: [ComplaintEvent] = []
        /// The profile–theme pairs whose earlier complaints are in `earlier`.
        var pairs = Set<ComplaintReader.ProfileTheme>()
        var earlier: [ComplaintEvent] = []
    }

    private let reader: ComplaintReader
    private let before: Date
    private let since: Date
    private var result = Result()
    /// The identities resolved so far (each is read once).
    private var identities: [Int64: ComplaintReader.Resolved] = [:]
    private var lookups: [Task<Void, Error>] = []
    private var seconds = 0.0

    init(reader: ComplaintReader, period: FlawPeriod) {
        self.reader = reader
        before = period.from
        since = reader.settings.profileLookbackStart(for: period)
    }

    /// Starts the lookups for `complaints` (a chunk's, once it is written) and returns at once. A
    /// chunk's lookups may overlap the previous chunk's: each pair is claimed before it is read, so no
    /// earlier complaint is read twice.
    func add(_ complaints: [KnownComplaint]) {
        guard !complaints.isEmpty else { return }
        lookups.append(Task { try await self.lookUp(complaints) })
    }

    /// Waits for the lookups; returns everything read.
    func finish() async throws -> Result {
        for lookup in lookups { try await lookup.value }
        reader.database.logger.debug(
            "report: prefetched during classification",
            metadata: [
                "identities": "\(identities.count)", "pairs": "\(result.pairs.count)", "rows": "\(result.earlier.count)",
                "seconds": "\(seconds)",
            ])
        return result
    }

    private func lookUp(_ complaints: [KnownComplaint]) async throws {
        let started = ContinuousClock.now
        let unknown = Set(complaints.lazy.map(\.identityID).filter { self.identities[$0] == nil })
        let resolved = try await reader.identities(unknown)
        identities.merge(resolved) { first, _ in first }
        // Claimed and read without a suspension point between the check and the claim.
        var pairs = Set<ComplaintReader.ProfileTheme>()
        // Room for the chunk, growing at least geometrically: reserving exactly the new count each
        // chunk would copy every earlier chunk's events again (quadratic over a night's chunks).
        let needed = result.events.count + complaints.count
        if result.events.capacity < needed { result.events.reserveCapacity(max(needed, 2 * result.events.capacity)) }
        for complaint in complaints {
            guard let identity = identities[complaint.identityID], let event = ComplaintReader.event(complaint, identity: identity) else { continue }
            result.events.append(event)
            let pair = ComplaintReader.ProfileTheme(profile: identity.profile, theme: complaint.themeID)
            if result.pairs.insert(pair).inserted { pairs.insert(pair) }
        }
        if !pairs.isEmpty {
            result.earlier += try await reader.earlierComplaints(of: pairs, before: before, since: since)
        }
        seconds += (ContinuousClock.now - started).seconds
    }
}
