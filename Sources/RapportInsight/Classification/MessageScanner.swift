/// One unit of a scanned message: a word, a number, punctuation that matters, or an emoji.
struct MessageToken {
    enum Kind: UInt8 {
        /// A word; `value` is its lexicon index, or -1 when the lexicon does not know it.
        case word
        /// Anything with a digit: order numbers, amounts, versions, times.
        case number
        /// A run of `?` (possibly mixed with `!`); `count` is the run's length.
        case question
        /// A run of `!`; `count` is the run's length.
        case exclamation
        /// End of a sentence: `.`, `;`, `…`, a line break.
        case stop
        /// End of a clause: `,`, `:`, a dash.
        case comma
        /// An emoji with a cue; `value` is its Unicode scalar.
        case emoji
        /// An ASCII emoticon; `value` is its ``EmojiCue/Emoticon`` raw value.
        case emoticon
    }

    struct Flags: OptionSet {
        let rawValue: UInt8
        /// Written in capitals (three letters or more): shouting.
        static let allCaps = Flags(rawValue: 1 << 0)
        static let hashtag = Flags(rawValue: 1 << 1)
        /// Ends in "ing": a continuous verb after "keeps".
        static let ing = Flags(rawValue: 1 << 2)
        /// Part of a matched cue phrase: not scored on its own.
        static let consumed = Flags(rawValue: 1 << 3)
        /// The same emoji repeated right after itself.
        static let repeated = Flags(rawValue: 1 << 4)
        /// `?` and `!` in the same run ("?!").
        static let mixed = Flags(rawValue: 1 << 5)
    }

    var kind: Kind
    var flags: Flags
    var count: UInt16
    var value: Int32
    /// Byte range in the message, for showing the surface text in cues.
    var start: Int32
    var end: Int32
    /// FNV-1a hash of a word's lower-cased letters (and apostrophes), for ``ComplaintWordModel``; 0 for other tokens.
    var hash: UInt64 = 0
    /// The same hash of the word's first ``MessageScanner/stemLength`` letters followed by `~`, when
    /// the word is longer than that ("charg~" for "charging"); 0 otherwise.
    var stem: UInt64 = 0

    var isBoundary: Bool { kind == .stop || kind == .question || kind == .exclamation || kind == .comma }
    var endsSentence: Bool { kind == .stop || kind == .question || kind == .exclamation }
}

/// Where the scanner writes tokens: a caller-provided buffer and how much of it is filled.
struct TokenSink {
    let tokens: UnsafeMutableBufferPointer<MessageToken>
    var count = 0

    mutating func emit(
        _ kind: MessageToken.Kind, _ value: Int32, _ from: Int, _ to: Int, _ flags: MessageToken.Flags = [], count n: UInt16 = 1,
        hash: UInt64 = 0, stem: UInt64 = 0
    ) {
        tokens[count] = MessageToken(
            kind: kind, flags: flags, count: n, value: value, start: Int32(from), end: Int32(to), hash: hash, stem: stem)
        count += 1
    }

    /// True when the last token already ends a sentence (or there is none yet).
    var afterSentenceEnd: Bool { count == 0 || tokens[count - 1].endsSentence }
    /// True when the last token is already a boundary (or there is none yet).
    var afterBoundary: Bool { count == 0 || tokens[count - 1].isBoundary }
}

/// Splits a message's UTF-8 bytes into ``MessageToken``s in one pass, without allocating.
///
/// Mentions (`@name`), URLs and HTML entities are skipped; `#hashtags` keep their word; `’` is an
/// apostrophe; letters repeated three times or more ("soooo") are folded when the word is not
/// known as typed; emoji and ASCII emoticons become tokens when they carry a cue.
struct MessageScanner {
    let lexicon: ClassifierLexicon
    static let maxWordLength = 32
    /// How many letters a word's stem keeps (``MessageToken/stem``).
    static let stemLength = 5

    /// Scans `bytes` into `sink` (capacity at least `bytes.count + 1` tokens); `scratch` holds at
    /// least `2 * maxWordLength` bytes.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, into sink: inout TokenSink, scratch: UnsafeMutableBufferPointer<UInt8>) {
        var i = 0
        let end = bytes.count
        while i < end {
            let b = bytes[i]
            if isLetter(b) || isDigit(b) {
                i = scanWord(bytes, from: i, hashtag: false, scratch: scratch, into: &sink)
                continue
            }
            switch b {
            case 0x0A, 0x0D:  // a line break ends a sentence
                if !sink.afterSentenceEnd { sink.emit(.stop, 0, i, i + 1) }
                i += 1
            case 0x40:  // @mention
                i += 1
                while i < end && (isLetter(bytes[i]) || isDigit(bytes[i]) || bytes[i] == 0x5F) { i += 1 }
            case 0x23:  // #hashtag
                if i + 1 < end && isLetter(bytes[i + 1]) {
                    i = scanWord(bytes, from: i + 1, hashtag: true, scratch: scratch, into: &sink)
                } else {
                    i += 1
                }
            case 0x26:  // &amp; &lt;3 &gt; &quot;
                if hasPrefix(bytes, i, "&lt;3") {
                    sink.emit(.emoticon, Int32(EmojiCue.Emoticon.heart.rawValue), i, i + 5)
                    i += 5
                } else {
                    var j = i + 1
                    while j < end && j < i + 7 && isLetter(bytes[j]) { j += 1 }
                    i = (j < end && bytes[j] == 0x3B) ? j + 1 : i + 1
                }
            case 0x3F, 0x21:  // ? !
                var j = i
                var questions = 0
                while j < end && (bytes[j] == 0x3F || bytes[j] == 0x21) {
                    if bytes[j] == 0x3F { questions += 1 }
                    j += 1
                }
                let run = UInt16(min(j - i, 100))
                let flags: MessageToken.Flags = questions > 0 && questions < j - i ? [.mixed] : []
                sink.emit(questions > 0 ? .question : .exclamation, 0, i, j, flags, count: run)
                i = j
            case 0x2E, 0x3B:  // . ;
                if !sink.afterSentenceEnd { sink.emit(.stop, 0, i, i + 1) }
                i += 1
            case 0x3A, 0x3D:  // : =  (an emoticon or a clause break)
                if let (emoticon, length) = emoticon(bytes, at: i) {
                    sink.emit(.emoticon, Int32(emoticon.rawValue), i, i + length)
                    i += length
                } else {
                    if b == 0x3A && !sink.afterBoundary { sink.emit(.comma, 0, i, i + 1) }
                    i += 1
                }
            case 0x2C:  // ,
                if !sink.afterBoundary { sink.emit(.comma, 0, i, i + 1) }
                i += 1
            case 0x2D:  // -_-  or a dash after a space
                if hasPrefix(bytes, i, "-_-") {
                    sink.emit(.emoticon, Int32(EmojiCue.Emoticon.annoyed.rawValue), i, i + 3)
                    i += 3
                } else {
                    if i > 0 && bytes[i - 1] == 0x20 && !sink.afterBoundary { sink.emit(.comma, 0, i, i + 1) }
                    i += 1
                }
            default:
                i = b >= 0xC0 ? scanScalar(bytes, at: i, into: &sink) : i + 1
            }
        }
    }

    private func scanScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, into sink: inout TokenSink) -> Int {
        let (scalar, length) = decodeScalar(bytes, at: i)
        let next = i + length
        switch scalar {
        case 0x2026:  // …
            if !sink.afterSentenceEnd { sink.emit(.stop, 0, i, next) }
        case 0x2013, 0x2014:  // – —
            if !sink.afterBoundary { sink.emit(.comma, 0, i, next) }
        default:
            guard EmojiCue.forScalar(scalar) != nil else { break }
            if sink.count > 0 && sink.tokens[sink.count - 1].kind == .emoji && sink.tokens[sink.count - 1].value == Int32(scalar) {
                sink.tokens[sink.count - 1].flags.insert(.repeated)
            } else {
                sink.emit(.emoji, Int32(scalar), i, next)
            }
        }
        return next
    }

    /// Reads a word starting at `start`, looks it up and emits it; returns the index after it.
    private func scanWord(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, hashtag: Bool, scratch: UnsafeMutableBufferPointer<UInt8>,
        into sink: inout TokenSink
    ) -> Int {
        let end = bytes.count
        // URLs are skipped whole.
        let first = bytes[start] | 0x20
        if (first == 0x68 && (hasPrefix(bytes, start, "http://") || hasPrefix(bytes, start, "https://")))
            || (first == 0x77 && hasPrefix(bytes, start, "www."))
        {
            var j = start
            while j < end && bytes[j] > 0x20 { j += 1 }
            return j
        }
        var j = start
        var length = 0
        var digits = false
        var upper = 0
        var letters = 0
        var elongated = false
        var hash = WordTable.hashSeed
        var hashed = 0
        var stemState: UInt64 = 0
        while j < end {
            if hashed == Self.stemLength && stemState == 0 { stemState = hash }
            let c = bytes[j]
            if isLetter(c) {
                letters += 1
                if c < 0x61 { upper += 1 }
                let lower = c | 0x20
                if length >= 2 && length <= Self.maxWordLength && scratch[length - 1] == lower && scratch[length - 2] == lower {
                    elongated = true
                }
                if length < Self.maxWordLength { scratch[length] = lower }
                hash = WordTable.hash(hash, lower)
                hashed += 1
                length += 1
                j += 1
            } else if isDigit(c) {
                digits = true
                if length < Self.maxWordLength { scratch[length] = c }
                length += 1
                j += 1
            } else if c == 0x27 && j + 1 < end && isLetter(bytes[j + 1]) {
                if length < Self.maxWordLength { scratch[length] = 0x27 }
                hash = WordTable.hash(hash, 0x27)
                hashed += 1
                length += 1
                j += 1
            } else if c == 0x2E && digits && j + 1 < end && isDigit(bytes[j + 1]) {
                length += 1  // a dot inside a number ("11.1")
                j += 1
            } else if c == 0xE2 && j + 3 < end && bytes[j + 1] == 0x80 && bytes[j + 2] == 0x99 && isLetter(bytes[j + 3]) {
                if length < Self.maxWordLength { scratch[length] = 0x27 }  // ’ inside a word
                hash = WordTable.hash(hash, 0x27)
                hashed += 1
                length += 1
                j += 3
            } else {
                break
            }
        }
        var flags: MessageToken.Flags = hashtag ? [.hashtag] : []
        if digits {
            sink.emit(.number, -1, start, j, flags)
            return j
        }
        if letters >= 3 && upper == letters { flags.insert(.allCaps) }
        if length >= 4 && length <= Self.maxWordLength && scratch[length - 3] == 0x69 && scratch[length - 2] == 0x6E
            && scratch[length - 1] == 0x67
        {
            flags.insert(.ing)
        }
        var index: Int32 = -1
        if length <= Self.maxWordLength {
            index = lexicon.table.index(of: UnsafeBufferPointer(rebasing: scratch[0..<length]), hash: hash)
            if index < 0 && elongated {
                index = lookUpFolded(scratch, length: length, keep: 1)
                if index < 0 { index = lookUpFolded(scratch, length: length, keep: 2) }
            }
        }
        let stem = hashed > Self.stemLength ? WordTable.hash(stemState, 0x7E) : 0
        sink.emit(.word, index, start, j, flags, hash: hash, stem: stem)
        return j
    }

    /// Looks a word up with runs of three or more equal letters cut to `keep` letters.
    private func lookUpFolded(_ scratch: UnsafeMutableBufferPointer<UInt8>, length: Int, keep: Int) -> Int32 {
        let folded = UnsafeMutableBufferPointer(rebasing: scratch[Self.maxWordLength..<(2 * Self.maxWordLength)])
        var m = 0
        var k = 0
        while k < length {
            var run = 1
            while k + run < length && scratch[k + run] == scratch[k] { run += 1 }
            let copies = run >= 3 ? keep : run
            for _ in 0..<copies {
                folded[m] = scratch[k]
                m += 1
            }
            k += run
        }
        return lexicon.table.index(of: UnsafeBufferPointer(rebasing: folded[0..<m]))
    }

    private func emoticon(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (EmojiCue.Emoticon, Int)? {
        // Only at the start of a token: "re:Dave" is not an emoticon.
        if i > 0 && (isLetter(bytes[i - 1]) || isDigit(bytes[i - 1])) { return nil }
        var j = i + 1
        if j < bytes.count && (bytes[j] == 0x2D || bytes[j] == 0x27) { j += 1 }  // :-)  :'(
        guard j < bytes.count else { return nil }
        let after = j + 1 < bytes.count ? bytes[j + 1] : 0x20
        let wink = bytes[i] == 0x3B
        switch bytes[j] {
        case 0x29, 0x5D: return (wink ? .wink : .smile, j + 1 - i)
        case 0x28, 0x5B: return (.frown, j + 1 - i)
        case 0x44: return isLetter(after) ? nil : (.laugh, j + 1 - i)
        case 0x2F, 0x5C: return after == 0x2F ? nil : (.skeptical, j + 1 - i)
        case 0x7C: return (.annoyed, j + 1 - i)
        default: return nil
        }
    }
}

@inline(__always) private func isLetter(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) }
@inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

private func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ prefix: StaticString) -> Bool {
    let count = prefix.utf8CodeUnitCount
    guard i + count <= bytes.count else { return false }
    let p = prefix.utf8Start
    for k in 0..<count where (bytes[i + k] | (isLetter(bytes[i + k]) ? 0x20 : 0)) != p[k] { return false }
    return true
}

/// Decodes the UTF-8 scalar at `i` (invalid bytes decode as one byte of U+FFFD).
private func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
    let b0 = UInt32(bytes[i])
    let length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2
    guard i + length <= bytes.count else { return (0xFFFD, 1) }
    var value = b0 & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
    for k in 1..<length {
        let c = bytes[i + k]
        guard c & 0xC0 == 0x80 else { return (0xFFFD, 1) }
        value = (value << 6) | UInt32(c & 0x3F)
    }
    return (value, length)
}
