import Foundation
import RapportInsight

/// What `rapport report nightly` did, with the time each step took.
public struct NightlyOutcome: Sendable, Codable {
    public var classification: ClassificationSummary
    public var reportID: Int64
    public var report: FlawReport
    /// Seconds per step: `classify` (classification and themes), `report_queries` (the rows the
    /// report needs, partly read while classifying), `analysis`, `store`, and `total`.
    public var seconds: [String: Double]

    enum CodingKeys: String, CodingKey {
        case classification, report, seconds
        case reportID = "report_id"
    }
}

/// The nightly job: classify what is new, place new complaints in themes, build the flaw report of
/// the period, store it and hand it back for writing.
///
/// The reads that do not depend on tonight's classification — first-reply times (with their table), and
/// the per-theme daily counts before the period — run on other connections while the classification runs, so
/// PostgreSQL and Swift work at the same time; so do the reads about each chunk's complaints once it
/// is written (``ComplaintPrefetch``). When the classification touched complaints before the period
/// (a first run, late arrivals, the backlog), the counts and earlier complaints are read again
/// afterwards. The complaints the run has just classified come from memory; only the period's older
/// ones are read.
public struct NightlyReport: Sendable {
    public let database: Database
    public var settings: FlawSettings
    public var options: InsightOptions
    public var taxonomy: ThemeTaxonomy?

    public init(database: Database, settings: FlawSettings = FlawSettings(), options: InsightOptions = InsightOptions(), taxonomy: ThemeTaxonomy? = nil) {
        self.database = database
        self.settings = settings
        self.options = options
        self.taxonomy = taxonomy
    }

    /// Runs the job for `period`; replies are judged as of `asOf`.
    public func run(
        period: FlawPeriod, asOf: Date, origin: ReportOrigin = .nightly, progress: (@Sendable (ClassificationSummary) -> Void)? = nil
    ) async throws -> NightlyOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let reporter = FlawReporter(database: database, settings: settings)
        let analysis = FlawAnalysis(settings: settings)
        async let firstReply = analysis.firstReply(try await reporter.replyTimings(for: period, asOf: asOf), period: period, asOf: asOf)
        async let earlyCounts = reporter.priorCounts(for: period)

        let reader = ComplaintReader(database: database, settings: settings)
        let prefetch = ComplaintPrefetch(reader: reader, period: period)

        let early = EarlyStoredRead()

        let run: InsightClassification.Outcome
        do {
            run = try await InsightClassification(database: database, options: options, taxonomy: taxonomy)
                .run(
                    .new, now: asOf, collecting: period, progress: progress,
                    begun: { startedAt in await early.start { try await reader.storedPeriodComplaints(period, classifiedBefore: startedAt) } },
                    written: { await prefetch.add($0) })
        } catch {
            // The reads started alongside end before the error leaves (the caller may close the pool).
            _ = try? await prefetch.finish()
            _ = try? await early.value()
            throw error
        }
        let classification = run.summary
        let classified = clock.now

        // What the run changed before the period (late arrivals, the backlog) can change the prior
        // counts and the earlier complaints read while it ran: both are then read again.
        let changedBefore = classification.earliestChange.map { $0 < period.from } ?? false
        var prior = try await earlyCounts
        if changedBefore { prior = try await reporter.priorCounts(for: period) }
        let prefetched = try await prefetch.finish()
        // The period's complaints of earlier runs were read as the run began; the backlog may since
        // have given some of them a theme, and they are then read again.
        let earlierRuns = try await early.value()
        let complaints = try await reader.events(
            for: period, known: run.collected, classifiedBefore: run.startedAt, prefetched: changedBefore ? nil : prefetched,
            stored: classification.backlogThemed > 0 ? nil : earlierRuns)
        let names = try await reporter.themeNames()
        let replyTable = try await firstReply
        let queried = clock.now

        let report = analysis.report(
            complaints: complaints, themeNames: names, firstReply: replyTable, period: period, priorCounts: prior, asOf: asOf,
            generatedAt: Date()
        )
        let analysed = clock.now
        let id = try await ReportArchive(database: database).save(report, origin: origin)
        try await reporter.compactHourCounts(for: period)
        let stored = clock.now
        return NightlyOutcome(
            classification: classification, reportID: id, report: report,
            seconds: [
                "classify": (classified - started).seconds, "report_queries": (queried - classified).seconds,
                "analysis": (analysed - queried).seconds, "store": (stored - analysed).seconds, "total": (stored - started).seconds,
            ]
        )
    }
}

/// The period's complaints classified by earlier runs, read while the nightly classification runs.
private actor EarlyStoredRead {
    private var task: Task<[ComplaintEvent], Error>?

    func start(_ read: @escaping @Sendable () async throws -> [ComplaintEvent]) {
        task = Task { try await read() }
    }

    /// The events read, or nil if the read never started.
    func value() async throws -> [ComplaintEvent]? {
        try await task?.value
    }
}
