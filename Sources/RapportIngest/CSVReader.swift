import Foundation
import RapportCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One CSV record: its fields and the 1-based line it starts on.
public struct CSVRecord: Sendable, Hashable {
    /// The fields, unquoted, in column order.
    public var fields: [String]
    /// The line the record starts on (a quoted field may continue over later lines).
    public var line: Int
    /// The record's input text, cut to ``IngestOptions/maxRejectedRawBytes``, for a rejects file.
    public var raw: String
}

/// What the reader produced next: a record, or a record it had to reject.
public enum CSVRow: Sendable, Hashable {
    case record(CSVRecord)
    case rejected(RejectedRow)
}

/// A streaming RFC 4180 reader: comma-separated, `"`-quoted fields that may hold commas, doubled
/// quotes and line breaks; `\r\n` or `\n` line ends; a leading UTF-8 byte-order mark is skipped.
///
/// Reads in chunks, so memory stays bounded by the chunk size and the field limits whatever the
/// input's size. A record that breaks a rule (invalid UTF-8, a NUL byte, text after a closing
/// quote, a field over ``IngestOptions/maxFieldBytes``, a quote never closed) comes back as
/// ``CSVRow/rejected(_:)`` with its line, and reading continues with the next record. Blank lines
/// are skipped. A `"` inside an unquoted field is kept as text.
public struct CSVReader {
    private let source: ByteSource
    private let options: IngestOptions
    /// Column names used in errors (`field`); "column N" when not set.
    public var columnNames: [String]?
    /// The most fields one record may have.
    public static let maximumFieldCount = 4_096

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
    private var state = State.fieldStart
    private var newlines = 0
    private var finished = false
    private var checkedByteOrderMark = false
    private var sawPartialLastLine = false
    private var recordLine = 1
    private var quoteLine = 1
    private var fieldBytes: [UInt8] = []
    private var fieldEnds: [Int] = []
    private var currentFieldQuoted = false
    /// A `\r` taken past the field or record limit, which is only text if no `\n` follows.
    private var heldCarriageReturn = false
    private var rawBytes: [UInt8] = []
    private var problem: IngestError?

    /// Reads `path`, or stdin when `path` is nil or `-`.
    public init(path: String?, options: IngestOptions = .init()) throws(InputError) {
        self.init(source: try ByteSource(path: path, chunkBytes: options.chunkBytes), options: options)
    }

    /// Reads CSV held in memory.
    public init(bytes: [UInt8], options: IngestOptions = .init()) {
        self.init(source: ByteSource(bytes: bytes), options: options)
    }

    init(source: ByteSource, options: IngestOptions) {
        self.source = source
        self.options = options
        fieldBytes.reserveCapacity(4_096)
        fieldEnds.reserveCapacity(16)
    }

    /// Bytes read from the input so far.
    public var bytesRead: Int { source.bytesRead }
    /// The input's size, when it is a regular file.
    public var totalBytes: Int? { source.totalBytes }
    /// Physical lines consumed so far.
    public var linesRead: Int { newlines + (sawPartialLastLine ? 1 : 0) }

    /// The next record or rejected record; nil at the end of the input. Throws only when reading
    /// the input fails.
    public mutating func next() throws(InputError) -> CSVRow? {
        if finished { return nil }
        if !checkedByteOrderMark {
            checkedByteOrderMark = true
            try skipByteOrderMark()
        }
        startRecord()
        while true {
            if source.available == 0 {
                guard try source.readMore() else {
                    finished = true
                    return finishAtEndOfInput()
                }
            }
            let window = (start: source.start, end: source.end)
            let (next, complete) = source.buffer.withUnsafeBufferPointer { scan($0, from: window.start, to: window.end) }
            source.start = next
            if complete {
                if let row = finishRecord() { return row }
                startRecord()
            }
        }
    }

    private mutating func skipByteOrderMark() throws(InputError) {
        while source.available < 3, try source.readMore() {}
        if source.available >= 3, source.buffer[source.start] == 0xEF, source.buffer[source.start + 1] == 0xBB,
            source.buffer[source.start + 2] == 0xBF
        {
            source.start += 3
        }
    }

    private mutating func startRecord() {
        state = .fieldStart
        recordLine = newlines + 1
        fieldBytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        rawBytes.removeAll(keepingCapacity: true)
        currentFieldQuoted = false
        heldCarriageReturn = false
        problem = nil
        if fieldBytes.capacity > 1 << 16 { fieldBytes = [] }
    }

    /// Scans bytes `from..<end`; returns where it stopped and whether a record ended there.
    private mutating func scan(_ window: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> (Int, Bool) {
        var index = from
        let rawFrom = from
        while index < end {
            let byte = window[index]
            switch state {
            case .fieldStart:
                if byte == 0x22 {
                    state = .quoted
                    currentFieldQuoted = true
                    quoteLine = newlines + 1
                    index += 1
                } else {
                    state = .unquoted
                    currentFieldQuoted = false
                }
            case .unquoted:
                index += 1
                if byte == 0x2C {
                    if heldCarriageReturn { rejectOversize() }
                    endField()
                    state = .fieldStart
                } else if byte == 0x0A {
                    newlines += 1
                    if fieldBytes.last == 0x0D, fieldBytes.count > (fieldEnds.last ?? 0) { fieldBytes.removeLast() }
                    endField()
                    keepRaw(window, rawFrom..<(index - 1))
                    return (index, true)
                } else {
                    append(byte)
                }
            case .quoted:
                let runEnd = Self.find(0x22, in: window, from: index, to: end) ?? end
                newlines += Self.count(0x0A, in: window, from: index, to: runEnd)
                append(window, index..<runEnd)
                index = runEnd
                if runEnd < end {
                    state = .quoteInQuoted
                    index += 1
                }
            case .quoteInQuoted:
                index += 1
                switch byte {
                case 0x22:
                    append(0x22)
                    state = .quoted
                case 0x2C:
                    endField()
                    state = .fieldStart
                case 0x0A:
                    newlines += 1
                    endField()
                    keepRaw(window, rawFrom..<(index - 1))
                    return (index, true)
                case 0x0D:
                    break
                default:
                    reject(.malformedRow, "text after the closing quote of a quoted field")
                    append(byte)
                    state = .unquoted
                }
            }
        }
        keepRaw(window, rawFrom..<end)
        return (end, false)
    }

    private mutating func finishAtEndOfInput() -> CSVRow? {
        switch state {
        case .fieldStart where fieldEnds.isEmpty && rawBytes.isEmpty:
            return nil
        case .quoted:
            sawPartialLastLine = true
            let error = IngestError(
                kind: .malformedRow, line: recordLine, field: columnName(fieldEnds.count),
                detail: "unterminated quoted field (the quote opened on line \(quoteLine) is never closed)"
            )
            return .rejected(RejectedRow(error: error, raw: rawText()))
        default:
            sawPartialLastLine = true
            if state == .unquoted, fieldBytes.last == 0x0D, fieldBytes.count > (fieldEnds.last ?? 0) { fieldBytes.removeLast() }
            endField()
            return finishRecord()
        }
    }

    /// The finished record as a row; nil for a blank line.
    private mutating func finishRecord() -> CSVRow? {
        if fieldEnds.count == 1, fieldBytes.isEmpty, !currentFieldQuoted, problem == nil { return nil }
        if let problem { return .rejected(RejectedRow(error: problem, raw: rawText())) }
        let failure = fieldBytes.withUnsafeBufferPointer { bytes -> IngestError? in
            if !UTF8Validation.isASCII(bytes) {
                let invalid = UTF8Validation.firstInvalidOffset(bytes)
                if let bad = firstSplitCharacter(bytes, before: invalid ?? bytes.count) ?? invalid {
                    let field = columnName(fieldIndex(at: bad))
                    return IngestError(kind: .invalidUTF8, line: recordLine, field: field, detail: "not valid UTF-8")
                }
            }
            if let base = bytes.baseAddress, let nul = memchr(base, 0, bytes.count) {
                let offset = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(nul))
                return IngestError(kind: .malformedRow, line: recordLine, field: columnName(fieldIndex(at: offset)), detail: "contains a NUL byte")
            }
            return nil
        }
        if let failure { return .rejected(RejectedRow(error: failure, raw: rawText())) }
        var fields: [String] = []
        fields.reserveCapacity(fieldEnds.count)
        fieldBytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for end in fieldEnds {
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                start = end
            }
        }
        return .record(CSVRecord(fields: fields, line: recordLine, raw: rawText()))
    }

    /// The fields are validated together, so a multi-byte character cut in two by a comma
    /// (`\xC3,\xA9`) reads as valid: the offset of its lead byte when one is, before `limit`.
    private func firstSplitCharacter(_ bytes: UnsafeBufferPointer<UInt8>, before limit: Int) -> Int? {
        for end in fieldEnds where end < limit && end > 0 {
            if bytes[end] & 0xC0 == 0x80 { return end - 1 }
        }
        return nil
    }

    private func fieldIndex(at offset: Int) -> Int {
        fieldEnds.firstIndex { offset < $0 } ?? fieldEnds.count
    }

    private func columnName(_ index: Int) -> String {
        if let columnNames, index < columnNames.count { return columnNames[index] }
        return "column \(index + 1)"
    }

    private func rawText() -> String {
        String(decoding: rawBytes, as: UTF8.self)
    }

    private mutating func reject(_ kind: IngestError.Kind, _ detail: String) {
        guard problem == nil else { return }
        problem = IngestError(kind: kind, line: recordLine, field: columnName(fieldEnds.count), detail: detail)
    }

    private var currentFieldLength: Int { fieldBytes.count - (fieldEnds.last ?? 0) }

    /// Bytes the current field may still take: within its own limit and the record's.
    private var room: Int {
        min(options.maxFieldBytes - currentFieldLength, options.maxLineBytes - fieldBytes.count)
    }

    private mutating func rejectOversize() {
        if currentFieldLength >= options.maxFieldBytes {
            reject(.oversizeField, "the field is longer than the limit of \(options.maxFieldBytes) bytes")
        } else {
            reject(.oversizeField, "the record is longer than the limit of \(options.maxLineBytes) bytes")
        }
    }

    @inline(__always) private mutating func append(_ byte: UInt8) {
        guard room > 0 else {
            // A field exactly at the limit may end in `\r\n`: the `\r` waits for the next byte.
            if byte == 0x0D, !heldCarriageReturn {
                heldCarriageReturn = true
                fieldBytes.append(byte)
                return
            }
            rejectOversize()
            return
        }
        fieldBytes.append(byte)
    }

    private mutating func append(_ window: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        let room = max(self.room, 0)
        if range.count > room {
            fieldBytes.append(contentsOf: UnsafeBufferPointer(rebasing: window[range.lowerBound..<(range.lowerBound + room)]))
            rejectOversize()
            return
        }
        fieldBytes.append(contentsOf: UnsafeBufferPointer(rebasing: window[range]))
    }

    private mutating func endField() {
        guard fieldEnds.count < Self.maximumFieldCount else {
            reject(.malformedRow, "more than \(Self.maximumFieldCount) fields")
            return
        }
        fieldEnds.append(fieldBytes.count)
    }

    private mutating func keepRaw(_ window: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        let room = options.maxRejectedRawBytes - rawBytes.count
        guard room > 0, !range.isEmpty else { return }
        rawBytes.append(contentsOf: UnsafeBufferPointer(rebasing: window[range.lowerBound..<(range.lowerBound + min(range.count, room))]))
    }

    private static func find(_ byte: UInt8, in window: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Int? {
        guard from < end, let base = window.baseAddress, let found = memchr(base + from, Int32(byte), end - from) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }

    private static func count(_ byte: UInt8, in window: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Int {
        var total = 0
        var index = from
        while let found = find(byte, in: window, from: index, to: end) {
            total += 1
            index = found + 1
        }
        return total
    }
}
