import Foundation

/// A file written through a large in-memory buffer of UTF-8 bytes.
///
/// Rows are appended to ``bytes`` and handed to the file in chunks of about a megabyte, so writing
/// millions of rows costs a few hundred system calls, not millions.
final class ByteFileWriter {
    /// The bytes not yet written; append to it, then call ``flushIfFull()``.
    var bytes: [UInt8] = []
    private(set) var bytesWritten: Int = 0
    private let handle: FileHandle
    private let chunkSize: Int

    /// Creates (or truncates) the file at `url`.
    init(url: URL, chunkSize: Int = 1 << 20) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        self.chunkSize = chunkSize
        bytes.reserveCapacity(chunkSize + 64 * 1024)
    }

    /// Writes the buffer out once it holds a chunk.
    func flushIfFull() throws {
        if bytes.count >= chunkSize { try flush() }
    }

    /// Writes whatever is buffered.
    func flush() throws {
        guard !bytes.isEmpty else { return }
        try handle.write(contentsOf: bytes)
        bytesWritten += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    func close() throws {
        try flush()
        try handle.close()
    }
}

/// Escaping for the three text formats the generators write.
enum TextEscaping {
    /// Appends `text` as a JSON string literal, quotes included.
    static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        appendJSONEscaped(text.utf8, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the inside of a JSON string literal: quote, backslash and control characters escaped.
    static func appendJSONEscaped<Bytes: Sequence<UInt8>>(_ utf8: Bytes, to bytes: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 10: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
            case 13: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
            case 9: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<32:
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
    }

    /// Appends `text` as one field of PostgreSQL's COPY text format (backslash, tab, newline and
    /// carriage return escaped). NULL is written by ``appendCOPYNull(to:)``.
    static func appendCOPYEscaped<Bytes: Sequence<UInt8>>(_ utf8: Bytes, to bytes: inout [UInt8]) {
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 9: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
            case 10: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
            case 13: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
            default: bytes.append(byte)
            }
        }
    }

    /// Appends COPY text's NULL marker, `\N`.
    static func appendCOPYNull(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: [92, UInt8(ascii: "N")])
    }

    /// `text` as one CSV field: quoted (with doubled quotes) when it holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Appends a non-negative or negative integer in decimal.
    static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendUnsigned(value.magnitude, to: &bytes)
        } else {
            appendUnsigned(UInt64(value), to: &bytes)
        }
    }

    static func appendUnsigned(_ value: UInt64, to bytes: inout [UInt8]) {
        if value < 10 {
            bytes.append(UInt8(truncatingIfNeeded: 48 + value))
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) {
                bytes.append(buffer[index])
            }
        }
    }
}
