import RapportCore

/// Settings for reading an input: identifier normalisation and the size guards that keep a hostile
/// or broken file from exhausting memory.
///
/// Every limit is in UTF-8 bytes. A field over its limit rejects the row (`oversize_field`); a
/// line or CSV record over its limit is skipped without being buffered and rejected too.
public struct IngestOptions: Sendable, Hashable {
    /// How identifiers are normalised (default phone country code).
    public var normalisation: NormalisationOptions
    /// The longest `body` (message text) accepted, after unescaping.
    public var maxBodyBytes: Int
    /// The longest `attributes` object accepted, as JSON text.
    public var maxAttributesBytes: Int
    /// The longest short text field accepted: `source`, `external_id`, `thread_id`, `in_reply_to`,
    /// `account`, CRM ids and names.
    public var maxShortFieldBytes: Int
    /// The longest JSONL line accepted; longer lines are skipped while streaming and rejected.
    public var maxLineBytes: Int
    /// The longest CSV field accepted; longer fields are skipped while streaming and rejected.
    public var maxFieldBytes: Int
    /// The most nesting accepted inside `attributes` (objects and arrays).
    public var maxNestingDepth: Int
    /// How much of a rejected row's text is kept in its ``RejectedRow/raw``.
    public var maxRejectedRawBytes: Int
    /// How many bytes are read from the input at a time.
    public var chunkBytes: Int

    public init(
        normalisation: NormalisationOptions = .init(),
        maxBodyBytes: Int = 65_536,
        maxAttributesBytes: Int = 65_536,
        maxShortFieldBytes: Int = 1_024,
        maxLineBytes: Int = 1 << 20,
        maxFieldBytes: Int = 1 << 20,
        maxNestingDepth: Int = 64,
        maxRejectedRawBytes: Int = 4_096,
        chunkBytes: Int = 256 * 1_024
    ) {
        self.normalisation = normalisation
        self.maxBodyBytes = maxBodyBytes
        self.maxAttributesBytes = maxAttributesBytes
        self.maxShortFieldBytes = maxShortFieldBytes
        self.maxLineBytes = maxLineBytes
        self.maxFieldBytes = maxFieldBytes
        self.maxNestingDepth = maxNestingDepth
        self.maxRejectedRawBytes = maxRejectedRawBytes
        self.chunkBytes = chunkBytes
    }
}
