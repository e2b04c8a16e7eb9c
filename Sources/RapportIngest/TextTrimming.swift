import RapportCore

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// `trimmingWhitespace()` without its per-character Unicode work when, as usual, there is
    /// nothing to trim: the text starts and ends with a visible ASCII character.
    func trimmingWhitespaceQuickly() -> String {
        guard let first = utf8.first, let last = utf8.last else { return "" }
        if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return String(self) }
        return trimmingWhitespace()
    }
}
