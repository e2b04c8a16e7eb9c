/// A rejected input row: the error (line, field, reason) and the input text it came from.
public struct RejectedRow: Sendable, Hashable {
    public var error: IngestError
    /// The row's input text, truncated to a sane size; empty when it is not known.
    public var raw: String

    public init(error: IngestError, raw: String) {
        self.error = error
        self.raw = raw
    }
}

/// A batch of parsed interactions and the rows rejected while reading them.
public struct InteractionBatch: Sendable {
    public var records: [InteractionRecord]
    public var rejects: [RejectedRow]
    /// Input lines consumed by this batch.
    public var linesRead: Int

    public init(records: [InteractionRecord], rejects: [RejectedRow], linesRead: Int) {
        self.records = records
        self.rejects = rejects
        self.linesRead = linesRead
    }
}

/// A batch of parsed CRM records and the rows rejected while reading them.
public struct CustomerBatch: Sendable {
    public var records: [CustomerRecord]
    public var rejects: [RejectedRow]
    public var linesRead: Int

    public init(records: [CustomerRecord], rejects: [RejectedRow], linesRead: Int) {
        self.records = records
        self.rejects = rejects
        self.linesRead = linesRead
    }
}

/// Anything that yields interactions in batches: a file reader, an HTTP request body, a generator.
public protocol InteractionBatchSource {
    /// The next batch of at most `maxRows` parsed rows, or nil at the end of the input.
    mutating func nextBatch(maxRows: Int) throws -> InteractionBatch?
    /// Bytes consumed so far, for progress.
    var bytesRead: Int { get }
    /// The input's size when known (a file), for a percentage.
    var totalBytes: Int? { get }
}

/// Anything that yields CRM records in batches.
public protocol CustomerBatchSource {
    mutating func nextBatch(maxRows: Int) throws -> CustomerBatch?
    var bytesRead: Int { get }
    var totalBytes: Int? { get }
}
