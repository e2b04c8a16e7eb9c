import Foundation

/// Names a theme by the phrases that characterise its complaints: terms (stem bigrams and stems)
/// that many members use and that are much more frequent among them than in all complaints,
/// scored as `p(t|theme) × ln(p(t|theme) / p(t))` (the term's contribution to the KL divergence),
/// and shown with the members' most common surface words ("not received", not `not receiv`).
struct ThemeNaming: Sendable {
    var vocabulary: ThemeVocabulary
    var maximumKeyPhrases: Int
    /// A phrase must appear in at least this share of the members.
    var minimumCoverage = 0.15

    static func name(of phrases: [String]) -> String {
        phrases.isEmpty ? "(unnamed)" : phrases.joined(separator: " · ")
    }

    func keyPhrases(of texts: [String]) -> [String] {
        guard !texts.isEmpty else { return [] }
        var documentFrequency: [String: Int] = [:]
        var surfaces: [String: [String: Int]] = [:]
        var seen = Set<String>()
        for text in texts {
            seen.removeAll(keepingCapacity: true)
            let stems = ComplaintText.stemsWithSurfaces(of: text)
            for (k, s) in stems.enumerated() {
                surfaces[s.stem, default: [:]][s.surface, default: 0] += 1
                seen.insert(s.stem)
                if k > 0 { seen.insert(stems[k - 1].stem + " " + s.stem) }
            }
            for term in seen { documentFrequency[term, default: 0] += 1 }
        }
        let size = Double(texts.count)
        let total = Double(max(vocabulary.documentCount, texts.count))
        var scored: [(term: String, score: Double)] = []
        // "not" alone, or ending a bigram ("refund not"), names nothing; "not received" does.
        for (term, df) in documentFrequency where term != "not" && !term.hasSuffix(" not") {
            let coverage = Double(df) / size
            guard coverage >= minimumCoverage, df >= 2 || texts.count == 1 else { continue }
            let background = Double(max(vocabulary.documentFrequency(of: term), df)) / total
            scored.append((term, coverage * log(coverage / background)))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.term < $1.term }
        // Greedy, most characteristic first: a term already covered by a chosen phrase is
        // skipped; a bigram takes the place of the chosen unigrams it contains.
        var chosen: [[Substring]] = []
        for (term, _) in scored {
            let words = term.split(separator: " ")
            if chosen.contains(where: { c in words.allSatisfy(c.contains) }) { continue }
            if words.count == 2, let first = chosen.firstIndex(where: { $0.count == 1 && words.contains($0[0]) }) {
                chosen[first] = words
                chosen.removeAll { $0.count == 1 && words.contains($0[0]) }
            } else if chosen.count < maximumKeyPhrases {
                chosen.append(words)
            }
        }
        let deduplicated = chosen.map { $0.joined(separator: " ") }
        return deduplicated.map { term in
            term.split(separator: " ").map { stem in
                surfaces[String(stem)]?.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? String(stem)
            }.joined(separator: " ")
        }
    }
}
