import Foundation
import RapportCore

/// Writes large, deterministic interaction files for the speed benchmarks: `rapport ingest`
/// against a raw `COPY` of the same rows (issue 2), and the nightly report over 10M interactions
/// with 1M in the last day (issue 4).
///
/// Every row is a pure function of (seed, row number), so any range of rows can be written on its
/// own — history and the last day as two files, say — and the JSONL and COPY outputs hold the same
/// rows. The first ``historyRows`` rows fall in the ``historyDays`` − 1 days before the last day;
/// the remaining ``recentRows`` fall in the last 24 hours before ``end``. Bodies are real-length
/// customer-service messages drawn from a fixed pool.
public struct BenchmarkDataWriter: Sendable {
    /// Rows in the whole data set.
    public let interactions: Int
    /// Distinct customers (one identifier each: Twitter, email, phone, Facebook or web chat).
    public let profiles: Int
    public let seed: UInt64
    /// Share of rows in the last 24 hours before ``end``.
    public let recentShare: Double
    /// End of the period (exclusive).
    public let end: Date
    /// Length of the period in days, the last day included.
    public let historyDays: Int
    let pool: BenchmarkBodyPool

    /// - Parameters:
    ///   - interactions: rows to write.
    ///   - profiles: distinct customers the rows belong to (each with one identifier).
    ///   - recentShare: share of rows in the last day, e.g. 0.1 for 1M of 10M.
    ///   - end: end of the period (exclusive); defaults to midnight UTC starting the current day.
    ///   - historyDays: length of the whole period in days, the last day included.
    /// - Precondition: `interactions ≥ 0`, `1 ≤ profiles < 100,000,000`, `0 ≤ recentShare ≤ 1`,
    ///   `historyDays ≥ 2`; ``validate(interactions:profiles:recentShare:historyDays:)`` checks user
    ///   input against them with a message to show.
    public init(
        interactions: Int, profiles: Int, seed: UInt64, recentShare: Double = 0.1,
        end: Date = DemoGenerator.defaultEnd(), historyDays: Int = 30
    ) {
        let problem = Self.validate(interactions: interactions, profiles: profiles, recentShare: recentShare, historyDays: historyDays)
        precondition(problem == nil, problem?.description ?? "")
        self.interactions = interactions
        self.profiles = profiles
        self.seed = seed
        self.recentShare = recentShare
        self.end = end
        self.historyDays = historyDays
        self.pool = BenchmarkBodyPool(seed: seed)
    }

    /// Why these parameters cannot make a data set, or nil when they can.
    public static func validate(interactions: Int, profiles: Int, recentShare: Double, historyDays: Int) -> DemoDataError? {
        if interactions < 0 { return DemoDataError("the number of interactions must not be negative (got \(interactions))") }
        if profiles < 1 || profiles >= 100_000_000 {
            return DemoDataError("the number of profiles must be between 1 and 99,999,999 (got \(profiles))")
        }
        if !(0...1).contains(recentShare) {
            return DemoDataError("the share of rows in the last day must be between 0 and 1 (got \(recentShare))")
        }
        if historyDays < 2 { return DemoDataError("the period must be at least 2 days long (got \(historyDays))") }
        return nil
    }

    /// Rows in the last day: `recentShare × interactions`, rounded.
    public var recentRows: Int { Int((Double(interactions) * recentShare).rounded()) }
    /// Rows before the last day.
    public var historyRows: Int { interactions - recentRows }
    /// Row numbers of the last day's rows (the file's tail).
    public var recentRange: Range<Int> { historyRows..<interactions }

    /// The output formats.
    public enum Format: Sendable, Hashable {
        /// Rapport's interactions JSONL (docs/formats.md).
        case jsonl
        /// PostgreSQL `COPY ... FROM STDIN` text: tab-separated `columns`, `\N` for NULL.
        case copy(columns: [BenchmarkColumn])
    }

    /// Writes rows `rows` (all by default) as JSONL.
    @discardableResult
    public func writeJSONL(to url: URL, rows: Range<Int>? = nil) throws -> BenchmarkFileSummary {
        try write(.jsonl, to: url, rows: rows)
    }

    /// Writes rows `rows` (all by default) as COPY text with the given columns.
    @discardableResult
    public func writeCOPY(to url: URL, columns: [BenchmarkColumn], rows: Range<Int>? = nil) throws -> BenchmarkFileSummary {
        try write(.copy(columns: columns), to: url, rows: rows)
    }

    /// Writes rows `rows` in `format` to a file.
    public func write(_ format: Format, to url: URL, rows: Range<Int>? = nil) throws -> BenchmarkFileSummary {
        let writer = try ByteFileWriter(url: url)
        let range = clamped(rows)
        var encoder = BenchmarkRowEncoder(writer: self, format: format)
        for row in range {
            encoder.append(row: row, to: &writer.bytes)
            if writer.bytes.count >= 1 << 20 { try writer.flush() }
        }
        try writer.close()
        return BenchmarkFileSummary(rows: range.count, bytes: writer.bytesWritten, recentRows: range.clamped(to: recentRange).count)
    }

    /// Hands the rows to `body` in chunks of about `chunkSize` bytes, e.g. to stream them into
    /// PostgresNIO's `copyFrom` without a file.
    public func forEachChunk(
        _ format: Format, rows: Range<Int>? = nil, chunkSize: Int = 1 << 20, _ body: ([UInt8]) throws -> Void
    ) rethrows {
        var encoder = BenchmarkRowEncoder(writer: self, format: format)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(chunkSize + 16 * 1024)
        for row in clamped(rows) {
            encoder.append(row: row, to: &chunk)
            if chunk.count >= chunkSize {
                try body(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { try body(chunk) }
    }

    /// The asynchronous form of ``forEachChunk(_:rows:chunkSize:_:)``.
    public func forEachChunk(
        _ format: Format, rows: Range<Int>? = nil, chunkSize: Int = 1 << 20, _ body: ([UInt8]) async throws -> Void
    ) async rethrows {
        var encoder = BenchmarkRowEncoder(writer: self, format: format)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(chunkSize + 16 * 1024)
        for row in clamped(rows) {
            encoder.append(row: row, to: &chunk)
            if chunk.count >= chunkSize {
                try await body(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { try await body(chunk) }
    }

    private func clamped(_ rows: Range<Int>?) -> Range<Int> {
        (rows ?? 0..<interactions).clamped(to: 0..<interactions)
    }
}

/// The columns a COPY output can carry, named as in the JSONL format.
public enum BenchmarkColumn: String, Sendable, Hashable, CaseIterable {
    case source
    case externalID = "external_id"
    case channel, direction, visibility
    /// ISO-8601 UTC text, which `timestamptz` input accepts.
    case occurredAt = "occurred_at"
    /// The identifier text, e.g. `twitter:@cust_42`.
    case customer
    /// The identifier's kind (`twitter`, `email`, ...).
    case customerKind = "customer_kind"
    /// The identifier's normalised value, as ``Identifier`` would store it.
    case customerValue = "customer_value"
    case threadID = "thread_id"
    case inReplyTo = "in_reply_to"
    case account, body
    /// The attributes object as JSON text (`{}` when none).
    case attributes
}

/// What one benchmark write produced.
public struct BenchmarkFileSummary: Sendable, Hashable, Codable {
    public var rows: Int
    public var bytes: Int
    /// How many of the rows fall in the last day.
    public var recentRows: Int
}
