import Foundation
import Logging
import PostgresNIO
import RapportCore
import RapportIdentity
import RapportStore

/// `rapport eval febrl FILE [FILE2]`: loads Febrl records as CRM customers into a fresh database,
/// runs the merge suggestions at the default threshold, and scores them against the true links.
/// One file deduplicates it; two files link the first to the second (only pairs across count).
public struct FebrlEvaluation: Sendable {
    public struct Result: Sendable, Codable {
        public var mode: String
        public var records: Int
        public var candidatePairs: Int
        public var suggestions: Int
        public var truePairs: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double
        /// Load into the store plus suggestions (blocking, EM, scoring, storing).
        public var seconds: Double
        public var loadSeconds: Double
        public var suggestSeconds: Double

        enum CodingKeys: String, CodingKey {
            case mode, records, candidatePairs = "candidate_pairs", suggestions, truePairs = "true_pairs", precision, recall, f1
            case seconds, loadSeconds = "load_seconds", suggestSeconds = "suggest_seconds"
        }
    }

    public var server: DatabaseURL
    public var files: [String]
    public var schemaDirectory: URL
    public var logger: Logger

    public init(server: DatabaseURL, files: [String], schemaDirectory: URL, logger: Logger) {
        self.server = server
        self.files = files
        self.schemaDirectory = schemaDirectory
        self.logger = logger
    }

    public func run() async throws -> Result {
        guard (1...2).contains(files.count) else { throw StoreError.refused("eval febrl takes one file (deduplicate) or two (link)") }
        // Each file is its own CRM source in link mode.
        let sources = files.count == 1 ? ["febrl"] : ["febrl_a", "febrl_b"]
        var datasets: [(source: String, data: FebrlDataset)] = []
        for (index, file) in files.enumerated() {
            datasets.append((sources[index], try FebrlDataset.load(path: file)))
        }
        return try await ScratchDatabase(server: server, name: "rapport_eval_febrl", schemaDirectory: schemaDirectory, logger: logger).with { database in
            let started = ContinuousClock.now
            for (source, dataset) in datasets {
                var reader = InMemoryCustomerBatches(dataset.records.map { Self.customer($0, source: source) })
                _ = try await CustomerImporter(database: database).load(from: &reader)
            }
            let loaded = ContinuousClock.now
            let run = try await MergeSuggestions(database: database).run(linkSources: sources.count == 2 ? (sources[0], sources[1]) : nil)
            let finished = ContinuousClock.now

            // Profile id → the person (the number in rec_id) it is.
            var entities: [Int64: String] = [:]
            let rows = try await database.client.query("SELECT value, profile_id FROM identities WHERE kind = 'crm'", logger: logger)
            var entityOfKey: [String: String] = [:]
            for (source, dataset) in datasets {
                for record in dataset.records {
                    guard let key = record.crmKeys.first, let entity = dataset.entities[record.profileID] else { continue }
                    entityOfKey["\(source):\(key.dropFirst("febrl:".count))"] = entity
                }
            }
            var sideOfProfile: [Int64: String] = [:]
            for try await (key, profile) in rows.decode((String, Int64).self) {
                entities[profile] = entityOfKey[key]
                sideOfProfile[profile] = String(key.prefix { $0 != ":" })
            }
            let mode: LinkageMode = sources.count == 2 ? .link(left: Set(sideOfProfile.filter { $0.value == sources[0] }.keys)) : .deduplicate
            let truth = LinkageEvaluation.truePairs(entities: entities, mode: mode)
            let predicted = run.suggestions.map { CandidatePair(left: $0.leftProfile, right: $0.rightProfile) }
            let metrics = LinkageEvaluation.evaluate(predicted: predicted, truth: truth)
            return Result(
                mode: sources.count == 2 ? "link" : "deduplicate", records: entities.count, candidatePairs: run.candidatePairs,
                suggestions: predicted.count, truePairs: truth.count, precision: metrics.precision, recall: metrics.recall, f1: metrics.f1,
                seconds: (finished - started).seconds, loadSeconds: (loaded - started).seconds, suggestSeconds: (finished - loaded).seconds
            )
        }
    }

    /// A Febrl record as a CRM customer: its columns become attributes under their own names.
    static func customer(_ record: PersonRecord, source: String) -> CustomerRecord {
        let id = String((record.crmKeys.first ?? "febrl:\(record.profileID)").dropFirst("febrl:".count))
        var attributes: [String: String] = [:]
        let fields: [(String, String?)] = [
            ("given_name", record.givenName), ("surname", record.surname), ("street_number", record.streetNumber),
            ("address_1", record.address1), ("address_2", record.address2), ("suburb", record.suburb), ("postcode", record.postcode),
            ("state", record.state), ("date_of_birth", record.dateOfBirth), ("soc_sec_id", record.socialSecurityID),
        ]
        for (name, value) in fields { if let value { attributes[name] = value } }
        let name = [record.givenName, record.surname].compactMap { $0 }.joined(separator: " ")
        return CustomerRecord(crmSource: source, crmID: id, name: name.isEmpty ? nil : name, attributes: attributes)
    }
}
