/// Normalises a short customer message into the stems that theme features are made of.
///
/// The rules, applied on UTF-8 bytes without regular expressions:
/// - ASCII is lower-cased; Latin-1 letters (é, ü, ...) stay part of a word; every other non-ASCII
///   character (emoji, symbols, other scripts) separates words. `’` counts as an apostrophe.
/// - URLs (`http…`, `www.…`) and `@mentions` are dropped whole; `#` is dropped, the hashtag's word kept.
/// - A word containing a digit (amounts, dates, order numbers, "1st") is dropped.
/// - Negations become the word `not` ("haven't", "didnt", "never", "no" → `not`), because "not received"
///   is the heart of many complaints; other clitics ('s, 'm, 've, 'll, 'd, 're) are cut off.
/// - Stop words ("the", "my", …) and customer-service filler ("hi", "please", "thanks", …) go.
/// - A light stemmer folds plurals and -ed/-ing/-ly/-e endings: "refunds" → `refund`,
///   "charged"/"charge" → `charg`, "received"/"receive" → `receiv`, "logged" → `log`.
/// - A few synonyms of one customer-service concept fold to one stem (``ThemeConcepts``):
///   "answered"/"response" → `reply`, "unanswered"/"silence"/"ignored" → `not reply`,
///   "inbox"/"DMed" → `dm`. The theme name shows the concept's stem for them.
public enum ComplaintText {
    /// The stems of `text`, in order, after normalisation (for inspection, naming and tests).
    public static func stems(of text: String) -> [String] {
        var out: [String] = []
        forEachStem(of: text) { stem, _ in out.append(String(decoding: stem, as: UTF8.self)) }
        return out
    }

    /// The stems of `text` with the surface word each came from, e.g. (`receiv`, "received").
    public static func stemsWithSurfaces(of text: String) -> [(stem: String, surface: String)] {
        var out: [(stem: String, surface: String)] = []
        forEachStem(of: text) { stem, surface in
            out.append((String(decoding: stem, as: UTF8.self), String(decoding: surface, as: UTF8.self)))
        }
        return out
    }

    /// Calls `body` with each stem and the surface word it came from (both lower-cased bytes).
    /// The buffers are only valid during the call.
    static func forEachStem(
        of text: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var text = text
        text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * maxWordLength) { scratch in
                scan(bytes, scratch: scratch, body)
            }
        }
    }

    static let maxWordLength = 40

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x27
    }

    private static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void
    ) {
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            // Mentions: skip '@' and the handle that follows.
            if b == 0x40 {
                i += 1
                while i < n, isWordByte(bytes[i]) || bytes[i] == 0x5F || bytes[i] == 0x2E { i += 1 }
                continue
            }
            // URLs: skip to the next whitespace.
            if (b == 0x68 || b == 0x48 || b == 0x77 || b == 0x57), startsURL(bytes, at: i) {
                while i < n, bytes[i] > 0x20 { i += 1 }
                continue
            }
            // A word: ASCII letters/digits/apostrophes, Latin-1 letters, and ’ as apostrophe.
            var len = 0
            var hasDigit = false
            var overflow = false
            while i < n {
                let c = bytes[i]
                if c < 0x80 {
                    guard isWordByte(c) else { break }
                    if c >= 0x30 && c <= 0x39 { hasDigit = true }
                    if len < maxWordLength { scratch[len] = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c; len += 1 } else { overflow = true }
                    i += 1
                } else if c == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0x99 {
                    if len < maxWordLength { scratch[len] = 0x27; len += 1 } else { overflow = true }
                    i += 3
                } else if c == 0xC3, i + 1 < n {
                    let d = bytes[i + 1]
                    // À-Þ upper → lower by +0x20 in the second byte (× and ÷ are not letters).
                    if d == 0x97 || d == 0xB7 { break }
                    if len + 1 < maxWordLength {
                        scratch[len] = 0xC3
                        scratch[len + 1] = (d >= 0x80 && d <= 0x9E) ? d + 0x20 : d
                        len += 2
                    } else { overflow = true }
                    i += 2
                } else {
                    break
                }
            }
            if len == 0 {
                i += 1
                if b >= 0x80 { while i < n, bytes[i] & 0xC0 == 0x80 { i += 1 } }
                continue
            }
            if hasDigit || overflow { continue }
            emitWord(UnsafeMutableBufferPointer(rebasing: scratch[0..<len]), scratch: scratch, body)
        }
    }

    private static func startsURL(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        func matches(_ pattern: StaticString) -> Bool {
            let p = pattern.utf8Start
            let m = pattern.utf8CodeUnitCount
            guard i + m <= bytes.count else { return false }
            for k in 0..<m where (bytes[i + k] | 0x20) != p[k] { return false }
            return true
        }
        return matches("http://") || matches("https://") || matches("www.")
    }

    /// Splits clitics, turns negations into `not`, drops stop words, stems what is left.
    private static func emitWord(
        _ word: UnsafeMutableBufferPointer<UInt8>, scratch: UnsafeMutableBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var len = word.count
        // Trim leading/trailing apostrophes (quotes).
        var start = 0
        while start < len, word[start] == 0x27 { start += 1 }
        while len > start, word[len - 1] == 0x27 { len -= 1 }
        guard len > start else { return }
        var negated = false
        if let apostrophe = (start..<len).first(where: { word[$0] == 0x27 }) {
            let suffixIsT = apostrophe + 2 == len && word[apostrophe + 1] == 0x74
            if suffixIsT, apostrophe > start, word[apostrophe - 1] == 0x6E {
                negated = true
            }
            len = apostrophe
        } else if StopWords.isNegation(UnsafeBufferPointer(rebasing: word[start..<len])) {
            negated = true
            len = start
        }
        if len > start {
            let surface = UnsafeBufferPointer(rebasing: word[start..<len])
            if !StopWords.contains(surface) && !negated {
                // Stem into the second half of scratch so the surface stays readable.
                let stemArea = UnsafeMutableBufferPointer(rebasing: scratch[maxWordLength..<(2 * maxWordLength)])
                for k in 0..<surface.count { stemArea[k] = surface[k] }
                let stemLength = LightStemmer.stem(stemArea, count: surface.count)
                let stem = UnsafeBufferPointer(rebasing: stemArea[0..<stemLength])
                if let fold = ThemeConcepts.fold(stem) {
                    if fold.negates { notWord.withUnsafeBufferPointer { body($0, $0) } }
                    fold.stem.withUnsafeBufferPointer { stem in fold.surface.withUnsafeBufferPointer { body(stem, $0) } }
                } else if stemLength > 1 {
                    body(stem, surface)
                }
            }
        }
        if negated { notWord.withUnsafeBufferPointer { body($0, $0) } }
    }

    private static let notWord: [UInt8] = Array("not".utf8)
}
