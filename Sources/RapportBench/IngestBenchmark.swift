import Foundation
import Logging
import NIOCore
import PostgresNIO
import RapportCore
import RapportDemo
import RapportIngest
import RapportStore

/// `rapport bench ingest`: loads the same generated interactions twice, into two fresh databases on
/// one server, and compares the rates.
///
/// - raw: `COPY interactions FROM STDIN` of the rows, with every identity already created (untimed)
///   and each row's `identity_id` precomputed — the least work that gets the rows into the table and
///   its indexes.
/// - rapport: the production path, `InteractionLoader` reading the JSONL file (parsing, validation,
///   normalisation, identity and profile creation, COPY to staging, set-based insert), on an empty store.
public struct IngestBenchmark: Sendable {
    public struct Result: Sendable, Codable {
        public var rows: Int
        public var rawSeconds: Double
        public var rapportSeconds: Double
        public var rawRowsPerSecond: Double
        public var rapportRowsPerSecond: Double
        /// rapport rate / raw rate; the target is ≥ 0.8.
        public var ratio: Double

        enum CodingKeys: String, CodingKey {
            case rows, rawSeconds = "raw_seconds", rapportSeconds = "rapport_seconds", rawRowsPerSecond = "raw_rows_per_second"
            case rapportRowsPerSecond = "rapport_rows_per_second", ratio
        }
    }

    public var server: DatabaseURL
    public var rows: Int
    public var profiles: Int
    public var workDirectory: URL
    public var schemaDirectory: URL
    public var logger: Logger

    public init(server: DatabaseURL, rows: Int, profiles: Int, workDirectory: URL, schemaDirectory: URL, logger: Logger) {
        self.server = server
        self.rows = rows
        self.profiles = profiles
        self.workDirectory = workDirectory
        self.schemaDirectory = schemaDirectory
        self.logger = logger
    }

    public func run(progress: (String) -> Void) async throws -> Result {
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        let jsonl = workDirectory.appendingPathComponent("bench-\(rows).jsonl")
        progress("generating \(rows) interactions for \(profiles) customers")
        let writer = BenchmarkDataWriter(interactions: rows, profiles: profiles, seed: 7, recentShare: 0.1)
        try writer.writeJSONL(to: jsonl)

        progress("preparing the raw COPY data (untimed)")
        let (copyText, identifiers) = try rawCopyText(from: jsonl)

        let raw = try await withFreshDatabase("rapport_bench_raw") { database in
            try await createIdentities(identifiers, in: database)
            progress("timing raw COPY")
            let started = ContinuousClock.now
            try await database.client.withConnection { connection in
                try await connection.copyFrom(
                    table: "interactions",
                    columns: ["source", "external_id", "identity_id", "channel", "direction", "visibility", "occurred_at", "thread_id", "in_reply_to", "account", "body", "attributes"],
                    logger: logger
                ) { copyWriter in
                    var offset = 0
                    while offset < copyText.count {
                        let end = min(copyText.count, offset + (1 << 20))
                        try await copyWriter.write(ByteBuffer(bytes: copyText[offset..<end]))
                        offset = end
                    }
                }
            }
            return (ContinuousClock.now - started).seconds
        }

        let ours = try await withFreshDatabase("rapport_bench_ingest") { database in
            progress("timing rapport ingest")
            let started = ContinuousClock.now
            var reader = try InteractionReader(path: jsonl.path, format: .jsonl)
            let summary = try await InteractionLoader(database: database, pipelined: true).load(from: &reader)
            let seconds = (ContinuousClock.now - started).seconds
            guard summary.inserted == rows else {
                throw StoreError.refused("rapport ingest stored \(summary.inserted) of \(rows) rows: \(summary)")
            }
            return seconds
        }
        try? FileManager.default.removeItem(at: jsonl)
        let rawRate = Double(rows) / raw
        let ourRate = Double(rows) / ours
        return Result(rows: rows, rawSeconds: raw, rapportSeconds: ours, rawRowsPerSecond: rawRate, rapportRowsPerSecond: ourRate, ratio: ourRate / rawRate)
    }

    /// COPY text for `interactions` with identity ids numbered in order of first appearance.
    func rawCopyText(from jsonl: URL) throws -> ([UInt8], [Identifier]) {
        var reader = try InteractionReader(path: jsonl.path, format: .jsonl)
        var identityIDs: [Identifier: Int] = [:]
        var identifiers: [Identifier] = []
        var text: [UInt8] = []
        text.reserveCapacity(rows * 300)
        func field(_ value: String?, last: Bool = false) {
            if let value {
                for byte in value.utf8 {
                    switch byte {
                    case 0x5C: text += [0x5C, 0x5C]
                    case 0x09: text += [0x5C, 0x74]
                    case 0x0A: text += [0x5C, 0x6E]
                    case 0x0D: text += [0x5C, 0x72]
                    default: text.append(byte)
                    }
                }
            } else {
                text += [0x5C, 0x4E]
            }
            text.append(last ? 0x0A : 0x09)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        while let batch = try reader.nextBatch(maxRows: 50_000) {
            for record in batch.records {
                guard case .identifier(let customer) = record.customer else { continue }
                let id: Int
                if let known = identityIDs[customer] {
                    id = known
                } else {
                    identifiers.append(customer)
                    id = identifiers.count
                    identityIDs[customer] = id
                }
                field(record.source)
                field(record.externalID)
                field(String(id))
                field(record.channel.rawValue)
                field(record.direction.rawValue)
                field(record.visibility.rawValue)
                field(formatter.string(from: record.occurredAt))
                field(record.threadID)
                field(record.inReplyTo)
                field(record.account)
                field(record.body)
                field(record.attributesJSON, last: true)
            }
        }
        return (text, identifiers)
    }

    /// Identities 1…n (and their profiles) in the order `rawCopyText` numbered them.
    func createIdentities(_ identifiers: [Identifier], in database: Database) async throws {
        let kinds = identifiers.map(\.kind.rawValue)
        let values = identifiers.map(\.value)
        try await database.client.query(
            "INSERT INTO profiles (id) OVERRIDING SYSTEM VALUE SELECT g FROM generate_series(1, \(identifiers.count)) g", logger: logger
        )
        try await database.client.query(
            """
            INSERT INTO identities (id, kind, value, profile_id, origin_profile_id, source) OVERRIDING SYSTEM VALUE
            SELECT n, k, v, n, n, 'bench' FROM unnest(\(kinds)::text[], \(values)::text[]) WITH ORDINALITY AS t(k, v, n)
            """,
            logger: logger
        )
    }

    func withFreshDatabase<T: Sendable>(_ name: String, _ body: (Database) async throws -> T) async throws -> T {
        try await ScratchDatabase(server: server, name: name, schemaDirectory: schemaDirectory, logger: logger).with(body)
    }
}
