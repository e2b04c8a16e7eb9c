import Foundation
import NIOCore
import PostgresNIO

/// A one-dimensional PostgreSQL array without nulls, decoded straight from the binary wire format.
///
/// The nightly job reads a chunk's messages as one row of arrays (``InsightChunks``) and its lookups
/// answer the same way: millions of elements a night. PostgresNIO's `[Element]` decoding is generic
/// over the element type across the module boundary, so each element costs a metadata lookup, a
/// buffer slice and a generic call; a profile of the 10M-row benchmark put about 7 % of the job's
/// Swift CPU there. This reads the elements with plain loads instead.
///
/// Decoding fails as PostgresNIO's would: on the text format, more than one dimension, a null
/// element, a truncated buffer, or an element type other than ``BinaryArrayElement/elementTypes``.
struct BinaryArray<Element: BinaryArrayElement>: PostgresDecodable {
    var elements: [Element]

    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard case .binary = format else { throw PostgresDecodingError.Code.failure }
        elements = try buffer.withUnsafeReadableBytes { bytes in try Self.decode(bytes) }
        buffer.moveReaderIndex(to: buffer.writerIndex)
    }

    /// The elements of a binary array value: a header (dimensions, a has-nulls flag, the element
    /// type, then length and lower bound per dimension) and each element as its length and bytes.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [Element] {
        var reader = BigEndianReader(bytes: bytes)
        let dimensions = try reader.int32()
        _ = try reader.int32()  // has nulls: checked per element below
        let elementType = PostgresDataType(UInt32(bitPattern: try reader.int32()))
        guard dimensions == 0 || dimensions == 1 else { throw PostgresDecodingError.Code.failure }
        guard dimensions == 1 else {
            guard reader.isAtEnd else { throw PostgresDecodingError.Code.failure }
            return []
        }
        guard Element.elementTypes.contains(elementType) else { throw PostgresDecodingError.Code.typeMismatch }
        let count = Int(try reader.int32())
        _ = try reader.int32()  // lower bound
        guard count >= 0, count <= bytes.count / 4 else { throw PostgresDecodingError.Code.failure }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count {
            let length = Int(try reader.int32())
            guard length >= 0 else { throw PostgresDecodingError.Code.failure }  // -1: a null element
            elements.append(try Element.decode(try reader.bytes(length)))
        }
        guard reader.isAtEnd else { throw PostgresDecodingError.Code.failure }
        return elements
    }
}

extension BinaryArray: Sendable where Element: Sendable {}

/// An element type ``BinaryArray`` reads from its binary form.
protocol BinaryArrayElement {
    /// The PostgreSQL types whose binary form ``decode(_:)`` reads.
    static var elementTypes: [PostgresDataType] { get }
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> Self
}

extension Int64: BinaryArrayElement {
    static var elementTypes: [PostgresDataType] { [.int8] }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> Int64 {
        guard bytes.count == 8 else { throw PostgresDecodingError.Code.failure }
        return Int64(bigEndian: bytes.loadUnaligned(as: Int64.self))
    }
}

extension Double: BinaryArrayElement {
    static var elementTypes: [PostgresDataType] { [.float8] }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> Double {
        guard bytes.count == 8 else { throw PostgresDecodingError.Code.failure }
        return Double(bitPattern: UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self)))
    }
}

extension String: BinaryArrayElement {
    static var elementTypes: [PostgresDataType] { [.text, .varchar] }

    /// The server sends text in the client encoding, UTF-8 (PostgresNIO's connection default).
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension Date: BinaryArrayElement {
    static var elementTypes: [PostgresDataType] { [.timestamptz, .timestamp] }

    /// Microseconds since 2000-01-01 00:00:00 UTC, as PostgresNIO decodes a single value.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> Date {
        guard bytes.count == 8 else { throw PostgresDecodingError.Code.failure }
        let microseconds = Int64(bigEndian: bytes.loadUnaligned(as: Int64.self))
        return Date(timeIntervalSinceReferenceDate: Double(microseconds) / 1_000_000 + postgresEpochOffset)
    }

    /// Seconds from 2001-01-01 (Foundation's reference date) back to 2000-01-01 (PostgreSQL's epoch).
    private static let postgresEpochOffset: TimeInterval = -31_622_400
}

/// Big-endian integers and byte runs from a buffer, with bounds checked.
private struct BigEndianReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func int32() throws -> Int32 {
        guard bytes.count - offset >= 4 else { throw PostgresDecodingError.Code.failure }
        defer { offset += 4 }
        return Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }

    mutating func bytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard bytes.count - offset >= count else { throw PostgresDecodingError.Code.failure }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }
}

/// A `text[]` query parameter written element by element straight into its binary form. A chunk's
/// batch row holds the joined cues of tens of thousands of messages; joining each message's cues
/// into a `String` of its own first cost more than the rest of the batch's encoding.
struct TextArrayParameter: PostgresNonThrowingEncodable, Sendable {
    static var psqlType: PostgresDataType { .textArray }
    static var psqlFormat: PostgresFormat { .binary }

    /// Elements appended so far.
    private(set) var count = 0
    /// Each element as its length (Int32, big-endian) and UTF-8 bytes.
    private var elements: ByteBuffer

    init(capacity: Int = 1024) {
        elements = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Appends one element: `parts` joined by `separator` (see ``forEachJoinedRun(_:separator:_:)``).
    mutating func append(joining parts: [String], separator: UInt8) {
        let lengthIndex = elements.writerIndex
        elements.writeInteger(Int32(0))
        let start = elements.writerIndex
        Self.forEachJoinedRun(parts, separator: separator) { elements.writeBytes($0) }
        elements.setInteger(Int32(elements.writerIndex - start), at: lengthIndex)
        count += 1
    }

    /// Calls `write` with the bytes of `parts` joined by `separator`, in runs, leaving out any
    /// `separator` or NUL byte inside a part (both are ASCII, so no multi-byte character loses a byte).
    static func forEachJoinedRun(_ parts: [String], separator: UInt8, _ write: (UnsafeRawBufferPointer) -> Void) {
        var separatorByte = separator
        for index in parts.indices {
            if index > parts.startIndex { withUnsafeBytes(of: &separatorByte) { write($0) } }
            var part = parts[index]
            part.withUTF8 { bytes in
                var run = 0
                for i in 0..<bytes.count where bytes[i] == separator || bytes[i] == 0 {
                    if run < i { write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[run..<i]))) }
                    run = i + 1
                }
                if run < bytes.count { write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[run...]))) }
            }
        }
    }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(Int32(count == 0 ? 0 : 1))  // dimensions
        buffer.writeInteger(Int32(0))  // no nulls
        buffer.writeInteger(PostgresDataType.text.rawValue)
        guard count > 0 else { return }
        buffer.writeInteger(Int32(count))
        buffer.writeInteger(Int32(1))  // lower bound
        var elements = elements
        buffer.writeBuffer(&elements)
    }
}
