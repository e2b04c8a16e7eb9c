/// What an ingest did. `--format json` prints exactly these keys.
public struct IngestSummary: Sendable, Codable, Equatable {
    /// Rows read from the input (accepted and rejected).
    public var read: Int
    /// Rows stored for the first time.
    public var inserted: Int
    /// Rows already present (same source and external_id), skipped.
    public var duplicates: Int
    /// Rows rejected, each written to the rejects file with its line and reason.
    public var rejected: Int

    public init(read: Int = 0, inserted: Int = 0, duplicates: Int = 0, rejected: Int = 0) {
        self.read = read
        self.inserted = inserted
        self.duplicates = duplicates
        self.rejected = rejected
    }
}

/// Progress of a long load, reported after each batch.
public struct IngestProgress: Sendable {
    public var summary: IngestSummary
    public var bytesRead: Int
    public var totalBytes: Int?
}
