import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The keys of Rapport's interaction JSONL format (see docs/formats.md).
enum InteractionField: Int, CaseIterable {
    case source, externalID, channel, direction, visibility, occurredAt, customer
    case threadID, inReplyTo, account, body, attributes

    /// The key as written in the JSONL.
    var key: String {
        switch self {
        case .source: "source"
        case .externalID: "external_id"
        case .channel: "channel"
        case .direction: "direction"
        case .visibility: "visibility"
        case .occurredAt: "occurred_at"
        case .customer: "customer"
        case .threadID: "thread_id"
        case .inReplyTo: "in_reply_to"
        case .account: "account"
        case .body: "body"
        case .attributes: "attributes"
        }
    }

    /// The field named by a key's bytes, compared without allocating; nil for keys Rapport ignores.
    static func named(_ key: UnsafeBufferPointer<UInt8>) -> InteractionField? {
        switch key.count {
        case 4: return key.equals("body") ? .body : nil
        case 6: return key.equals("source") ? .source : nil
        case 7: return key.equals("channel") ? .channel : key.equals("account") ? .account : nil
        case 8: return key.equals("customer") ? .customer : nil
        case 9: return key.equals("direction") ? .direction : key.equals("thread_id") ? .threadID : nil
        case 10: return key.equals("visibility") ? .visibility : key.equals("attributes") ? .attributes : nil
        case 11:
            if key.equals("external_id") { return .externalID }
            if key.equals("occurred_at") { return .occurredAt }
            return key.equals("in_reply_to") ? .inReplyTo : nil
        default: return nil
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Byte equality with an ASCII literal.
    @inline(__always) func equals(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        guard let base = baseAddress else { return count == 0 }
        return memcmp(base, literal.utf8Start, count) == 0
    }

    /// ASCII case-insensitive equality with lower-case `bytes`.
    @inline(__always) func equalsIgnoringCase(_ lowercase: [UInt8]) -> Bool {
        guard count == lowercase.count else { return false }
        for index in 0..<count {
            let byte = self[index]
            let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if folded != lowercase[index] { return false }
        }
        return true
    }
}

/// Matches the raw values of a string enum (channel, direction, visibility) against bytes,
/// ignoring ASCII case, without building a `String`.
struct EnumMatcher<Value: RawRepresentable & CaseIterable> where Value.RawValue == String {
    private let cases: [([UInt8], Value)]

    init() {
        cases = Value.allCases.map { (Array($0.rawValue.utf8), $0) }
    }

    func match(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        for (raw, value) in cases where bytes.equalsIgnoringCase(raw) { return value }
        return nil
    }

    /// The accepted values, for error messages.
    var expected: String { Value.allCases.map(\.rawValue).joined(separator: ", ") }
}
