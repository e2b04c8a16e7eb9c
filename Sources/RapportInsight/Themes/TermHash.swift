/// A theme term's identity: the 64-bit FNV-1a hash of its text ("refund" or, for a bigram,
/// "refund receiv" with one space). Working on hashes keeps the hot path free of `String`s; the
/// hash of a persisted centroid key is recomputed from its text, so nothing but text is stored.
enum TermHash {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, from state: UInt64 = offsetBasis) -> UInt64 {
        var h = state
        for b in bytes {
            h ^= UInt64(b)
            h &*= prime
        }
        return h
    }

    /// The hash of the bigram "first second", from the first term's hash and the second's bytes.
    @inline(__always)
    static func bigram(_ first: UInt64, _ second: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = first ^ 0x20
        h &*= prime
        return hash(second, from: h)
    }

    static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { hash($0) }
    }
}
