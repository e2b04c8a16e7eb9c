/// Breaks valid input the ways real files and hostile senders break it: cut short, bytes dropped,
/// repeated or swapped, structural characters (quotes, delimiters, brackets, line ends) added or
/// removed, hostile bytes spliced in, a field blown up past its limit.
public struct ByteMutator: Sendable {
    /// The characters that carry the format's structure (`"`, `,`, `\n` for CSV; brackets, quotes,
    /// colons, commas and backslashes for JSON).
    public let structural: [UInt8]
    /// How long a blown-up run may grow (bytes).
    public let hugeRun: Int

    public init(structural: [UInt8], hugeRun: Int) {
        self.structural = structural
        self.hugeRun = hugeRun
    }

    /// CSV: quotes, commas and every line-end form.
    public static func csv(hugeRun: Int) -> ByteMutator {
        ByteMutator(structural: Array("\",\n\r".utf8) + Array("\"\",\"\r\n".utf8), hugeRun: hugeRun)
    }

    /// JSON: brackets, braces, quotes, colons, commas, backslashes, escapes and line ends.
    public static func json(hugeRun: Int) -> ByteMutator {
        ByteMutator(structural: Array("{}[]\":,\\u\n\r 0-.eE".utf8), hugeRun: hugeRun)
    }

    private static let hugeRunBytes = Array("x \\\"é".utf8)

    /// The names of the mutations, in the order ``mutate(_:_:)`` draws them (for counting).
    public static let operations = [
        "truncate", "delete", "duplicate", "swap", "structural", "hostile", "flip", "huge", "line-end", "byte-order-mark",
    ]

    /// Applies 1 to `maximum` mutations; returns the names of those applied.
    @discardableResult
    public func mutate(_ bytes: inout [UInt8], _ random: inout FuzzRandom, maximum: Int = 3) -> [String] {
        var applied: [String] = []
        for _ in 0..<random.int(in: 1...max(1, maximum)) {
            let operation = random.int(in: 0..<Self.operations.count)
            apply(operation, to: &bytes, &random)
            applied.append(Self.operations[operation])
        }
        return applied
    }

    private func apply(_ operation: Int, to bytes: inout [UInt8], _ random: inout FuzzRandom) {
        let position = random.int(in: 0...bytes.count)
        switch operation {
        case 0:  // truncate
            bytes.removeSubrange(position...)
        case 1:  // delete a run
            let end = min(bytes.count, position + random.skewedLength(maximum: 16) + 1)
            if position < end { bytes.removeSubrange(position..<end) }
        case 2:  // duplicate a run
            let end = min(bytes.count, position + random.skewedLength(maximum: 32) + 1)
            if position < end { bytes.insert(contentsOf: bytes[position..<end], at: position) }
        case 3:  // swap two bytes
            if bytes.count > 1 {
                let other = random.int(in: 0..<bytes.count)
                bytes.swapAt(min(position, bytes.count - 1), other)
            }
        case 4:  // insert, replace or drop a structural byte
            let byte = random.pick(structural)
            if random.chance(0.5) || bytes.isEmpty {
                bytes.insert(byte, at: position)
            } else if let found = bytes[min(position, bytes.count - 1)...].firstIndex(where: structural.contains) {
                if random.chance(0.5) { bytes.remove(at: found) } else { bytes[found] = byte }
            }
        case 5:  // splice in hostile bytes
            bytes.insert(contentsOf: HostileText.bytes(&random), at: position)
        case 6:  // flip one bit
            if !bytes.isEmpty {
                let index = min(position, bytes.count - 1)
                bytes[index] ^= UInt8(1) << UInt8(random.int(in: 0..<8))
            }
        case 7:  // blow a run up past the limits
            let unit: [UInt8] = random.chance(0.7) ? [random.pick(Self.hugeRunBytes)] : HostileText.bytes(&random)
            let length = random.int(in: (hugeRun / 2)...hugeRun)
            var run = [UInt8](repeating: 0, count: length - length % max(unit.count, 1))
            run.withUnsafeMutableBufferPointer { buffer in
                for offset in 0..<buffer.count { buffer[offset] = unit[offset % unit.count] }
            }
            bytes.insert(contentsOf: run, at: position)
        case 8:  // a line end of another kind
            bytes.insert(contentsOf: random.pick([[0x0A], [0x0D, 0x0A], [0x0D], [0x0A, 0x0A], [0x0D, 0x0D, 0x0A]]), at: position)
        default:  // a byte-order mark where none belongs
            bytes.insert(contentsOf: HostileText.byteOrderMark, at: position)
        }
    }
}
