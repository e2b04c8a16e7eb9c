/// Turns a JSON array of objects into JSONL, byte for byte, so the one JSONL parser validates
/// both forms and numbers keep every digit (no detour through `Double`).
///
/// Element `n` (1-based) becomes line `n`. Line breaks between tokens become spaces; a raw line
/// break inside a string (invalid JSON anyway) becomes a control byte the parser rejects, so one
/// element never spills onto two lines.
enum JSONArrayLines {
    /// The JSONL text, or nil when `bytes` is not one top-level array.
    static func convert(_ bytes: [UInt8]) -> [UInt8]? {
        var index = 0
        func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            skipWhitespace()
            return index == bytes.count ? [] : nil
        }
        var first = true
        while index < bytes.count {
            if !first { output.append(0x0A) }
            first = false
            let elementStart = output.count
            var depth = 0
            var inString = false
            var escaped = false
            var elementEnded = false
            while index < bytes.count {
                let byte = bytes[index]
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                    output.append(byte == 0x0A || byte == 0x0D ? 0x01 : byte)
                    index += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { elementEnded = true } else { depth -= 1 }
                case UInt8(ascii: ","):
                    if depth == 0 { elementEnded = true }
                default: break
                }
                if elementEnded { break }
                output.append(byte == 0x0A || byte == 0x0D ? 0x20 : byte)
                index += 1
            }
            guard elementEnded, output[elementStart...].contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
            let terminator = bytes[index]
            index += 1
            if terminator == UInt8(ascii: "]") {
                skipWhitespace()
                return index == bytes.count ? output : nil
            }
        }
        return nil
    }
}
