import RapportCore

extension RejectedRow {
    /// Builds the `raw` text from input bytes, cut to `limit` bytes (invalid UTF-8 shown as U+FFFD).
    static func rawText(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes.prefix(max(limit, 0))), as: UTF8.self)
    }
}

extension InteractionBatch {
    /// An empty batch to fill.
    static var empty: InteractionBatch { InteractionBatch(records: [], rejects: [], linesRead: 0) }

    /// Rows read in this batch: accepted plus rejected (blank lines are not rows).
    public var rowsRead: Int { records.count + rejects.count }
}

extension CustomerBatch {
    /// An empty batch to fill.
    static var empty: CustomerBatch { CustomerBatch(records: [], rejects: [], linesRead: 0) }

    /// Rows read in this batch: accepted plus rejected (blank lines are not rows).
    public var rowsRead: Int { records.count + rejects.count }
}
