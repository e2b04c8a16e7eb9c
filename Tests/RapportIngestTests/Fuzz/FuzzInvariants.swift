import Foundation
import RapportCore
import RapportFuzzSupport
import Testing

@testable import RapportIngest

/// What every accepted row and every reject must satisfy, whatever input produced it.
enum FuzzInvariants {
    /// 0001-01-01T00:00:00Z, the earliest instant PostgreSQL's `timestamptz` accepts in text form.
    static let earliestStorable = Date(timeIntervalSince1970: -62_135_596_800)

    /// A reject names its line (within the input) and says why.
    static func checkReject(_ rejected: RejectedRow, lines: ClosedRange<Int>, options: IngestOptions, _ origin: @autoclosure () -> String) {
        let error = rejected.error
        #expect(lines.contains(error.line), "\(origin()): reject on line \(error.line), outside \(lines)")
        #expect(!error.detail.isEmpty, "\(origin()): a reject without a reason")
        #expect(error.field.map { !$0.isEmpty } ?? true, "\(origin()): an empty field name")
        #expect(error.description.hasPrefix("line \(error.line): "), "\(origin())")
        // The raw text is cut to the limit; invalid bytes become U+FFFD (three bytes each).
        #expect(rejected.raw.utf8.count <= 3 * options.maxRejectedRawBytes, "\(origin()): raw text of \(rejected.raw.utf8.count) bytes")
    }

    /// An accepted interaction came from valid UTF-8, holds no NUL, fits every limit, has a
    /// canonical customer identifier, attributes PostgreSQL's `jsonb` can store, and an instant
    /// `timestamptz` can hold.
    static func checkAccepted(_ record: InteractionRecord, rawLine: [UInt8]?, options: IngestOptions, _ origin: @autoclosure () -> String) {
        if let rawLine {
            #expect(String(validating: rawLine, as: UTF8.self) != nil, "\(origin()): accepted a line that is not UTF-8")
        }
        let shortFields = [record.source, record.externalID, record.threadID, record.inReplyTo, record.account].compactMap { $0 }
        for text in shortFields {
            #expect(text.utf8.count <= options.maxShortFieldBytes, "\(origin()): a short field of \(text.utf8.count) bytes")
            #expect(!text.utf8.contains(0), "\(origin()): NUL in \(FuzzDisplay.text(text))")
        }
        #expect(!record.source.isEmpty && !record.externalID.isEmpty, "\(origin())")
        #expect((record.body?.utf8.count ?? 0) <= options.maxBodyBytes, "\(origin()): body of \(record.body?.utf8.count ?? 0) bytes")
        #expect(!(record.body?.utf8.contains(0) ?? false), "\(origin()): NUL in the body")
        #expect(record.occurredAt >= earliestStorable, "\(origin()): \(record.occurredAt) is before year 1")
        switch record.customer {
        case .identifier(let identifier):
            checkCanonical(identifier, options: options, origin())
            #expect(identifier.kind != .profile, "\(origin())")
        case .customerOf(let externalID):
            #expect(!externalID.isEmpty && externalID.utf8.count <= options.maxShortFieldBytes, "\(origin())")
        }
        checkAttributes(record.attributesJSON, limit: options.maxAttributesBytes, origin())
    }

    /// Parsing the identifier's own text gives it back byte for byte.
    static func checkCanonical(_ identifier: Identifier, options: IngestOptions, _ origin: @autoclosure () -> String) {
        #expect(identifier.value.utf8.count <= IdentifierNormaliser.maximumLength, "\(origin())")
        let again = try? Identifier.parse(identifier.description, options: options.normalisation)
        #expect(
            again.map { $0.kind == identifier.kind && Array($0.value.utf8) == Array(identifier.value.utf8) } == true,
            "\(origin()): \(FuzzDisplay.text(identifier.description)) is not canonical"
        )
    }

    /// Attributes are a JSON object, within the limit, without `\u0000`, every number one PostgreSQL's `numeric` holds.
    static func checkAttributes(_ text: String, limit: Int, _ origin: @autoclosure () -> String) {
        #expect(text.utf8.count <= max(limit, 2), "\(origin()): attributes of \(text.utf8.count) bytes")
        let bytes = Array(text.utf8)
        let numbers = numberTokens(bytes)
        // Foundation refuses numbers past a Double's range, which jsonb holds: each is read as 0.
        var plain = bytes
        for number in numbers.reversed() { plain.replaceSubrange(number.indices, with: [0x30]) }
        let object = try? JSONSerialization.jsonObject(with: Data(plain), options: [.fragmentsAllowed])
        #expect(object is [String: Any], "\(origin()): attributes are not a JSON object: \(FuzzDisplay.text(text))")
        #expect(!containsNUL(object), "\(origin()): attributes hold \\u0000")
        for number in numbers {
            #expect(PostgresNumeric.fits(number), "\(origin()): PostgreSQL cannot store the number \(FuzzDisplay.bytes(number, limit: 60))")
        }
    }

    private static func containsNUL(_ value: Any?) -> Bool {
        switch value {
        case let text as String: text.utf8.contains(0)
        case let array as [Any]: array.contains { containsNUL($0) }
        case let object as [String: Any]: object.contains { $0.key.utf8.contains(0) || containsNUL($0.value) }
        default: false
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E || byte == 0x65 || byte == 0x45
    }

    /// The number tokens of JSON text (outside strings).
    static func numberTokens(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var tokens: [ArraySlice<UInt8>] = []
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == 0x5C { index += 1 } else if byte == 0x22 { inString = false }
                index += 1
            } else if byte == 0x22 {
                inString = true
                index += 1
            } else if byte == 0x2D || (byte >= 0x30 && byte <= 0x39) {
                let start = index
                while index < bytes.count, isNumberByte(bytes[index]) { index += 1 }
                tokens.append(bytes[start..<index])
            } else {
                index += 1
            }
        }
        return tokens
    }
}

/// PostgreSQL's `numeric` limits as `jsonb` input meets them (measured on PostgreSQL 15:
/// `'{"x":1e-16384}'::jsonb` and `'{"x":1e131072}'::jsonb` overflow; `1e-16383`, `1e131071` do not):
/// at most 16,383 digits after the point, a leading digit below 10^131072, an exponent below
/// 2^30 - 1 either way (`0e1073741823` overflows too).
enum PostgresNumeric {
    static func fits(_ token: ArraySlice<UInt8>) -> Bool {
        var digits = token.drop { $0 == 0x2D }
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        while let byte = digits.first, byte >= 0x30 && byte <= 0x39 {
            integerDigits.append(byte)
            digits = digits.dropFirst()
        }
        if digits.first == 0x2E {
            digits = digits.dropFirst()
            while let byte = digits.first, byte >= 0x30 && byte <= 0x39 {
                fractionDigits.append(byte)
                digits = digits.dropFirst()
            }
        }
        var exponent = 0
        if digits.first == 0x65 || digits.first == 0x45 {
            digits = digits.dropFirst()
            let negative = digits.first == 0x2D
            if digits.first == 0x2D || digits.first == 0x2B { digits = digits.dropFirst() }
            for byte in digits {
                exponent = exponent * 10 + Int(byte - 0x30)
                if exponent >= Int(Int32.max) / 2 { return false }
            }
            if negative { exponent = -exponent }
        }
        guard max(0, fractionDigits.count - exponent) <= 16_383 else { return false }
        let leading: Int
        if let first = integerDigits.firstIndex(where: { $0 != 0x30 }) {
            leading = integerDigits.count - 1 - first + exponent
        } else if let first = fractionDigits.firstIndex(where: { $0 != 0x30 }) {
            leading = -(first + 1) + exponent
        } else {
            return true
        }
        let weight = leading >= 0 ? (leading + 4) / 4 - 1 : -((-leading - 1) / 4 + 1)
        return weight <= 32_767
    }
}
