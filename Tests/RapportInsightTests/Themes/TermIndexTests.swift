import Foundation
import Testing
@testable import RapportInsight

@Suite struct TermIndexTests {
    /// Against `Dictionary` as the reference: random keys (with repeats, and keys that share their
    /// top bits so they probe past each other), across several growths.
    @Test func numbersKeysDenselyAndFindsEveryOne() {
        var generator = SystemRandomNumberGenerator()
        var index = TermIndex()
        var reference: [UInt64: Int] = [:]
        var keys: [UInt64] = []
        for i in 0..<20_000 {
            let key: UInt64 =
                switch i % 3 {
                case 0: generator.next()
                case 1: UInt64(i)  // small keys: same top bits after the multiply for neighbours
                default: keys.randomElement(using: &generator) ?? 0  // a repeat
                }
            let (number, inserted) = index.insert(key)
            if let known = reference[key] {
                #expect(!inserted)
                #expect(number == known)
            } else {
                #expect(inserted)
                #expect(number == reference.count)
                reference[key] = number
                keys.append(key)
            }
        }
        #expect(index.count == reference.count)
        #expect(index.keys == keys)
        for (key, number) in reference { #expect(index.find(key) == number) }
        var misses = 0
        for _ in 0..<1_000 {
            let key: UInt64 = generator.next() | 1 << 63
            if reference[key] == nil, index.find(key) != nil { misses += 1 }
        }
        #expect(index.find(0) == reference[0])
        #expect(misses == 0)
    }

    @Test func emptyIndexFindsNothing() {
        let index = TermIndex(minimumCapacity: 100)
        #expect(index.count == 0)
        #expect(index.find(42) == nil)
        #expect(index.find(0) == nil)
    }

    @Test func vocabularyCountsDocumentsNotOccurrences() {
        var features = ThemeFeatures()
        _ = features.learnAndVectorise(["refund refund refund not received", "refund late", "charged twice"])
        let vocabulary = features.vocabulary
        #expect(vocabulary.documentCount == 3)
        #expect(vocabulary.documentFrequency(of: "refund") == 2)
        #expect(vocabulary.documentFrequency(of: "refund refund") == 1)
        #expect(vocabulary.documentFrequency(of: "nonsens") == 0)
        _ = features.learnAndVectorise(["no refund yet"])
        #expect(features.vocabulary.documentFrequency(of: "refund") == 3)
        #expect(features.vocabulary.documentCount == 4)
    }

    @Test func pruningKeepsFrequentTermsAndTheirWeights() throws {
        var features = ThemeFeatures()
        let texts = ["refund not received", "refund still not received", "app crashes on login", "refund missing"]
        _ = features.learnAndVectorise(texts)
        var pruned = features.vocabulary
        pruned.prune(minimumDocumentFrequency: 2)
        #expect(pruned.documentCount == features.vocabulary.documentCount)
        #expect(pruned.documentFrequency(of: "refund") == 3)
        #expect(pruned.documentFrequency(of: "crash") == 0)
        #expect(pruned.termCount < features.vocabulary.termCount)
        // Vectors use only terms seen twice or more, so pruning at 2 changes none of them.
        let prunedFeatures = ThemeFeatures(vocabulary: pruned)
        for text in texts { #expect(prunedFeatures.vector(for: text) == features.vector(for: text)) }
        // Equality ignores the order terms were learnt in.
        let decoded = try JSONDecoder().decode(ThemeVocabulary.self, from: JSONEncoder().encode(pruned))
        #expect(decoded == pruned)
        #expect(decoded != features.vocabulary)
    }
}
