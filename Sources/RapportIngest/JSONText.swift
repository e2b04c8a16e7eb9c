/// Writes JSON text for the few places Ingest produces JSON (twcs attributes, the rejects file)
/// without Foundation's encoders.
enum JSONText {
    /// `text` as a JSON string literal, quotes included; control characters escaped.
    static func quoted(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        output.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: output.append(contentsOf: [0x5C, 0x22])
            case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: output.append(contentsOf: [0x5C, 0x72])
            case 0x09: output.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20, 0x7F:
                output.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: output.append(byte)
            }
        }
        output.append(0x22)
    }

    /// A flat JSON object from string pairs, in the order given.
    static func object(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else { return "{}" }
        var output: [UInt8] = [0x7B]
        for (index, (key, value)) in pairs.enumerated() {
            if index > 0 { output.append(0x2C) }
            appendQuoted(key, to: &output)
            output.append(0x3A)
            appendQuoted(value, to: &output)
        }
        output.append(0x7D)
        return String(decoding: output, as: UTF8.self)
    }
}
