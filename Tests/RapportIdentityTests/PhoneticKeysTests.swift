import Testing

@testable import RapportIdentity

/// Expected values were checked against PostgreSQL 15 (`fuzzystrmatch`, `pg_trgm`), since SQL
/// blocking and Swift blocking must agree.
@Suite("Phonetic and trigram keys")
struct PhoneticKeysTests {
    @Test("soundex follows PostgreSQL, including H and W separating codes")
    func soundexMatchesPostgres() {
        #expect(PhoneticKeys.soundex("Robert") == "R163")
        #expect(PhoneticKeys.soundex("rupert") == "R163")
        #expect(PhoneticKeys.soundex("Tymczak") == "T522")
        #expect(PhoneticKeys.soundex("Pfister") == "P236")
        // The textbook rule gives A261; PostgreSQL gives A226 because H separates S and C.
        #expect(PhoneticKeys.soundex("Ashcraft") == "A226")
        #expect(PhoneticKeys.soundex("  o'brien") == "O165")
        #expect(PhoneticKeys.soundex("Lee") == "L000")
    }

    @Test("soundex of text without letters is no key")
    func soundexWithoutLetters() {
        #expect(PhoneticKeys.soundex("123") == nil)
        #expect(PhoneticKeys.soundex("") == nil)
    }

    @Test("trigrams pad each word with two spaces in front and one behind")
    func trigramPadding() {
        let trigrams = PhoneticKeys.trigrams("ab")
        let expected = ["  a", " ab", "ab "].map { text -> UInt32 in
            let bytes = Array(text.utf8)
            return UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2])
        }
        #expect(trigrams == expected.sorted())
    }

    @Test("trigram similarity equals pg_trgm similarity()")
    func trigramSimilarityMatchesPostgres() {
        let similarity = PhoneticKeys.trigramSimilarity(PhoneticKeys.trigrams("jane doe"), PhoneticKeys.trigrams("janedoe"))
        #expect(abs(similarity - 6.0 / 11.0) < 1e-9)
        #expect(PhoneticKeys.trigramSimilarity(PhoneticKeys.trigrams("Jane DOE"), PhoneticKeys.trigrams("doe, jane")) == 1)
        #expect(PhoneticKeys.trigramSimilarity(PhoneticKeys.trigrams("jane"), PhoneticKeys.trigrams("")) == 0)
    }
}
