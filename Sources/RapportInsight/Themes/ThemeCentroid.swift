/// Conversions between the persisted centroid of a ``Theme`` (term text → weight) and the
/// hashed ``TermVector`` that scoring works on.
enum ThemeCentroid {
    /// The heaviest `maximumTerms` terms of `centroid`, renormalised, keyed by their text.
    static func persistable(_ centroid: TermVector, vocabulary: ThemeVocabulary, maximumTerms: Int) -> [String: Double] {
        var pairs = zip(centroid.terms, centroid.weights).compactMap { t, w in vocabulary.text(of: t).map { ($0, Double(w)) } }
        if pairs.count > maximumTerms {
            pairs.sort { $0.1 > $1.1 }
            pairs.removeLast(pairs.count - maximumTerms)
        }
        let norm = pairs.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
        guard norm > 0 else { return [:] }
        return Dictionary(uniqueKeysWithValues: pairs.map { ($0.0, $0.1 / norm) })
    }

    /// The hashed vector of a persisted centroid (renormalised, in case it was edited).
    static func vector(_ centroid: [String: Double]) -> TermVector {
        var sum: [UInt64: Float] = [:]
        for (text, w) in centroid { sum[TermHash.hash(text), default: 0] += Float(w) }
        var v = TermVector(dictionary: sum)
        v.normalise()
        return v
    }
}
