/// Finds complaint themes in a batch of texts without labels, choosing their number itself, and
/// names each by its key phrases. Used for the first run, and by ``ThemeAssigner`` for the
/// complaints that no existing theme is close enough to.
public struct ThemeDiscovery: Sendable {
    /// The knobs of discovery. The defaults were chosen by reasoning about short messages and on
    /// a random half of banking77 (see docs/benchmarks.md), never on the labels inside discovery.
    public struct Options: Sendable, Hashable {
        /// Neighbours per complaint in the similarity graph. More neighbours join larger groups.
        public var neighbourCount: Int
        /// Cosine below which two complaints are not neighbours at all: under 0.2 two short
        /// complaints share at most one mid-weight term, which is no evidence of a common problem.
        public var edgeThreshold: Double
        /// Louvain (modularity) resolution for a batch of 10,000 complaints: higher gives more,
        /// finer themes. It is scaled with the batch size (`resolution × n / 10,000`, never below
        /// 1, plain modularity), so that the size of a theme, not the share of the batch it takes,
        /// decides where groups split: a small nightly batch is not shattered into singletons, a
        /// large one is not lumped. At 6, banking77's 10,003 messages give about two themes per
        /// labelled intent: finer, purer groups, which suits an operations lead better than
        /// merging distinct problems.
        public var resolution: Double
        /// Spherical k-means iterations after the graph step (it usually settles sooner).
        public var iterations: Int
        /// Cosine between two groups' centroids at or above which they are merged into one theme
        /// (see ``ThemeClustering``); above 1, nothing is merged. At 0.4 the demo's differently
        /// worded "no reply to my DM" complaints make one theme on every seed tried (12), where
        /// 0.5 still split one seed; on banking77, whose 77 intents are finer than an operational
        /// problem, it costs NMI (0.653 → 0.624, docs/benchmarks.md).
        public var mergeThreshold: Double
        /// Groups with fewer complaints than this are not themes.
        public var minimumThemeSize: Int
        /// Cosine to a theme's centroid at or above which a complaint from a dissolved group joins
        /// that theme; the same default as ``ThemeAssigner/Options/joinThreshold``.
        public var joinThreshold: Double
        /// How many key phrases make up a theme's name.
        public var maximumKeyPhrases: Int

        public init(
            neighbourCount: Int = 15, edgeThreshold: Double = 0.2, resolution: Double = 6, iterations: Int = 12,
            minimumThemeSize: Int = 3, joinThreshold: Double = 0.3, maximumKeyPhrases: Int = 3,
            mergeThreshold: Double = 0.4
        ) {
            self.mergeThreshold = mergeThreshold
            self.neighbourCount = neighbourCount
            self.edgeThreshold = edgeThreshold
            self.resolution = resolution
            self.iterations = iterations
            self.minimumThemeSize = minimumThemeSize
            self.joinThreshold = joinThreshold
            self.maximumKeyPhrases = maximumKeyPhrases
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Learns `texts` into `features.vocabulary`, then groups and names them.
    public func discover(_ texts: [String], features: inout ThemeFeatures) -> ThemeDiscoveryResult {
        let vectors = features.learnAndVectorise(texts)
        return discover(vectors: vectors, texts: texts, vocabulary: features.vocabulary)
    }

    /// Groups already-vectorised texts (`vectors[i]` is the vector of `texts[i]`) and names them.
    public func discover(vectors: [TermVector], texts: [String], vocabulary: ThemeVocabulary) -> ThemeDiscoveryResult {
        precondition(vectors.count == texts.count, "one vector per text")
        let clustering = ThemeClustering(options: options).run(vectors)
        var members = [[Int]](repeating: [], count: clustering.centroids.count)
        for (i, l) in clustering.labels.enumerated() where l >= 0 { members[l].append(i) }
        let naming = ThemeNaming(vocabulary: vocabulary, maximumKeyPhrases: options.maximumKeyPhrases)
        let themes = clustering.centroids.indices.map { g in
            let phrases = naming.keyPhrases(of: members[g].map { texts[$0] })
            return DiscoveredTheme(
                name: ThemeNaming.name(of: phrases), keyPhrases: phrases, centroid: clustering.centroids[g], members: members[g])
        }
        return ThemeDiscoveryResult(themes: themes, themeOfText: clustering.labels.map { $0 >= 0 ? $0 : nil })
    }
}

/// A theme found by ``ThemeDiscovery``, before the store gives it an id.
public struct DiscoveredTheme: Sendable, Hashable {
    /// Key phrases joined with " · ", e.g. "refund · not received".
    public var name: String
    /// The phrases of the name, most characteristic first.
    public var keyPhrases: [String]
    /// Normalised sum of the members' vectors.
    public var centroid: TermVector
    /// Indexes of the member texts in the batch.
    public var members: [Int]

    public var size: Int { members.count }

    /// The persistable ``Theme`` with the id the store chose, keeping at most
    /// `maximumCentroidTerms` of the heaviest centroid terms (renormalised).
    public func theme(id: Int64, vocabulary: ThemeVocabulary, taxonomyKey: String? = nil, maximumCentroidTerms: Int = 200) -> Theme {
        Theme(
            id: id, name: name, taxonomyKey: taxonomyKey,
            centroid: ThemeCentroid.persistable(centroid, vocabulary: vocabulary, maximumTerms: maximumCentroidTerms), size: size)
    }
}

/// What ``ThemeDiscovery`` found in a batch.
public struct ThemeDiscoveryResult: Sendable {
    /// The themes found; their indexes are local to this batch.
    public var themes: [DiscoveredTheme]
    /// For each text, the index of its theme in `themes`, or nil when it joined none (too
    /// isolated, or nothing left after normalisation).
    public var themeOfText: [Int?]
}
