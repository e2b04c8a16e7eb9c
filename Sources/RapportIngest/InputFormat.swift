/// The interaction input formats `rapport ingest` reads.
public enum InputFormat: String, Sendable, CaseIterable, Hashable {
    /// Rapport's own format: one JSON object per line.
    case jsonl
    /// The "Customer Support on Twitter" CSV.
    case twcs

    /// Tells the format from an input's first bytes: a `{` (after an optional byte-order mark and
    /// whitespace) means JSONL; a first line that is a CSV header naming `tweet_id`, `author_id`
    /// and `inbound` means twcs. Nil when neither matches (or the bytes are all blank).
    public static func detect<Bytes: Collection<UInt8>>(_ prefix: Bytes) -> InputFormat? {
        var bytes = Array(prefix.prefix(64 * 1_024))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }) else { return nil }
        if bytes[first] == 0x7B { return .jsonl }
        let lineEnd = bytes[first...].firstIndex(of: 0x0A) ?? bytes.endIndex
        let headerLine = String(decoding: bytes[first..<lineEnd], as: UTF8.self).lowercased()
        let columns = Set(
            headerLine.split(separator: ",", omittingEmptySubsequences: false).map { column in
                column.filter { $0 != "\"" && !$0.isWhitespace }
            }
        )
        if columns.isSuperset(of: ["tweet_id", "author_id", "inbound"]) { return .twcs }
        return nil
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
