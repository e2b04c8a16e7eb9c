import Foundation
import NIOCore

/// Builds rows in PostgreSQL's COPY text format: tab-separated, `\N` for NULL, and backslash, tab,
/// newline and carriage return escaped.
struct CopyRowWriter {
    private(set) var buffer: ByteBuffer
    private var firstColumn = true

    init(capacity: Int = 1 << 20) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func field(_ value: String?) {
        separator()
        guard let value else {
            buffer.writeStaticString("\\N")
            return
        }
        var needsEscape = false
        for byte in value.utf8 where byte == 0x5C || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x00 {
            needsEscape = true
            break
        }
        if !needsEscape {
            buffer.writeString(value)
            return
        }
        for byte in value.utf8 {
            switch byte {
            case 0x5C: buffer.writeStaticString("\\\\")
            case 0x09: buffer.writeStaticString("\\t")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            case 0x00: break  // PostgreSQL text cannot hold NUL; the parsers reject it earlier.
            default: buffer.writeInteger(byte)
            }
        }
    }

    mutating func field(_ value: Int) {
        separator()
        buffer.writeString(String(value))
    }

    mutating func field(_ value: Int64) {
        separator()
        buffer.writeString(String(value))
    }

    /// A `text[]` field: the array literal `{"a","b"}` with each element quoted (array escaping:
    /// `\` before `"` and `\`), then COPY-escaped, written straight into the buffer without building strings
    /// (this runs for every classified message). NUL cannot be stored and is dropped.
    mutating func arrayField(_ elements: [String]) {
        separator()
        buffer.writeInteger(UInt8(ascii: "{"))
        for (index, element) in elements.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            buffer.writeInteger(UInt8(ascii: "\""))
            var element = element
            element.withUTF8 { bytes in
                // Plain runs go in one write; only the bytes that need escaping are looked at alone.
                var run = 0
                for i in 0..<bytes.count {
                    let byte = bytes[i]
                    guard byte == 0x5C || byte == 0x22 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x00 else { continue }
                    if run < i { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[run..<i]))) }
                    run = i + 1
                    switch byte {
                    case 0x5C: buffer.writeStaticString("\\\\\\\\")  // array \\ → COPY \\\\
                    case 0x22: buffer.writeStaticString("\\\\\"")  // array \" → COPY \\"
                    case 0x09: buffer.writeStaticString("\\t")
                    case 0x0A: buffer.writeStaticString("\\n")
                    case 0x0D: buffer.writeStaticString("\\r")
                    default: break  // NUL
                    }
                }
                if run < bytes.count { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[run...]))) }
            }
            buffer.writeInteger(UInt8(ascii: "\""))
        }
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    /// A `timestamptz` field in UTC (`2025-11-20 09:15:00.123456+00`), written as bytes; the same
    /// text as ``TimestampText/format(_:)``.
    mutating func field(timestamp date: Date) {
        separator()
        let parts = TimestampText.Parts(date)
        guard (0...9999).contains(parts.year) else {
            // Outside four-digit years (never from our parsers): the plain text, written whole.
            buffer.writeString(TimestampText.format(date))
            return
        }
        // Formatted on the stack and written in one go: a `ByteBuffer` write checks capacity and
        // uniqueness each time, and this runs twice for every complaint row a night.
        var scratch: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let count = withUnsafeMutableBytes(of: &scratch) { bytes in
            var count = 0
            func put(_ byte: UInt8) {
                bytes[count] = byte
                count += 1
            }
            func put(_ value: Int64, _ width: Int) {
                var divisor: Int64 = 1
                for _ in 1..<width { divisor *= 10 }
                var rest = value
                while divisor > 0 {
                    put(UInt8(truncatingIfNeeded: 0x30 + rest / divisor))
                    rest %= divisor
                    divisor /= 10
                }
            }
            put(parts.year, 4)
            put(UInt8(ascii: "-"))
            put(parts.month, 2)
            put(UInt8(ascii: "-"))
            put(parts.day, 2)
            put(UInt8(ascii: " "))
            put(parts.hour, 2)
            put(UInt8(ascii: ":"))
            put(parts.minute, 2)
            put(UInt8(ascii: ":"))
            put(parts.second, 2)
            if parts.micros != 0 {
                put(UInt8(ascii: "."))
                put(parts.micros, 6)
            }
            put(UInt8(ascii: "+"))
            put(0x30)
            put(0x30)
            return count
        }
        withUnsafeBytes(of: &scratch) { bytes in buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[0..<count])) }
    }

    mutating func endRow() {
        buffer.writeInteger(UInt8(0x0A))
        firstColumn = true
    }

    /// Hands over the bytes written so far and starts a new buffer.
    mutating func take() -> ByteBuffer {
        let full = buffer
        buffer = ByteBufferAllocator().buffer(capacity: full.readableBytes)
        return full
    }

    var byteCount: Int { buffer.readableBytes }

    private mutating func separator() {
        if firstColumn {
            firstColumn = false
        } else {
            buffer.writeInteger(UInt8(0x09))
        }
    }
}
