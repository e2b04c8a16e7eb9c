import Testing

@testable import RapportIdentity

@Suite("String similarity")
struct StringSimilarityTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("Jaro–Winkler matches the published examples (Winkler 1990)")
    func jaroWinklerMatchesPublishedValues() {
        #expect(abs(StringSimilarity.jaro(bytes("MARTHA"), bytes("MARHTA")) - 0.944) < 0.001)
        #expect(abs(StringSimilarity.jaroWinkler(bytes("MARTHA"), bytes("MARHTA")) - 0.961) < 0.001)
        #expect(abs(StringSimilarity.jaroWinkler(bytes("DWAYNE"), bytes("DUANE")) - 0.840) < 0.001)
        #expect(abs(StringSimilarity.jaroWinkler(bytes("DIXON"), bytes("DICKSONX")) - 0.813) < 0.001)
    }

    @Test("Jaro–Winkler is 1 for equal strings, 0 with nothing in common, and symmetric")
    func jaroWinklerBounds() {
        #expect(StringSimilarity.jaroWinkler(bytes("jane"), bytes("jane")) == 1)
        #expect(StringSimilarity.jaroWinkler(bytes("abc"), bytes("xyz")) == 0)
        #expect(StringSimilarity.jaroWinkler(bytes(""), bytes("jane")) == 0)
        let forward = StringSimilarity.jaroWinkler(bytes("catherine"), bytes("kathryn"))
        let backward = StringSimilarity.jaroWinkler(bytes("kathryn"), bytes("catherine"))
        #expect(abs(forward - backward) < 1e-12)
    }

    @Test("Levenshtein counts inserts, deletes and substitutions")
    func levenshteinDistances() {
        #expect(StringSimilarity.levenshtein(bytes("kitten"), bytes("sitting")) == 3)
        #expect(StringSimilarity.levenshtein(bytes(""), bytes("abc")) == 3)
        #expect(StringSimilarity.levenshtein(bytes("flaw"), bytes("lawn")) == 2)
        #expect(StringSimilarity.levenshtein(bytes("same"), bytes("same")) == 0)
    }

    @Test("an adjacent transposition is one edit, not two")
    func transpositionCountsOnce() {
        #expect(StringSimilarity.levenshtein(bytes("19560409"), bytes("19650409")) == 2)
        #expect(StringSimilarity.transpositionDistance(bytes("19560409"), bytes("19650409")) == 1)
        #expect(StringSimilarity.transpositionDistance(bytes("ca"), bytes("abc")) == 3)
    }

    @Test("a distance limit stops early and reports limit + 1")
    func distanceLimit() {
        #expect(StringSimilarity.levenshtein(bytes("kitten"), bytes("sitting"), limit: 1) == 2)
        #expect(StringSimilarity.transpositionDistance(bytes("1234567"), bytes("7654321"), limit: 2) == 3)
        #expect(StringSimilarity.transpositionDistance(bytes("ab"), bytes("abcdef"), limit: 2) == 3)
        #expect(StringSimilarity.levenshtein(bytes("kitten"), bytes("sitten"), limit: 1) == 1)
    }

    @Test("Jaccard similarity of sorted sets")
    func jaccardOfSortedSets() {
        #expect(StringSimilarity.jaccard([1, 2, 3], [2, 3, 4]) == 0.5)
        #expect(StringSimilarity.jaccard([1], [2]) == 0)
        #expect(StringSimilarity.jaccard([5, 9], [5, 9]) == 1)
    }
}
