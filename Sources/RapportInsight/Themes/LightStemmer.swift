/// A deliberately light English stemmer for short complaints: it folds the inflections that split
/// one complaint into several terms (plurals, -ed, -ing, -ly, final -e) and nothing more, so that
/// stems stay recognisable in theme names after mapping back to a surface word.
enum LightStemmer {
    /// Stems the lower-case ASCII word in `w[0..<count]` in place and returns the new length.
    static func stem(_ w: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Int {
        var n = count
        guard n >= 3 else { return n }
        // Only stem plain ASCII words.
        for k in 0..<n where w[k] >= 0x80 { return n }
        func ends(_ s: StaticString) -> Bool {
            let m = s.utf8CodeUnitCount
            guard n >= m else { return false }
            let p = s.utf8Start
            for k in 0..<m where w[n - m + k] != p[k] { return false }
            return true
        }
        let y: UInt8 = 0x79, s: UInt8 = 0x73, e: UInt8 = 0x65
        // Plurals.
        if n > 4, ends("ies") {
            n -= 2; w[n - 1] = y
        } else if ends("sses") {
            n -= 2
        } else if w[n - 1] == s, !ends("ss"), !ends("us"), !ends("is"), !ends("ous") {
            n -= 1
        }
        guard n > 3 else { return n }
        // Verb and adverb endings.
        var strippedSuffix = false
        if n > 4, ends("ied") {
            n -= 2; w[n - 1] = y
        } else if n > 5, ends("ing") {
            n -= 3; strippedSuffix = true
        } else if n > 4, ends("ed"), !ends("eed") {
            n -= 2; strippedSuffix = true
        } else if n > 5, ends("ly") {
            n -= 2
        }
        if strippedSuffix, n > 2, w[n - 1] == w[n - 2], isDoublable(w[n - 1]) {
            n -= 1
        }
        if n > 3, w[n - 1] == e, w[n - 2] != e {
            n -= 1
        }
        return n
    }

    /// Consonants whose doubling before -ed/-ing is spelling, not stem ("logged", "topped").
    private static func isDoublable(_ c: UInt8) -> Bool {
        switch c {
        case 0x62, 0x64, 0x67, 0x6D, 0x6E, 0x70, 0x72, 0x74: return true  // b d g m n p r t
        default: return false
        }
    }
}
