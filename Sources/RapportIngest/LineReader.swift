import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One physical line of an input.
enum SourceLine {
    /// A line's bytes at `range` of the source's window, without its `\n` or `\r\n`; valid until
    /// the next line is read.
    case text(range: Range<Int>, number: Int)
    /// A line longer than the limit: skipped without being buffered, only a prefix kept.
    case overlong(number: Int, prefix: [UInt8], length: Int)
}

/// Splits a ``ByteSource`` into lines in bounded memory, numbering them from 1.
struct LineReader {
    let source: ByteSource
    let maxLineBytes: Int
    let keptPrefixBytes: Int
    /// The number of the last line returned.
    private(set) var lineNumber = 0

    init(source: ByteSource, maxLineBytes: Int, keptPrefixBytes: Int) {
        self.source = source
        self.maxLineBytes = max(maxLineBytes, 1)
        self.keptPrefixBytes = keptPrefixBytes
    }

    mutating func next() throws(InputError) -> SourceLine? {
        var scanned = 0
        while true {
            if let newline = findNewline(from: source.start + scanned) {
                lineNumber += 1
                let length = newline - source.start
                if length > maxLineBytes {
                    let prefix = Array(source.buffer[source.start..<(source.start + min(keptPrefixBytes, length))])
                    source.start = newline + 1
                    return .overlong(number: lineNumber, prefix: prefix, length: length)
                }
                let range = source.start..<trimmingCarriageReturn(newline)
                source.start = newline + 1
                return .text(range: range, number: lineNumber)
            }
            scanned = source.available
            if scanned > maxLineBytes {
                lineNumber += 1
                return try skipOverlongLine()
            }
            if try !source.readMore() {
                guard source.available > 0 else { return nil }
                lineNumber += 1
                let range = source.start..<trimmingCarriageReturn(source.end)
                source.start = source.end
                return .text(range: range, number: lineNumber)
            }
        }
    }

    private func findNewline(from offset: Int) -> Int? {
        let end = source.end
        guard offset < end else { return nil }
        return source.buffer.withUnsafeBufferPointer { window -> Int? in
            guard let base = window.baseAddress, let found = memchr(base + offset, 0x0A, end - offset) else { return nil }
            return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
        }
    }

    private func trimmingCarriageReturn(_ lineEnd: Int) -> Int {
        lineEnd > source.start && source.buffer[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd
    }

    private mutating func skipOverlongLine() throws(InputError) -> SourceLine {
        let number = lineNumber
        let prefix = Array(source.buffer[source.start..<(source.start + min(keptPrefixBytes, source.available))])
        var length = 0
        while true {
            if let newline = findNewline(from: source.start) {
                length += newline - source.start
                source.start = newline + 1
                source.compactIfOversized()
                return .overlong(number: number, prefix: prefix, length: length)
            }
            length += source.available
            source.discardWindow()
            if try !source.readMore() {
                source.compactIfOversized()
                return .overlong(number: number, prefix: prefix, length: length)
            }
        }
    }
}
