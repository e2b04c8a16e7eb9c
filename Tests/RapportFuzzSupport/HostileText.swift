/// Text and bytes that have broken parsers, databases and web pages before: what the fuzz
/// targets splice into otherwise valid inputs.
public enum HostileText {
    /// SQL injection attempts (every value reaches SQL as a bind parameter, so these must be stored as text).
    public static let sql = [
        "'; DROP TABLE interactions; --", "' OR '1'='1", "\"; DELETE FROM customers WHERE ''='", "1); TRUNCATE identities CASCADE; --",
        "\\'; COPY profiles TO PROGRAM 'id'; --", "$$; SELECT pg_sleep(10); $$", "\\.", "E'\\x00'", "%s%s%n", "NULL",
    ]

    /// HTML and script injection attempts (the report must escape them; parsers must keep them as text).
    public static let html = [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg/onload=alert(1)>", "</textarea><!--",
        "javascript:alert(1)", "&lt;&#x3C;&amp;", "<a href=\"//evil.example\">", "{{7*7}}",
    ]

    /// Unicode that is valid but awkward: bidi overrides, zero-width and non-breaking spaces,
    /// combining marks, characters whose case mapping changes length, emoji sequences, noncharacters.
    public static let unicode = [
        "\u{202E}gnp.exe", "a\u{200B}b", "\u{00A0}", "e\u{0301}", "\u{0130}", "\u{212A}", "\u{FEFF}", "\u{FFFE}", "\u{2028}", "\u{0085}",
        "👩‍👩‍👧", "🇬🇧", "\u{1F600}", "ß", "ﬃ", "Σσς", "\u{10FFFF}", "\u{0000}", "\u{001F}", "\u{007F}", "\u{0080}", "İstanbul",
    ]

    /// Byte sequences that are not UTF-8: overlong forms, surrogates, lone continuation bytes,
    /// truncated multibyte sequences, code points past U+10FFFF, bytes that never occur.
    public static let invalidUTF8: [[UInt8]] = [
        [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF],  // overlong
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80],  // surrogates
        [0x80], [0xBF], [0x80, 0x80, 0x80],  // lone continuation bytes
        [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98],  // truncated
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],  // past U+10FFFF
        [0xFE], [0xFF], [0xFF, 0xFE],  // never valid (and a UTF-16 byte-order mark)
    ]

    /// Control bytes, NUL first.
    public static let controlBytes: [UInt8] = [0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x7F]

    /// The UTF-8 byte-order mark.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// One hostile piece of text (valid UTF-8).
    public static func text(_ random: inout FuzzRandom) -> String {
        switch random.int(in: 0..<3) {
        case 0: random.pick(sql)
        case 1: random.pick(html)
        default: random.pick(unicode)
        }
    }

    /// One hostile run of bytes: text, invalid UTF-8, control bytes or a byte-order mark.
    public static func bytes(_ random: inout FuzzRandom) -> [UInt8] {
        switch random.int(in: 0..<10) {
        case 0...3: Array(text(&random).utf8)
        case 4...6: random.pick(invalidUTF8)
        case 7, 8: [random.pick(controlBytes)]
        default: byteOrderMark
        }
    }
}
