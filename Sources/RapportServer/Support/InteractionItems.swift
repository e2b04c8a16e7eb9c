import PostgresNIO
import RapportCore
import RapportIngest
import RapportStore

/// What happened to one item of an interactions batch.
struct InteractionItemResult: Encodable, Sendable {
    enum Status: String, Encodable { case inserted, duplicate, rejected }
    struct Reason: Encodable, Sendable {
        var kind: String
        var field: String?
        var detail: String
    }
    /// The item's line in the JSONL body (its 1-based position in a JSON array).
    var line: Int
    var source: String?
    var externalID: String?
    var status: Status
    var reason: Reason?

    enum CodingKeys: String, CodingKey { case line, source, externalID = "external_id", status, reason }
}

/// The answer to `POST /v1/interactions`.
struct InteractionBatchResult: Encodable, Sendable {
    var summary: IngestSummary
    var items: [InteractionItemResult]
}

/// Loads one request's interactions and tells, per item, whether it was inserted, was a duplicate
/// or was rejected (and why).
///
/// The loader reports counts only, so the duplicates are found first, in one query over the
/// batch's (source, external_id) keys; an item repeated inside the batch is a duplicate after its
/// first occurrence. The per-item answer is exact unless another writer stores one of the same keys
/// between that query and the load; the summary is then still the loader's own count.
struct InteractionBatchIngest {
    let database: Database

    func run(_ body: [UInt8], options: IngestOptions) async throws -> InteractionBatchResult {
        var reader = try InteractionReader(bytes: body, format: .jsonl, options: options)
        var records: [InteractionRecord] = []
        var rejected: [RejectedRow] = []
        while let batch = try reader.nextBatch(maxRows: 10_000) {
            records += batch.records
            rejected += batch.rejects
        }
        let stored = try await existingKeys(records)
        var seen = Set<Key>()
        var statuses: [Int: InteractionItemResult] = [:]
        var fresh: [InteractionRecord] = []
        for record in records {
            let key = Key(source: record.source, externalID: record.externalID)
            let duplicate = stored.contains(key) || !seen.insert(key).inserted
            if !duplicate { fresh.append(record) }
            statuses[record.line] = InteractionItemResult(
                line: record.line, source: record.source, externalID: record.externalID, status: duplicate ? .duplicate : .inserted
            )
        }
        var loaderRejects: [RejectedRow] = []
        var source = InMemoryInteractionBatches(fresh)
        let loaded = try await InteractionLoader(database: database).load(from: &source, rejects: { loaderRejects += $0 })
        for row in rejected + loaderRejects {
            var item = statuses[row.error.line] ?? InteractionItemResult(line: row.error.line, status: .rejected)
            item.status = .rejected
            item.reason = .init(kind: row.error.kind.rawValue, field: row.error.field, detail: row.error.detail)
            statuses[row.error.line] = item
        }
        let items = statuses.values.sorted { $0.line < $1.line }
        let summary = IngestSummary(
            read: items.count, inserted: items.count { $0.status == .inserted }, duplicates: items.count { $0.status == .duplicate },
            rejected: items.count { $0.status == .rejected }
        )
        if loaded.inserted != summary.inserted {
            database.logger.notice(
                "a concurrent writer stored some of this batch's keys",
                metadata: ["loader_inserted": "\(loaded.inserted)", "reported_inserted": "\(summary.inserted)"]
            )
        }
        return InteractionBatchResult(summary: summary, items: items)
    }

    struct Key: Hashable {
        var source: String
        var externalID: String
    }

    private func existingKeys(_ records: [InteractionRecord]) async throws -> Set<Key> {
        guard !records.isEmpty else { return [] }
        let sources = records.map(\.source)
        let ids = records.map(\.externalID)
        let rows = try await database.client.query(
            """
            SELECT i.source, i.external_id FROM interactions i
            JOIN unnest(\(sources)::text[], \(ids)::text[]) AS k(source, external_id)
              ON i.source = k.source AND i.external_id = k.external_id
            """,
            logger: database.logger
        )
        var keys = Set<Key>()
        for try await (source, externalID) in rows.decode((String, String).self) {
            keys.insert(Key(source: source, externalID: externalID))
        }
        return keys
    }
}
