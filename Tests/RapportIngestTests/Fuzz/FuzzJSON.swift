import RapportFuzzSupport

/// JSON text for the fuzz generators, written byte by byte so the tests choose every escape.
enum FuzzJSON {
    /// `text` as a JSON string literal, each character written raw or escaped at random (`\uXXXX`,
    /// surrogate pairs for astral characters, the short escapes); control characters always escaped.
    static func string(_ text: String, _ random: inout FuzzRandom) -> [UInt8] {
        // Most strings are written as they are when nothing in them needs escaping.
        if random.chance(0.6), !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            return [0x22] + Array(text.utf8) + [0x22]
        }
        var output: [UInt8] = [0x22]
        let escapeAll = random.chance(0.1)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x22: output += Array(#"\""#.utf8)
            case 0x5C: output += Array(#"\\"#.utf8)
            case 0x0A: output += Array(#"\n"#.utf8)
            case 0x0D: output += Array(#"\r"#.utf8)
            case 0x09: output += Array(#"\t"#.utf8)
            case 0x08: output += Array(#"\b"#.utf8)
            case 0x0C: output += Array(#"\f"#.utf8)
            case 0x2F where random.chance(0.3): output += Array(#"\/"#.utf8)
            case 0..<0x20: output += unicodeEscape(value, uppercase: random.chance(0.5))
            default:
                if escapeAll || random.chance(0.05) {
                    if value > 0xFFFF {
                        let shifted = value - 0x10000
                        output += unicodeEscape(0xD800 + (shifted >> 10), uppercase: random.chance(0.5))
                        output += unicodeEscape(0xDC00 + (shifted & 0x3FF), uppercase: random.chance(0.5))
                    } else {
                        output += unicodeEscape(value, uppercase: random.chance(0.5))
                    }
                } else {
                    output += Array(String(scalar).utf8)
                }
            }
        }
        output.append(0x22)
        return output
    }

    private static let upperDigits = Array("0123456789ABCDEF".utf8)
    private static let lowerDigits = Array("0123456789abcdef".utf8)

    static func unicodeEscape(_ value: UInt32, uppercase: Bool) -> [UInt8] {
        let digits = uppercase ? upperDigits : lowerDigits
        return [
            0x5C, 0x75, digits[Int(value >> 12 & 0xF)], digits[Int(value >> 8 & 0xF)], digits[Int(value >> 4 & 0xF)],
            digits[Int(value & 0xF)],
        ]
    }

    /// Hostile text without NUL, which PostgreSQL cannot store (and the parsers rightly refuse).
    static func storableText(_ random: inout FuzzRandom) -> String {
        HostileText.text(&random).split(separator: "\u{0}", omittingEmptySubsequences: false).joined()
    }

    /// A valid JSON value of at most `depth` further levels: numbers PostgreSQL can hold, strings
    /// with hostile text, nested objects and arrays.
    static func value(depth: Int, _ random: inout FuzzRandom) -> [UInt8] {
        switch random.int(in: 0..<(depth > 0 ? 8 : 6)) {
        case 0: return Array(random.pick(["0", "-1", "42", "3.25", "-0.5e3", "1E-7", "18446744073709551616", "1e308"]).utf8)
        case 1: return Array(random.pick(["true", "false", "null"]).utf8)
        case 2, 3: return string(storableText(&random), &random)
        case 4: return string(random.pick(["en", "refund", "", "a\"b", "line\nbreak", "tab\there"]), &random)
        case 5: return Array("[]".utf8)
        case 6: return object(depth: depth - 1, &random)
        default:
            let items = (0..<random.int(in: 0...3)).map { _ in value(depth: depth - 1, &random) }
            return [0x5B] + Array(items.joined(separator: [0x2C])) + [0x5D]
        }
    }

    /// A valid JSON object of at most `depth` further levels.
    static func object(depth: Int, _ random: inout FuzzRandom) -> [UInt8] {
        let members = (0..<random.int(in: 0...4)).map { index -> [UInt8] in
            let key = random.chance(0.8) ? random.pick(["lang", "tags", "duration_s", "priority", "k\(index)"]) : storableText(&random)
            return string(key, &random) + [0x3A] + value(depth: depth, &random)
        }
        return [0x7B] + Array(members.joined(separator: [0x2C])) + [0x7D]
    }

    /// `levels` nested arrays or objects around a number, e.g. `[[[1]]]` or `{"a":{"a":1}}`.
    static func nested(levels: Int, objects: Bool) -> [UInt8] {
        if objects {
            return Array(repeating: Array(#"{"a":"#.utf8), count: levels).flatMap { $0 } + [0x31] + Array(repeating: 0x7D, count: levels)
        }
        return Array(repeating: 0x5B, count: levels) + [0x31] + Array(repeating: 0x5D, count: levels)
    }
}
