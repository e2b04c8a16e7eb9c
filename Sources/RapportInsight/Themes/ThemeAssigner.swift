/// Places a night's complaints into themes while keeping every existing theme's id:
/// 1. a complaint within `taxonomyThreshold` of one of a taxonomy theme's examples joins that named
///    theme (the existing one with its `taxonomyKey`, or a new one born from the taxonomy);
/// 2. otherwise it joins the existing theme whose centroid is closest, when the cosine is at least
///    `joinThreshold`;
/// 3. the rest are grouped by ``ThemeDiscovery``; the groups become new themes, and what no group
///    takes stays without a theme (pass it again as `backlog` on a later night).
///
/// Every complaint is compared with the centroids as they were when the run started; centroids and
/// sizes are updated once, at the end, so the result does not depend on the order of the batch.
/// Scoring goes through an inverted index over centroid terms (see ``CentroidIndex``).
public struct ThemeAssigner: Sendable {
    public struct Options: Sendable, Hashable {
        /// Cosine to a theme's centroid at or above which a complaint joins it. 0.3: below it a
        /// short complaint typically shares no more than one common word with the theme. On
        /// banking77 (discover on one half, assign the other) 0.2–0.4 all give NMI 0.66–0.67 on the
        /// held-out half; 0.3 had the best NMI, higher values mostly send complaints to new themes.
        public var joinThreshold: Double
        /// Cosine to a taxonomy example at or above which a complaint joins that named theme.
        /// Examples are single sentences, not averaged centroids, hence a stricter bar.
        public var taxonomyThreshold: Double
        /// Heaviest centroid terms kept per theme (keeps themes small to store and quick to score).
        public var maximumCentroidTerms: Int
        /// How leftovers are grouped into new themes.
        public var discovery: ThemeDiscovery.Options

        public init(
            joinThreshold: Double = 0.3, taxonomyThreshold: Double = 0.5, maximumCentroidTerms: Int = 200,
            discovery: ThemeDiscovery.Options = ThemeDiscovery.Options()
        ) {
            self.joinThreshold = joinThreshold
            self.taxonomyThreshold = taxonomyThreshold
            self.maximumCentroidTerms = maximumCentroidTerms
            self.discovery = discovery
        }
    }

    public var themes: [Theme]
    public var taxonomy: ThemeTaxonomy?
    public var options: Options

    /// - Parameters:
    ///   - themes: every live theme as persisted (id, name, taxonomy key, centroid, size).
    ///   - taxonomy: the company's known flaws, if any.
    public init(themes: [Theme], taxonomy: ThemeTaxonomy? = nil, options: Options = Options()) {
        self.themes = themes
        self.taxonomy = taxonomy
        self.options = options
    }

    /// Learns `complaints` into `features.vocabulary`, then places them and the `backlog`
    /// (complaints of earlier nights left without a theme: already learnt, so not counted again).
    /// Placements are in the order `complaints + backlog`.
    public func assign(_ complaints: [String], backlog: [String] = [], features: inout ThemeFeatures) -> ThemeAssignment {
        var vectors = features.learnAndVectorise(complaints)
        vectors.append(contentsOf: backlog.map(features.vector(for:)))
        let texts = complaints + backlog
        let n = texts.count
        var placements = [ThemePlacement?](repeating: nil, count: n)

        // 1. Taxonomy examples.
        var born: [NewTheme] = []
        var bornIndexOfKey: [String: Int] = [:]
        var existingIndexOfKey: [String: Int] = [:]
        for (i, t) in themes.enumerated() { if let key = t.taxonomyKey { existingIndexOfKey[key] = i } }
        var placed = [Bool](repeating: false, count: n)
        var joined = [[Int]](repeating: [], count: themes.count)
        if let taxonomy, !taxonomy.themes.isEmpty {
            var exampleFeatures = features
            exampleFeatures.minimumDocumentFrequency = 1
            var exampleIndex = CentroidIndex()
            var entryOfExample: [Int] = []
            for (e, entry) in taxonomy.themes.enumerated() {
                for example in entry.examples {
                    let v = exampleFeatures.vector(for: example)
                    guard !v.isEmpty else { continue }
                    exampleIndex.append(v)
                    entryOfExample.append(e)
                }
            }
            var scratch = ScoreScratch()
            for i in 0..<n {
                guard let best = exampleIndex.closest(to: vectors[i], scratch: &scratch),
                    Double(best.cosine) >= options.taxonomyThreshold
                else { continue }
                let entry = taxonomy.themes[entryOfExample[best.theme]]
                if let existing = existingIndexOfKey[entry.key] {
                    placements[i] = .existing(id: themes[existing].id)
                    joined[existing].append(i)
                } else {
                    let index = bornIndexOfKey[entry.key] ?? {
                        born.append(NewTheme(name: entry.name, keyPhrases: [], taxonomyKey: entry.key, centroid: [:], size: 0, members: []))
                        bornIndexOfKey[entry.key] = born.count - 1
                        return born.count - 1
                    }()
                    born[index].members.append(i)
                    placements[i] = .new(index: index)
                }
                placed[i] = true
            }
        }

        // 2. Existing themes.
        let centroids = themes.map { ThemeCentroid.vector($0.centroid) }
        let index = CentroidIndex(centroids: centroids)
        var scratch = ScoreScratch()
        var leftovers: [Int] = []
        for i in 0..<n where !placed[i] {
            if let best = index.closest(to: vectors[i], scratch: &scratch), Double(best.cosine) >= options.joinThreshold {
                placements[i] = .existing(id: themes[best.theme].id)
                joined[best.theme].append(i)
            } else if !vectors[i].isEmpty {
                leftovers.append(i)
            }
        }

        // 3. Leftovers: discover new themes among them.
        if !leftovers.isEmpty {
            let found = ThemeDiscovery(options: options.discovery).discover(
                vectors: leftovers.map { vectors[$0] }, texts: leftovers.map { texts[$0] }, vocabulary: features.vocabulary)
            for theme in found.themes {
                let members = theme.members.map { leftovers[$0] }
                for m in members { placements[m] = .new(index: born.count) }
                born.append(NewTheme(name: theme.name, keyPhrases: theme.keyPhrases, taxonomyKey: nil, centroid: [:], size: 0, members: members))
            }
        }

        // Centroids and sizes, once, at the end.
        let vocabulary = features.vocabulary
        let maximumTerms = options.maximumCentroidTerms
        var updated = themes
        for (t, members) in joined.enumerated() where !members.isEmpty {
            var sum: [UInt64: Float] = [:]
            let weight = Float(themes[t].size)
            for (term, w) in zip(centroids[t].terms, centroids[t].weights) { sum[term] = w * weight }
            for m in members { for (term, w) in zip(vectors[m].terms, vectors[m].weights) { sum[term, default: 0] += w } }
            var merged = ThemeCentroid.persistable(TermVector(dictionary: sum), vocabulary: vocabulary, maximumTerms: maximumTerms)
            // Terms the vocabulary has pruned keep their text from the old centroid.
            if merged.isEmpty { merged = themes[t].centroid }
            updated[t].centroid = merged
            updated[t].size += members.count
        }
        for b in born.indices {
            let centroid = TermVector.centroid(of: born[b].members.map { vectors[$0] })
            born[b].centroid = ThemeCentroid.persistable(centroid, vocabulary: vocabulary, maximumTerms: maximumTerms)
            born[b].size = born[b].members.count
        }
        let joinedCount = joined.reduce(0) { $0 + $1.count }
        return ThemeAssignment(
            placements: placements, themes: updated, newThemes: born,
            changedThemeIDs: joined.indices.filter { !joined[$0].isEmpty }.map { themes[$0].id }, joinedExisting: joinedCount)
    }
}

/// Where one complaint went.
public enum ThemePlacement: Sendable, Hashable {
    /// Into the existing theme with this id.
    case existing(id: Int64)
    /// Into `ThemeAssignment.newThemes[index]`; the store gives it an id when it saves it.
    case new(index: Int)
}

/// A theme born in this run, before the store gives it an id.
public struct NewTheme: Sendable, Hashable {
    /// Key phrases joined with " · ", or the taxonomy's name.
    public var name: String
    public var keyPhrases: [String]
    /// Set when the theme comes from the taxonomy.
    public var taxonomyKey: String?
    /// L2-normalised term → weight, as ``Theme/centroid``.
    public var centroid: [String: Double]
    public var size: Int
    /// Indexes of its complaints in the batch (`complaints + backlog`).
    public var members: [Int]

    /// The persistable theme, once the store has chosen `id`.
    public func theme(id: Int64) -> Theme {
        Theme(id: id, name: name, taxonomyKey: taxonomyKey, centroid: centroid, size: size)
    }
}

/// The outcome of ``ThemeAssigner/assign(_:backlog:features:)``.
public struct ThemeAssignment: Sendable {
    /// One per complaint (`complaints + backlog`); nil when it joined no theme.
    public var placements: [ThemePlacement?]
    /// All themes passed in, with centroids and sizes updated; ids unchanged.
    public var themes: [Theme]
    /// Themes born in this run.
    public var newThemes: [NewTheme]
    /// Ids of the existing themes that gained complaints (the ones to write back).
    public var changedThemeIDs: [Int64]
    /// How many complaints joined an existing theme.
    public var joinedExisting: Int
}
