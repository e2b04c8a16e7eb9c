import Foundation
import RapportCore

/// Parses Rapport's own interaction format: one flat JSON object per line (docs/formats.md).
///
/// Hand-written over UTF-8 bytes because Foundation's JSON decoders cost several times more than
/// loading the row into PostgreSQL: the scanner validates strictly (RFC 8259, escapes, surrogate
/// pairs, nesting depth) and copies out only the fields Rapport keeps. `attributes` is validated
/// and kept as its JSON text. Unknown keys are validated and ignored.
///
/// Not thread-safe: one parser per reading task (it reuses buffers and caches identifiers).
public struct InteractionJSONLParser {
    public let options: IngestOptions
    private var identifiers: IdentifierCache
    private let asciiIdentifiers: ASCIIIdentifierParser
    private var slots = [FieldSlot](repeating: FieldSlot(), count: InteractionField.allCases.count)
    private var scratch: [UInt8] = []
    /// The key whose value (or the separator after it) was being read, to name it when the line
    /// turns out not to be valid JSON.
    private var keyInProgress: JSONStringToken?
    private let channels = EnumMatcher<Channel>()
    private let directions = EnumMatcher<Direction>()
    private let visibilities = EnumMatcher<Visibility>()

    /// A parser applying `options` (identifier normalisation, size limits).
    public init(options: IngestOptions = .init()) {
        self.options = options
        self.identifiers = IdentifierCache(options: options.normalisation)
        self.asciiIdentifiers = ASCIIIdentifierParser(options: options.normalisation)
        scratch.reserveCapacity(1_024)
    }

    /// Parses one line of text; nil for a blank line.
    public mutating func parse(line: String, number: Int) throws(IngestError) -> InteractionRecord? {
        var text = line
        let result = text.withUTF8 { bytes in
            Result { () throws(IngestError) -> InteractionRecord? in try parse(line: bytes, number: number) }
        }
        return try result.get()
    }

    /// Parses one line (without its newline) given as UTF-8 bytes; nil for a blank line.
    /// Throws the row's first problem as an ``IngestError`` carrying `number`.
    public mutating func parse(line: UnsafeBufferPointer<UInt8>, number: Int) throws(IngestError) -> InteractionRecord? {
        let invalidUTF8At = UTF8Validation.isASCII(line) ? nil : UTF8Validation.firstInvalidOffset(line)
        var scanner = JSONScanner(bytes: line, maxDepth: options.maxNestingDepth)
        scanner.skipWhitespace()
        if scanner.isAtEnd { return nil }
        let duplicate: InteractionField?
        do {
            duplicate = try scanObject(&scanner)
        } catch {
            if invalidUTF8At != nil {
                throw IngestError(kind: .invalidUTF8, line: number, detail: "the line is not valid UTF-8")
            }
            let field = keyInProgress.map { keyText($0, in: scanner) }.flatMap { $0.isEmpty ? nil : $0 }
            if error.isUnstorableNumber {
                throw IngestError(
                    kind: .malformedRow, line: number, field: field,
                    detail: "the number at byte \(error.offset + 1) is out of range: expected \(error.expected)"
                )
            }
            throw IngestError(
                kind: .malformedRow, line: number, field: field, detail: "not a valid JSON object: expected \(error.expected) at byte \(error.offset + 1)"
            )
        }
        if let invalidUTF8At {
            let field = InteractionField.allCases.first { slots[$0.rawValue].contains(invalidUTF8At) }
            throw IngestError(kind: .invalidUTF8, line: number, field: field?.key, detail: "not valid UTF-8 (byte \(invalidUTF8At + 1))")
        }
        if let duplicate {
            throw IngestError(kind: .malformedRow, line: number, field: duplicate.key, detail: "the key appears more than once")
        }
        return try record(in: scanner, number: number)
    }

    /// Scans the line's object into the field slots; returns a known key that appeared twice.
    private mutating func scanObject(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> InteractionField? {
        for index in slots.indices { slots[index].kind = .absent }
        keyInProgress = nil
        var duplicate: InteractionField?
        try scanner.expect(0x7B, "'{' (each line must be one JSON object)")
        scanner.skipWhitespace()
        if scanner.current == 0x7D {
            scanner.position += 1
        } else {
            while true {
                scanner.skipWhitespace()
                let key = try scanner.scanString()
                keyInProgress = key
                let field = fieldNamed(by: key, in: scanner)
                scanner.skipWhitespace()
                try scanner.expect(0x3A, "':' after a key")
                scanner.skipWhitespace()
                if let field {
                    if slots[field.rawValue].kind != .absent, duplicate == nil { duplicate = field }
                    scanner.requiresStorableNumbers = field == .attributes
                    slots[field.rawValue] = try scanFieldValue(&scanner)
                    scanner.requiresStorableNumbers = false
                } else {
                    try scanner.skipValue(depth: 1)
                }
                scanner.skipWhitespace()
                if scanner.current == 0x2C {
                    scanner.position += 1
                    keyInProgress = nil
                    continue
                }
                try scanner.expect(0x7D, "',' or '}'")
                keyInProgress = nil
                break
            }
        }
        scanner.skipWhitespace()
        guard scanner.isAtEnd else { throw JSONSyntaxError(offset: scanner.position, expected: "the end of the line after the object") }
        return duplicate
    }

    /// A key as text for an error's `field`, cut to 128 bytes (it is the input's, whatever its size).
    private mutating func keyText(_ key: JSONStringToken, in scanner: JSONScanner) -> String {
        scratch.removeAll(keepingCapacity: true)
        scanner.decode(key, into: &scratch)
        return String(decoding: scratch.prefix(128), as: UTF8.self)
    }

    private mutating func fieldNamed(by key: JSONStringToken, in scanner: JSONScanner) -> InteractionField? {
        if !key.hasEscapes {
            return InteractionField.named(UnsafeBufferPointer(rebasing: scanner.bytes[key.start..<key.end]))
        }
        scratch.removeAll(keepingCapacity: true)
        scanner.decode(key, into: &scratch)
        return scratch.withUnsafeBufferPointer { InteractionField.named($0) }
    }

    private func scanFieldValue(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> FieldSlot {
        let start = scanner.position
        switch scanner.current {
        case 0x22:
            let token = try scanner.scanString()
            return FieldSlot(kind: .string, start: token.start, end: token.end, hasEscapes: token.hasEscapes, containsNUL: token.containsNUL)
        case 0x6E:
            try scanner.scanLiteral("null")
            return FieldSlot(kind: .null, start: start, end: scanner.position)
        case 0x2D, 0x30...0x39:
            let isInteger = try scanner.scanNumber()
            return FieldSlot(kind: isInteger ? .integer : .otherValue, start: start, end: scanner.position)
        case 0x7B:
            scanner.sawEscapedNUL = false
            try scanner.skipValue(depth: 1)
            return FieldSlot(kind: .object, start: start, end: scanner.position, containsNUL: scanner.sawEscapedNUL)
        default:
            try scanner.skipValue(depth: 1)
            return FieldSlot(kind: .otherValue, start: start, end: scanner.position)
        }
    }

    // MARK: - From slots to a record

    private mutating func record(in scanner: JSONScanner, number: Int) throws(IngestError) -> InteractionRecord {
        let bytes = scanner.bytes
        let source = try requiredText(.source, bytes, number: number, allowInteger: false)
        let externalID = try requiredText(.externalID, bytes, number: number, allowInteger: true)
        let channel = try enumValue(.channel, bytes, number: number, matcher: channels, kind: .unknownChannel)
        let direction = try enumValue(.direction, bytes, number: number, matcher: directions, kind: .unknownDirection)
        let visibility =
            slots[InteractionField.visibility.rawValue].isAbsentOrNull
            ? channel.defaultVisibility
            : try enumValue(.visibility, bytes, number: number, matcher: visibilities, kind: .unknownVisibility)
        let occurredAt = try timestamp(bytes, number: number)
        let customer = try customerIdentifier(bytes, number: number)
        let threadID = try optionalText(.threadID, bytes, number: number, limit: options.maxShortFieldBytes, allowInteger: true)
        let inReplyTo = try optionalText(.inReplyTo, bytes, number: number, limit: options.maxShortFieldBytes, allowInteger: true)
        let account = try optionalText(.account, bytes, number: number, limit: options.maxShortFieldBytes, allowInteger: false)
        let body = try optionalText(.body, bytes, number: number, limit: options.maxBodyBytes, allowInteger: false)
        let attributes = try attributesText(bytes, number: number)
        return InteractionRecord(
            source: source, externalID: externalID, channel: channel, direction: direction, visibility: visibility,
            occurredAt: occurredAt, customer: .identifier(customer), threadID: threadID, inReplyTo: inReplyTo,
            account: account, body: body, attributesJSON: attributes, line: number
        )
    }

    private mutating func requiredText(
        _ field: InteractionField, _ bytes: UnsafeBufferPointer<UInt8>, number: Int, allowInteger: Bool
    ) throws(IngestError) -> String {
        guard let text = try optionalText(field, bytes, number: number, limit: options.maxShortFieldBytes, allowInteger: allowInteger) else {
            throw IngestError(kind: .missingField, line: number, field: field.key, detail: "required, missing or null")
        }
        guard !text.isEmpty else {
            throw IngestError(kind: .missingField, line: number, field: field.key, detail: "required, but empty")
        }
        return text
    }

    private mutating func optionalText(
        _ field: InteractionField, _ bytes: UnsafeBufferPointer<UInt8>, number: Int, limit: Int, allowInteger: Bool
    ) throws(IngestError) -> String? {
        let slot = slots[field.rawValue]
        switch slot.kind {
        case .absent, .null:
            return nil
        case .integer where allowInteger:
            guard slot.end - slot.start <= limit else { throw oversize(field, slot.end - slot.start, limit, number) }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[slot.start..<slot.end]), as: UTF8.self)
        case .string:
            if slot.containsNUL {
                throw IngestError(kind: .malformedRow, line: number, field: field.key, detail: "contains \\u0000, which cannot be stored")
            }
            guard slot.hasEscapes else {
                guard slot.end - slot.start <= limit else { throw oversize(field, slot.end - slot.start, limit, number) }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[slot.start..<slot.end]), as: UTF8.self)
            }
            decodeIntoScratch(slot, bytes)
            guard scratch.count <= limit else { throw oversize(field, scratch.count, limit, number) }
            return String(decoding: scratch, as: UTF8.self)
        default:
            let expected = allowInteger ? "a string or an integer" : "a string"
            throw IngestError(kind: .malformedRow, line: number, field: field.key, detail: "expected \(expected)")
        }
    }

    private func oversize(_ field: InteractionField, _ size: Int, _ limit: Int, _ number: Int) -> IngestError {
        IngestError(kind: .oversizeField, line: number, field: field.key, detail: "\(size) bytes, more than the limit of \(limit)")
    }

    private mutating func decodeIntoScratch(_ slot: FieldSlot, _ bytes: UnsafeBufferPointer<UInt8>) {
        scratch.removeAll(keepingCapacity: true)
        let token = JSONStringToken(start: slot.start, end: slot.end, hasEscapes: true, containsNUL: slot.containsNUL)
        JSONScanner(bytes: bytes, maxDepth: 0).decode(token, into: &scratch)
    }

    /// Runs `body` over a string field's content, decoded when it holds escapes.
    private mutating func withStringBytes<Value>(
        _ field: InteractionField, _ bytes: UnsafeBufferPointer<UInt8>, number: Int,
        _ body: (UnsafeBufferPointer<UInt8>) -> Value
    ) throws(IngestError) -> Value {
        let slot = slots[field.rawValue]
        switch slot.kind {
        case .absent, .null:
            throw IngestError(kind: .missingField, line: number, field: field.key, detail: "required, missing or null")
        case .string:
            guard slot.hasEscapes else { return body(UnsafeBufferPointer(rebasing: bytes[slot.start..<slot.end])) }
            decodeIntoScratch(slot, bytes)
            return scratch.withUnsafeBufferPointer(body)
        default:
            throw IngestError(kind: .malformedRow, line: number, field: field.key, detail: "expected a string")
        }
    }

    private mutating func enumValue<Value>(
        _ field: InteractionField, _ bytes: UnsafeBufferPointer<UInt8>, number: Int, matcher: EnumMatcher<Value>, kind: IngestError.Kind
    ) throws(IngestError) -> Value {
        let found = try withStringBytes(field, bytes, number: number) { content -> Result<Value, IngestError> in
            if let value = matcher.match(content) { return .success(value) }
            if content.isEmpty {
                return .failure(IngestError(kind: .missingField, line: number, field: field.key, detail: "required, but empty"))
            }
            let shown = String(decoding: content.prefix(40), as: UTF8.self)
            return .failure(IngestError(kind: kind, line: number, field: field.key, detail: "'\(shown)' is not one of \(matcher.expected)"))
        }
        return try found.get()
    }

    private mutating func timestamp(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) throws(IngestError) -> Date {
        let parsed = try withStringBytes(.occurredAt, bytes, number: number) { content -> Result<Date, IngestError> in
            if content.isEmpty {
                return .failure(IngestError(kind: .missingField, line: number, field: InteractionField.occurredAt.key, detail: "required, but empty"))
            }
            return TimestampParser.iso8601(content).mapError { failure in
                let shown = String(decoding: content.prefix(40), as: UTF8.self)
                return IngestError(kind: .badTimestamp, line: number, field: InteractionField.occurredAt.key, detail: "'\(shown)': \(failure.detail)")
            }
        }
        return try parsed.get()
    }

    private mutating func customerIdentifier(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) throws(IngestError) -> Identifier {
        let slot = slots[InteractionField.customer.rawValue]
        if slot.kind == .string, !slot.containsNUL {
            let parser = asciiIdentifiers
            if let identifier = try withStringBytes(.customer, bytes, number: number, { parser.parse($0) }) { return identifier }
        }
        let text = try requiredText(.customer, bytes, number: number, allowInteger: false)
        let identifier: Identifier
        do {
            identifier = try identifiers.parse(text)
        } catch {
            throw IngestError(kind: .malformedIdentifier, line: number, field: InteractionField.customer.key, detail: error.description)
        }
        guard identifier.kind != .profile else {
            throw IngestError(
                kind: .malformedIdentifier, line: number, field: InteractionField.customer.key,
                detail: "a profile: id cannot own an interaction; give the customer's identifier, like twitter:@jane or email:jane@example.com"
            )
        }
        return identifier
    }

    private func attributesText(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) throws(IngestError) -> String {
        let slot = slots[InteractionField.attributes.rawValue]
        let key = InteractionField.attributes.key
        switch slot.kind {
        case .absent, .null:
            return "{}"
        case .object:
            let size = slot.end - slot.start
            guard size <= options.maxAttributesBytes else { throw oversize(.attributes, size, options.maxAttributesBytes, number) }
            guard !slot.containsNUL else {
                throw IngestError(kind: .malformedRow, line: number, field: key, detail: "contains \\u0000, which PostgreSQL jsonb cannot store")
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[slot.start..<slot.end]), as: UTF8.self)
        default:
            throw IngestError(kind: .malformedRow, line: number, field: key, detail: "expected a JSON object")
        }
    }
}

/// Where one known key's value lies in the line, and what it is.
struct FieldSlot {
    enum Kind { case absent, string, integer, null, object, otherValue }
    var kind: Kind = .absent
    var start = 0
    var end = 0
    var hasEscapes = false
    var containsNUL = false

    var isAbsentOrNull: Bool { kind == .absent || kind == .null }

    func contains(_ offset: Int) -> Bool { kind != .absent && offset >= start && offset < end }
}
