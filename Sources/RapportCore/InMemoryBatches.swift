/// Interactions already in memory (parsed elsewhere, generated, built by a test), handed to a loader
/// in batches of at most `maxRows`. Any rejects given come with the first batch.
public struct InMemoryInteractionBatches: InteractionBatchSource, Sendable {
    public var records: [InteractionRecord]
    public var rejects: [RejectedRow]
    private var position = 0

    public init(_ records: [InteractionRecord], rejects: [RejectedRow] = []) {
        self.records = records
        self.rejects = rejects
    }

    public var bytesRead: Int { position }
    public var totalBytes: Int? { records.count }

    public mutating func nextBatch(maxRows: Int) throws -> InteractionBatch? {
        guard position < records.count || !rejects.isEmpty else { return nil }
        let end = min(records.count, position + max(maxRows, 1))
        let batch = InteractionBatch(records: Array(records[position..<end]), rejects: rejects, linesRead: end - position)
        rejects = []
        position = end
        return batch
    }
}

/// CRM records already in memory, handed to an importer in batches of at most `maxRows`.
public struct InMemoryCustomerBatches: CustomerBatchSource, Sendable {
    public var records: [CustomerRecord]
    private var position = 0

    public init(_ records: [CustomerRecord]) {
        self.records = records
    }

    public var bytesRead: Int { position }
    public var totalBytes: Int? { records.count }

    public mutating func nextBatch(maxRows: Int) throws -> CustomerBatch? {
        guard position < records.count else { return nil }
        let end = min(records.count, position + max(maxRows, 1))
        defer { position = end }
        return CustomerBatch(records: Array(records[position..<end]), rejects: [], linesRead: end - position)
    }
}
