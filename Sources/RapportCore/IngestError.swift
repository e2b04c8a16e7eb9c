/// A rejected input row: what was wrong, where, and which field.
public struct IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case malformedRow = "malformed_row"
        case missingField = "missing_field"
        case badTimestamp = "bad_timestamp"
        case unknownChannel = "unknown_channel"
        case unknownDirection = "unknown_direction"
        case unknownVisibility = "unknown_visibility"
        case invalidUTF8 = "invalid_utf8"
        case malformedIdentifier = "malformed_identifier"
        case oversizeField = "oversize_field"
        case unresolvedReply = "unresolved_reply"
        case conflictingDuplicate = "conflicting_duplicate"
    }

    public let kind: Kind
    /// 1-based line number in the input (for multi-line CSV records, the line the record starts on).
    public let line: Int
    /// The field at fault, when one is.
    public let field: String?
    public let detail: String

    public init(kind: Kind, line: Int, field: String? = nil, detail: String) {
        self.kind = kind
        self.line = line
        self.field = field
        self.detail = detail
    }

    public var description: String {
        if let field { return "line \(line): \(field): \(detail)" }
        return "line \(line): \(detail)"
    }
}
