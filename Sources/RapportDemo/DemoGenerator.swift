import Foundation
import RapportCore

/// Generates Rapport's demo data set: a CRM export and a month of cross-channel customer-service
/// interactions for a fictional retailer, with known process flaws planted in the last week.
///
/// The output depends only on (``customers``, ``seed``, ``end``, ``days``): the same values give
/// byte-identical files on every machine. `rapport generate --customers N --seed S --out DIR`
/// calls ``write(to:)``; `make demo` ingests the files, prints the showcase customer's timeline
/// and checks the flaw report against ``DemoSummary/plantedFlaws``.
public struct DemoGenerator: Sendable {
    /// The smallest population that leaves room for every planted story.
    public static let minimumCustomers = 50
    public static let maximumCustomers = 200_000
    /// The shortest period: the showcase story starts ten days before the end and the rising flaw
    /// needs a baseline of weeks.
    public static let minimumDays = 14
    public static let maximumDays = 366

    /// People to generate (CRM customers, social-only customers and web-chat visitors).
    public var customers: Int
    public var seed: UInt64
    /// End of the period (exclusive). Whole days before it hold the data; the planted surge is in
    /// the last two of them.
    public var end: Date
    /// Length of the period in days.
    public var days: Int

    /// - Parameter end: defaults to midnight UTC at the start of the current day, so every generated
    ///   interaction lies in the past and `rapport report flaws --since 7d` covers the planted week.
    public init(customers: Int, seed: UInt64, end: Date = DemoGenerator.defaultEnd(), days: Int = 30) {
        self.customers = customers
        self.seed = seed
        self.end = end
        self.days = days
    }

    /// Midnight UTC at the start of the day containing `now`.
    public static func defaultEnd(now: Date = Date()) -> Date {
        UTCTimestamp.startOfDay(containing: now)
    }

    /// The files ``write(to:)`` creates.
    public static let customersFile = "customers.csv"
    public static let interactionsFile = "interactions.jsonl"
    /// Ground truth per inbound interaction (`source,external_id,kind,theme`), for measuring the
    /// classifier and the theme clusterer on demo data. Not an input to `rapport ingest`.
    public static let labelsFile = "labels.csv"
    public static let summaryFile = "summary.json"

    /// Writes `customers.csv`, `interactions.jsonl`, `labels.csv` and `summary.json` into
    /// `directory` (created if missing) and returns the summary.
    public func write(to directory: URL) throws -> DemoSummary {
        try validate()
        let dataSet = build()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let customersBytes = try DemoFileWriter.writeCustomers(
            dataSet.population, to: directory.appendingPathComponent(Self.customersFile), seed: seed)
        let interactionsBytes = try DemoFileWriter.writeInteractions(
            dataSet.drafts, to: directory.appendingPathComponent(Self.interactionsFile))
        let labels = try DemoFileWriter.writeLabels(dataSet.drafts, to: directory.appendingPathComponent(Self.labelsFile))
        let crmRecords = dataSet.population.people.filter(\.isInCRM).count + dataSet.population.duplicateRecords.count

        var channels: [String: Int] = [:]
        for draft in dataSet.drafts { channels[draft.channel.rawValue, default: 0] += 1 }
        let inbound = dataSet.drafts.filter { $0.direction == .inbound }.count
        let summary = DemoSummary(
            seed: seed, customers: customers,
            periodStart: UTCTimestamp.string(dataSet.start), periodEnd: UTCTimestamp.string(dataSet.end),
            files: [
                DemoFile(name: Self.customersFile, rows: crmRecords, bytes: customersBytes),
                DemoFile(name: Self.interactionsFile, rows: dataSet.drafts.count, bytes: interactionsBytes),
                DemoFile(name: Self.labelsFile, rows: labels.rows, bytes: labels.bytes),
            ],
            crmRecords: crmRecords, interactions: dataSet.drafts.count, inbound: inbound,
            outbound: dataSet.drafts.count - inbound, channels: channels, showcase: dataSet.showcase,
            plantedFlaws: dataSet.flaws, stewardship: dataSet.stewardship)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(summary).write(to: directory.appendingPathComponent(Self.summaryFile))
        return summary
    }

    private func validate() throws(DemoDataError) {
        guard (Self.minimumCustomers...Self.maximumCustomers).contains(customers) else {
            throw DemoDataError(
                "--customers must be between \(Self.minimumCustomers) and \(Self.maximumCustomers) (got \(customers)); the planted flaws need at least \(Self.minimumCustomers) people"
            )
        }
        guard (Self.minimumDays...Self.maximumDays).contains(days) else {
            throw DemoDataError(
                "the period must be \(Self.minimumDays) to \(Self.maximumDays) days long (got \(days)); the rising flaw needs a baseline of weeks"
            )
        }
    }

    /// Everything generated, in memory, before it is written.
    struct DataSet {
        var start: Int64
        var end: Int64
        var population: DemoPopulation
        /// Sorted by time (then by generation order).
        var drafts: [InteractionDraft]
        var showcase: DemoShowcase
        var flaws: [PlantedFlaw]
        var stewardship: DemoStewardshipCases
    }

    /// Generates the data set. Each part draws from its own random stream.
    func build() -> DataSet {
        let endSeconds = UTCTimestamp.seconds(end)
        let startSeconds = endSeconds - Int64(days) * UTCTimestamp.secondsPerDay
        var peopleRandom = DemoRandom(seed: seed, stream: 1)
        let population = DemoPopulation.build(count: customers, random: &peopleRandom)
        var recorder = InteractionRecorder(start: startSeconds, end: endSeconds)
        var planter = FlawPlanter(population: population, end: endSeconds, days: days)

        var showcaseRandom = DemoRandom(seed: seed, stream: 2)
        let showcase = ShowcaseStory.play(population.people[0], planter: planter, recorder: &recorder, random: &showcaseRandom)
        var flaws: [PlantedFlaw] = []
        var flawRandom = DemoRandom(seed: seed, stream: 3)
        flaws.append(planter.plantRepeatedRefunds(recorder: &recorder, random: &flawRandom))
        flawRandom = DemoRandom(seed: seed, stream: 4)
        flaws.append(planter.plantEscalatingDoubleCharges(recorder: &recorder, random: &flawRandom))
        flawRandom = DemoRandom(seed: seed, stream: 5)
        flaws.append(planter.plantRisingLogouts(recorder: &recorder, random: &flawRandom))
        flawRandom = DemoRandom(seed: seed, stream: 6)
        flaws.append(planter.plantUnansweredMessages(recorder: &recorder, random: &flawRandom))
        var backgroundRandom = DemoRandom(seed: seed, stream: 7)
        BackgroundActivity.generate(population: population, recorder: &recorder, days: days, random: &backgroundRandom)

        let ordered = recorder.drafts.enumerated()
            .sorted { ($0.element.occurredAt, $0.offset) < ($1.element.occurredAt, $1.offset) }
            .map(\.element)
        return DataSet(
            start: startSeconds, end: endSeconds, population: population, drafts: ordered, showcase: showcase,
            flaws: flaws, stewardship: stewardshipCases(population, drafts: ordered))
    }

    private func stewardshipCases(_ population: DemoPopulation, drafts: [InteractionDraft]) -> DemoStewardshipCases {
        let duplicates = population.duplicateRecords.map { record in
            [population.people[record.person].crmIdentifier ?? "", "crm:\(DemoBrand.crmSource):\(record.crmID)"]
        }
        let tweeting = Set(drafts.filter { $0.channel == .twitter }.map(\.person))
        let unlisted = population.people
            .filter { $0.isInCRM && $0.twitter != nil && !$0.crmListsTwitter && tweeting.contains($0.index) }
            .prefix(5)
            .map { [$0.crmIdentifier ?? "", $0.identifier(on: .twitter) ?? ""] }
        let shared = population.sharedLandline
        return DemoStewardshipCases(
            duplicateCRMRecords: duplicates, sharedPhone: shared.map { "phone:\($0.phone)" },
            sharedPhoneCustomers: shared.map { $0.people.compactMap { population.people[$0].crmIdentifier } } ?? [],
            unlistedHandles: Array(unlisted))
    }
}

/// Why demo or benchmark data could not be generated: a parameter out of range, said in words a
/// command-line user can act on.
public struct DemoDataError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
