/// Why a line is not valid JSON (or holds a number PostgreSQL cannot store): the byte offset and
/// what was expected there.
struct JSONSyntaxError: Error {
    let offset: Int
    let expected: String
    /// Valid JSON, but a number out of PostgreSQL's `numeric` range.
    var isUnstorableNumber = false
}

/// A JSON string token: its content between the quotes.
struct JSONStringToken {
    var start: Int
    var end: Int
    /// The content holds backslash escapes and must be decoded.
    var hasEscapes: Bool
    /// The content holds `\u0000`, which PostgreSQL `text` and `jsonb` cannot store.
    var containsNUL: Bool
}

/// A strict RFC 8259 scanner over the UTF-8 bytes of one line. It validates as it goes (escapes,
/// surrogate pairs, number grammar, nesting depth) and reports positions rather than building
/// values, so callers take only the fields they need, without allocating.
///
/// UTF-8 validity is checked separately (once per line); the scanner treats bytes ≥ 0x80 inside
/// strings as content.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let maxDepth: Int
    /// Set when a skipped value contained `\u0000` somewhere in a string.
    var sawEscapedNUL = false
    /// Refuse numbers PostgreSQL's `numeric` (what `jsonb` stores them as) cannot hold, which would
    /// fail the whole batch's load: set while scanning a value that is stored as `jsonb`.
    var requiresStorableNumbers = false

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.position = 0
        self.maxDepth = maxDepth
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// The byte at the current position, or 0 past the end (0 is never valid JSON there).
    @inline(__always) var current: UInt8 { position < bytes.count ? bytes[position] : 0 }

    @inline(__always) mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            position += 1
        }
    }

    mutating func expect(_ byte: UInt8, _ description: String) throws(JSONSyntaxError) {
        guard current == byte else { throw JSONSyntaxError(offset: position, expected: description) }
        position += 1
    }

    /// Scans a string starting at the opening quote; leaves the position after the closing quote.
    mutating func scanString() throws(JSONSyntaxError) -> JSONStringToken {
        try expect(0x22, "a string")
        var token = JSONStringToken(start: position, end: position, hasEscapes: false, containsNUL: false)
        guard let base = bytes.baseAddress else { throw JSONSyntaxError(offset: position, expected: "a closing quote") }
        let count = bytes.count
        while true {
            // Skip eight plain bytes at a time: none is a quote, a backslash or a control byte.
            while position + 8 <= count {
                let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                if Self.hasSpecialByte(word) { break }
                position += 8
            }
            guard position < count else { throw JSONSyntaxError(offset: position, expected: "a closing quote") }
            let byte = base[position]
            if byte == 0x22 {
                token.end = position
                position += 1
                return token
            } else if byte == 0x5C {
                token.hasEscapes = true
                if try scanEscape() { token.containsNUL = true }
            } else if byte < 0x20 {
                throw JSONSyntaxError(offset: position, expected: "no raw control character inside a string (use an escape such as \\n)")
            } else {
                position += 1
            }
        }
    }

    /// True when one of the eight bytes is `"`, `\` or below 0x20.
    @inline(__always) static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* 0x22)
        let slashes = word ^ (ones &* 0x5C)
        let hasQuote = (quotes &- ones) & ~quotes & highs
        let hasSlash = (slashes &- ones) & ~slashes & highs
        let hasControl = (word &- (ones &* 0x20)) & ~word & highs
        return (hasQuote | hasSlash | hasControl) != 0
    }

    /// Scans one escape at a backslash; returns true when it is `\u0000`.
    private mutating func scanEscape() throws(JSONSyntaxError) -> Bool {
        position += 1
        switch current {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
            position += 1
            return false
        case 0x75:
            position += 1
            let unit = try scanHex4()
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard current == 0x5C, position + 1 < bytes.count, bytes[position + 1] == 0x75 else {
                    throw JSONSyntaxError(offset: position, expected: "a low surrogate \\uDC00-\\uDFFF after a high surrogate")
                }
                position += 2
                let low = try scanHex4()
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw JSONSyntaxError(offset: position - 4, expected: "a low surrogate \\uDC00-\\uDFFF after a high surrogate")
                }
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw JSONSyntaxError(offset: position - 4, expected: "a high surrogate before a low surrogate")
            }
            return unit == 0
        default:
            throw JSONSyntaxError(offset: position, expected: "an escape: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX")
        }
    }

    private mutating func scanHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexValue(current) else {
                throw JSONSyntaxError(offset: position, expected: "four hex digits after \\u")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    @inline(__always) static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    /// Scans a number with the strict JSON grammar; returns true when it is an integer (no
    /// fraction or exponent).
    mutating func scanNumber() throws(JSONSyntaxError) -> Bool {
        let start = position
        if current == 0x2D { position += 1 }
        let integerStart = position
        if current == 0x30 {
            position += 1
        } else if current >= 0x31 && current <= 0x39 {
            while current >= 0x30 && current <= 0x39 { position += 1 }
        } else {
            throw JSONSyntaxError(offset: position, expected: "a digit")
        }
        let integerEnd = position
        var fraction = position..<position
        var isInteger = true
        if current == 0x2E {
            isInteger = false
            position += 1
            guard current >= 0x30 && current <= 0x39 else { throw JSONSyntaxError(offset: position, expected: "a digit after the decimal point") }
            let fractionStart = position
            while current >= 0x30 && current <= 0x39 { position += 1 }
            fraction = fractionStart..<position
        }
        var exponent = 0
        var exponentOverflows = false
        if current == 0x65 || current == 0x45 {
            isInteger = false
            position += 1
            let negative = current == 0x2D
            if current == 0x2B || current == 0x2D { position += 1 }
            guard current >= 0x30 && current <= 0x39 else { throw JSONSyntaxError(offset: position, expected: "a digit in the exponent") }
            while current >= 0x30 && current <= 0x39 {
                if !exponentOverflows {
                    exponent = exponent * 10 + Int(current - 0x30)
                    exponentOverflows = exponent >= Self.exponentLimit
                }
                position += 1
            }
            if negative { exponent = -exponent }
        }
        if requiresStorableNumbers,
            exponentOverflows
                || !Self.fitsPostgresNumeric(integer: integerStart..<integerEnd, fraction: fraction, exponent: exponent, in: bytes)
        {
            throw JSONSyntaxError(
                offset: start, expected: "a number PostgreSQL can store (at most 16383 digits after the point, less than 1e131072)",
                isUnstorableNumber: true
            )
        }
        return isInteger
    }

    /// PostgreSQL refuses any number whose exponent is this large or larger (either sign), zero too.
    static let exponentLimit = Int(Int32.max) / 2

    /// Whether PostgreSQL's `numeric` holds the number: at most 16,383 digits after the point once
    /// the exponent is applied, and a leading digit below 10^131072 (weight under 32,768 base-10000
    /// digits). Measured on PostgreSQL 15: `1e-16383`, `1e131071` and `0e131072` load; `1e-16384`,
    /// `0e-16384`, `1e131072` and `0e1073741823` fail with "value overflows numeric format".
    static func fitsPostgresNumeric(
        integer: Range<Int>, fraction: Range<Int>, exponent: Int, in bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard fraction.count - exponent <= 16_383 else { return false }
        let leading: Int
        if let first = integer.first(where: { bytes[$0] != 0x30 }) {
            leading = integer.upperBound - 1 - first + exponent
        } else if let first = fraction.first(where: { bytes[$0] != 0x30 }) {
            leading = fraction.lowerBound - first - 1 + exponent
        } else {
            return true
        }
        let weight = leading >= 0 ? leading / 4 : -((-leading - 1) / 4 + 1)
        return weight <= 32_767
    }

    /// Scans `true`, `false` or `null` at the position.
    mutating func scanLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let length = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        guard position + length <= bytes.count else { throw JSONSyntaxError(offset: position, expected: "\(literal)") }
        for offset in 0..<length where bytes[position + offset] != start[offset] {
            throw JSONSyntaxError(offset: position + offset, expected: "\(literal)")
        }
        position += length
    }

    /// Validates and skips any value; `depth` is the nesting of the value's container.
    mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
        switch current {
        case 0x22:
            if try scanString().containsNUL { sawEscapedNUL = true }
        case 0x7B:
            try skipObject(depth: depth + 1)
        case 0x5B:
            try skipArray(depth: depth + 1)
        case 0x74: try scanLiteral("true")
        case 0x66: try scanLiteral("false")
        case 0x6E: try scanLiteral("null")
        case 0x2D, 0x30...0x39: _ = try scanNumber()
        default:
            throw JSONSyntaxError(offset: position, expected: "a value (string, number, object, array, true, false or null)")
        }
    }

    private mutating func skipObject(depth: Int) throws(JSONSyntaxError) {
        guard depth <= maxDepth else { throw JSONSyntaxError(offset: position, expected: "nesting no deeper than \(maxDepth)") }
        position += 1
        skipWhitespace()
        if current == 0x7D {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            if try scanString().containsNUL { sawEscapedNUL = true }
            skipWhitespace()
            try expect(0x3A, "':' after an object key")
            skipWhitespace()
            try skipValue(depth: depth)
            skipWhitespace()
            if current == 0x2C {
                position += 1
                continue
            }
            try expect(0x7D, "',' or '}' in an object")
            return
        }
    }

    private mutating func skipArray(depth: Int) throws(JSONSyntaxError) {
        guard depth <= maxDepth else { throw JSONSyntaxError(offset: position, expected: "nesting no deeper than \(maxDepth)") }
        position += 1
        skipWhitespace()
        if current == 0x5D {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            try skipValue(depth: depth)
            skipWhitespace()
            if current == 0x2C {
                position += 1
                continue
            }
            try expect(0x5D, "',' or ']' in an array")
            return
        }
    }

    /// Appends the decoded content of a string token (escapes resolved) to `output`.
    /// The token must come from ``scanString()``, which validated every escape.
    func decode(_ token: JSONStringToken, into output: inout [UInt8]) {
        var index = token.start
        while index < token.end {
            let byte = bytes[index]
            guard byte == 0x5C else {
                output.append(byte)
                index += 1
                continue
            }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case 0x62: output.append(0x08)
            case 0x66: output.append(0x0C)
            case 0x6E: output.append(0x0A)
            case 0x72: output.append(0x0D)
            case 0x74: output.append(0x09)
            case 0x75:
                var scalar = hex4(at: index)
                index += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    let low = hex4(at: index + 2)
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                Self.appendUTF8(scalar, to: &output)
            default: output.append(escape)
            }
        }
    }

    private func hex4(at index: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 { value = value << 4 | (Self.hexValue(bytes[index + offset]) ?? 0) }
        return value
    }

    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
