/// A read-only set of lower-case ASCII words, looked up by their bytes without building a `String`.
///
/// The classifier tokenises each message once into a scratch buffer of lower-cased bytes and asks
/// this table for the word's index; an open-addressing table over an FNV-1a hash keeps that to one
/// hash and usually one byte comparison per word, with no allocation.
struct WordTable: Sendable {
    private let storage: [UInt8]
    private let starts: [Int32]
    private let lengths: [Int32]
    private let slots: [Int32]
    private let mask: Int

    /// The number of words in the table.
    var count: Int { starts.count }

    /// Builds the table; a word's index is its position in `words` (duplicates are a programmer error).
    init(words: [String]) {
        var storage: [UInt8] = []
        var starts: [Int32] = []
        var lengths: [Int32] = []
        for word in words {
            starts.append(Int32(storage.count))
            let bytes = Array(word.utf8)
            lengths.append(Int32(bytes.count))
            storage.append(contentsOf: bytes)
        }
        var capacity = 16
        while capacity < words.count * 4 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (index, word) in words.enumerated() {
            let bytes = Array(word.utf8)
            var slot = bytes.withUnsafeBufferPointer { Int(truncatingIfNeeded: WordTable.hash($0)) & mask }
            while slots[slot] >= 0 {
                precondition(words[Int(slots[slot])] != word, "duplicate lexicon word \(word)")
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(index)
        }
        self.storage = storage
        self.starts = starts
        self.lengths = lengths
        self.slots = slots
        self.mask = mask
    }

    static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One step of FNV-1a (64 bits), so that a scanner can hash a word while it reads it.
    @inline(__always) static func hash(_ h: UInt64, _ b: UInt8) -> UInt64 {
        (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
    }

    /// FNV-1a, 64 bits.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = hashSeed
        for b in bytes { h = hash(h, b) }
        return h
    }

    /// The index of `word` (lower-case bytes), or -1 when it is not in the table.
    func index(of word: UnsafeBufferPointer<UInt8>) -> Int32 {
        index(of: word, hash: WordTable.hash(word))
    }

    /// The index of `word` given its ``hash(_:)``, or -1 when it is not in the table.
    func index(of word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = slots[slot]
            if candidate < 0 { return -1 }
            let i = Int(candidate)
            if Int(lengths[i]) == word.count && matches(word, at: Int(starts[i])) { return candidate }
            slot = (slot + 1) & mask
        }
    }

    private func matches(_ word: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var k = 0
        while k < word.count {
            if storage[start + k] != word[k] { return false }
            k += 1
        }
        return true
    }
}
