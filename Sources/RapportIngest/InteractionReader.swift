import RapportCore

/// Reads interactions from a file, stdin or memory in batches, in bounded memory, whatever the
/// format: the one reader the store's ingest calls.
///
/// ```swift
/// var reader = try InteractionReader(path: "tweets.csv", format: nil, options: .init())
/// while let batch = try reader.nextBatch(maxRows: 10_000) {
///     // load batch.records; write batch.rejects
/// }
/// ```
/// Bad rows never stop reading: they come back in ``InteractionBatch/rejects`` with their line
/// and reason. Only a problem with the input as a whole (it cannot be opened or read, its format
/// cannot be told, a twcs header is wrong) throws, as an ``InputError``.
public struct InteractionReader: InteractionBatchSource {
    /// The input's format, as given or detected.
    public let format: InputFormat
    private let source: ByteSource
    private let rows: any InteractionRowSource

    /// Opens `path` (stdin when nil or `-`); detects the format from the first bytes when
    /// `format` is nil. An empty input reads as JSONL with no rows.
    public init(path: String?, format: InputFormat?, options: IngestOptions = .init()) throws(InputError) {
        try self.init(source: try ByteSource(path: path, chunkBytes: options.chunkBytes), format: format, options: options)
    }

    /// Reads an input held in memory (an HTTP request body, a test fixture).
    public init(bytes: [UInt8], format: InputFormat?, options: IngestOptions = .init()) throws(InputError) {
        try self.init(source: ByteSource(bytes: bytes), format: format, options: options)
    }

    private init(source: ByteSource, format: InputFormat?, options: IngestOptions) throws(InputError) {
        self.source = source
        let resolved: InputFormat
        if let format {
            resolved = format
        } else {
            resolved = try Self.detect(source)
        }
        self.format = resolved
        switch resolved {
        case .jsonl:
            try Self.skipByteOrderMark(source)
            rows = JSONLInteractionSource(source: source, options: options)
        case .twcs:
            rows = try TwcsInteractionSource(source: source, options: options)
        }
    }

    /// Bytes read from the input so far, for progress.
    public var bytesRead: Int { source.bytesRead }
    /// The input's size when it is a regular file, for a percentage.
    public var totalBytes: Int? { source.totalBytes }

    /// The next batch of at most `maxRows` rows (records plus rejects); nil at the end.
    public mutating func nextBatch(maxRows: Int) throws(InputError) -> InteractionBatch? {
        try rows.nextBatch(maxRows: max(maxRows, 1))
    }

    /// Reads until the first line is complete (or 64 KiB are in), then tells the format.
    private static func detect(_ source: ByteSource) throws(InputError) -> InputFormat {
        while source.available < 64 * 1_024, !windowHasNewline(source), try source.readMore() {}
        if let format = InputFormat.detect(source.buffer[source.start..<source.end]) { return format }
        let blank = source.buffer[source.start..<source.end].allSatisfy { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        if blank && source.isExhausted { return .jsonl }
        throw InputError(
            kind: .undetectableFormat,
            detail: "cannot tell the input format: expected JSON objects, one per line (jsonl), or a CSV header starting tweet_id,author_id,inbound (twcs); pass --input-format"
        )
    }

    private static func windowHasNewline(_ source: ByteSource) -> Bool {
        source.buffer[source.start..<source.end].contains(0x0A)
    }

    private static func skipByteOrderMark(_ source: ByteSource) throws(InputError) {
        while source.available < 3, try source.readMore() {}
        if source.buffer[source.start..<source.end].starts(with: [0xEF, 0xBB, 0xBF]) { source.start += 3 }
    }
}
