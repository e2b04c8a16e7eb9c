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
