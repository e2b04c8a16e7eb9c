/// String similarity measures used by the field comparators, computed on UTF-8 bytes.
///
/// Linkage compares millions of short strings (names, streets, dates), so these work on byte
/// arrays and use stack scratch space instead of allocating per call. Names are case-folded and
/// stripped of diacritics before they get here (see ``PreparedRecord``), so bytes are a faithful
/// stand-in for characters in practice.
public enum StringSimilarity {
    /// The Jaro similarity in 0...1 (1 for identical strings, 0 when nothing matches).
    public static func jaro(_ a: [UInt8], _ b: [UInt8]) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        if a.isEmpty || b.isEmpty { return 0 }
        if a == b { return 1 }
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                withUnsafeTemporaryAllocation(of: Bool.self, capacity: a.count + b.count) { flags in
                    jaro(a, b, flags: flags)
                }
            }
        }
    }

    private static func jaro(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, flags: UnsafeMutableBufferPointer<Bool>) -> Double {
        flags.initialize(repeating: false)
        let window = max(0, max(a.count, b.count) / 2 - 1)
        let bFlags = a.count
        var matches = 0
        for i in 0..<a.count {
            let low = max(0, i - window)
            let high = min(b.count - 1, i + window)
            guard low <= high else { continue }
            let character = a[i]
            for j in low...high where !flags[bFlags + j] && character == b[j] {
                flags[i] = true
                flags[bFlags + j] = true
                matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var halfTranspositions = 0
        var k = 0
        for i in 0..<a.count where flags[i] {
            while !flags[bFlags + k] { k += 1 }
            if a[i] != b[k] { halfTranspositions += 1 }
            k += 1
        }
        let m = Double(matches)
        let t = Double(halfTranspositions / 2)
        return (m / Double(a.count) + m / Double(b.count) + (m - t) / m) / 3
    }

    /// The Jaro–Winkler similarity: Jaro boosted by up to four common leading characters
    /// (prefix scale 0.1), the usual measure for names with typos.
    public static func jaroWinkler(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let similarity = jaro(a, b)
        var prefix = 0
        while prefix < 4, prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        return similarity + Double(prefix) * 0.1 * (1 - similarity)
    }

    /// The Levenshtein distance (insertions, deletions, substitutions), or `limit + 1` as soon as
    /// the distance is known to exceed `limit`.
    public static func levenshtein(_ a: [UInt8], _ b: [UInt8], limit: Int = .max) -> Int {
        editDistance(a, b, limit: limit, transpositions: false)
    }

    /// The optimal-string-alignment distance: Levenshtein plus adjacent transpositions counted as one
    /// edit (`1234` → `1324` is one edit), or `limit + 1` once it exceeds `limit`.
    public static func transpositionDistance(_ a: [UInt8], _ b: [UInt8], limit: Int = .max) -> Int {
        editDistance(a, b, limit: limit, transpositions: true)
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int, transpositions: Bool) -> Int {
        if abs(a.count - b.count) > limit { return limit == .max ? limit : limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
            // rows: [previous-previous | previous | current], each `width` long.
            for j in 0..<width { rows[width + j] = j }
            for i in 1...a.count {
                let current = 2 * width
                let previous = width
                rows[current] = i
                var rowMinimum = i
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var best = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                    if transpositions, i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        best = min(best, rows[j - 2] + 1)
                    }
                    rows[current + j] = best
                    rowMinimum = min(rowMinimum, best)
                }
                if limit != .max, rowMinimum > limit { return limit + 1 }
                for j in 0..<width {
                    rows[j] = rows[previous + j]
                    rows[previous + j] = rows[current + j]
                }
            }
            let distance = rows[width + b.count]
            return limit != .max && distance > limit ? limit + 1 : distance
        }
    }

    /// Jaccard similarity of two sorted, duplicate-free arrays (token or trigram sets).
    public static func jaccard<T: Comparable>(_ a: [T], _ b: [T]) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        let shared = sortedIntersectionCount(a, b)
        return Double(shared) / Double(a.count + b.count - shared)
    }

    /// How many elements two sorted, duplicate-free arrays share.
    static func sortedIntersectionCount<T: Comparable>(_ a: [T], _ b: [T]) -> Int {
        var i = 0
        var j = 0
        var shared = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return shared
    }
}
