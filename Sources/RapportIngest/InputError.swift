/// A problem with an input as a whole (it cannot be opened or read, its format cannot be told, its
/// header is wrong) or with the rejects file, as opposed to one bad row, which is an
/// `IngestError` in the rejects.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that switch on it (exit codes, HTTP statuses).
    public enum Kind: String, Sendable, Hashable {
        /// The file could not be opened.
        case cannotOpen = "cannot_open"
        /// Reading failed part-way (an I/O error).
        case readFailed = "read_failed"
        /// No format was given and the first bytes match none.
        case undetectableFormat = "undetectable_format"
        /// A CSV header lacks a required column, repeats one, or is missing.
        case badHeader = "bad_header"
        /// The rejects file could not be written.
        case writeFailed = "write_failed"
    }

    public let kind: Kind
    /// A message for the user: what was wrong and, where it helps, what to do.
    public let detail: String

    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail }
}
