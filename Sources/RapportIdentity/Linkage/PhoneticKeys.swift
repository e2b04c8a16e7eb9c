/// Blocking keys that PostgreSQL computes too, implemented byte for byte like the extensions so the
/// Swift blocking and the SQL blocking produce the same candidate pairs.
public enum PhoneticKeys {
    /// `soundex(text)` exactly as PostgreSQL's `fuzzystrmatch` computes it: leading non-letters
    /// skipped, the first letter kept upper-cased, then up to three digits, a digit dropped when the
    /// previous character has the same code (`H` and `W` separate codes like vowels, unlike
    /// the textbook rule). `nil` when the text has no letter (PostgreSQL returns the empty string).
    public static func soundex(_ text: some StringProtocol) -> String? {
        soundex(Array(text.utf8))
    }

    static func soundex(_ bytes: [UInt8]) -> String? {
        var index = 0
        while index < bytes.count, !isASCIILetter(bytes[index]) { index += 1 }
        guard index < bytes.count else { return nil }
        var output: [UInt8] = [upper(bytes[index])]
        index += 1
        while index < bytes.count, output.count < 4 {
            let byte = bytes[index]
            if isASCIILetter(byte), code(byte) != code(bytes[index - 1]) {
                let digit = code(byte)
                if digit != UInt8(ascii: "0") { output.append(digit) }
            }
            index += 1
        }
        while output.count < 4 { output.append(UInt8(ascii: "0")) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The trigram set of `text` as `pg_trgm` builds it: lower-cased words of letters and digits,
    /// each padded with two spaces in front and one behind, every three-character window kept once.
    /// Each trigram is packed into the low 24 bits of a `UInt32`; the result is sorted.
    public static func trigrams(_ text: some StringProtocol) -> [UInt32] {
        trigrams(Array(text.utf8))
    }

    static func trigrams(_ bytes: [UInt8]) -> [UInt32] {
        var result: [UInt32] = []
        var index = 0
        while index < bytes.count {
            while index < bytes.count, !isASCIIAlphanumeric(bytes[index]) { index += 1 }
            let start = index
            while index < bytes.count, isASCIIAlphanumeric(bytes[index]) { index += 1 }
            guard index > start else { continue }
            let space = UInt8(ascii: " ")
            var window: (UInt8, UInt8) = (space, space)
            for position in start...index {
                let byte = position < index ? lower(bytes[position]) : space
                result.append(UInt32(window.0) << 16 | UInt32(window.1) << 8 | UInt32(byte))
                window = (window.1, byte)
            }
        }
        result.sort()
        var unique: [UInt32] = []
        unique.reserveCapacity(result.count)
        for trigram in result where unique.last != trigram { unique.append(trigram) }
        return unique
    }

    /// `similarity(a, b)` of `pg_trgm`: shared trigrams over the union of both sets.
    public static func trigramSimilarity(_ a: [UInt32], _ b: [UInt32]) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        return StringSimilarity.jaccard(a, b)
    }

    private static let soundexCodes: [UInt8] = Array("01230120022455012623010202".utf8)

    private static func code(_ byte: UInt8) -> UInt8 {
        let upperByte = upper(byte)
        guard upperByte >= UInt8(ascii: "A"), upperByte <= UInt8(ascii: "Z") else { return byte }
        return soundexCodes[Int(upperByte - UInt8(ascii: "A"))]
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    static func isASCIIDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || isASCIIDigit(byte)
    }

    private static func upper(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
