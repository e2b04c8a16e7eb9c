import Foundation
import Logging
import PostgresNIO
import RapportInsight

/// Classifies inbound interactions and places their complaints into themes, in chunks:
///
/// 1. a chunk of candidates (inbound, with a body, no insight yet) is read by id, one window of
///    ``InsightOptions/chunkSize`` interactions at a time;
/// 2. it is classified in Swift (``InteractionClassifier``, spread over the cores), and its complaints
///    go through ``ThemeAssigner`` with the stored themes and vocabulary (the first run discovers the
///    themes); new themes get their ids from the store's sequence;
/// 3. one transaction writes the chunk: new themes, updated centroids and sizes, the complaints'
///    insight rows (COPY straight into `interaction_insights`), the other messages' insights as one
///    `insight_batches` row of arrays (schema/007_insight_batches.sql), and the vocabulary.
///
/// The three steps overlap: while chunk *k* is classified, chunk *k + 1* is read and chunk *k − 1*
/// written, on other connections, so PostgreSQL and Swift work at the same time. Chunk *k − 1*'s rows
/// may go in while chunk *k − 2* is still being written, but commits stay in chunk order
/// (``ChunkWrite/apply(to:after:)``).
///
/// Re-running adds nothing: only interactions without an insight (in either table) are read. One run
/// at a time holds an advisory lock, so no interaction is classified twice and themes never count a
/// complaint twice. Complaints of earlier runs still without a theme (the backlog) are offered to
/// the themes again with the first chunk, so a theme can be born once enough of them gather.
///
/// Uses up to four pooled connections (the lock, a read, two writes).
public struct InsightClassification: Sendable {
    public let database: Database
    public var options: InsightOptions
    /// The company's named flaws (see docs/taxonomy.md), if any.
    public var taxonomy: ThemeTaxonomy?

    public init(database: Database, options: InsightOptions = InsightOptions(), taxonomy: ThemeTaxonomy? = nil) {
        self.database = database
        self.options = options
        self.taxonomy = taxonomy
    }

    /// Classifies the interactions in `scope` and themes their complaints (and the backlog, the
    /// complaints left without a theme since `now` − ``InsightOptions/backlogDays``). `progress` is
    /// called after each chunk is written, with the totals so far.
    public func run(
        _ scope: ClassificationScope, now: Date = Date(), progress: (@Sendable (ClassificationSummary) -> Void)? = nil
    ) async throws -> ClassificationSummary {
        try await run(scope, now: now, collecting: nil, progress: progress).summary
    }

    /// What a run did, and the complaints it placed in a theme that occurred in the period it was
    /// asked to collect (so the nightly report need not read them back).
    struct Outcome: Sendable {
        var summary: ClassificationSummary
        var collected: [KnownComplaint]
        /// When the run started, on the database's clock: insights classified before it are older.
        var startedAt: Date
    }

    /// - Parameters:
    ///   - begun: called once the run holds the insight lock, with its start on the database's clock
    ///     (everything classified before it is an earlier run's).
    ///   - written: called with each chunk's collected complaints once the chunk is committed, in
    ///     chunk order.
    func run(
        _ scope: ClassificationScope, now: Date, collecting period: FlawPeriod?, progress: (@Sendable (ClassificationSummary) -> Void)?,
        begun: (@Sendable (Date) async -> Void)? = nil, written: (@Sendable ([KnownComplaint]) async -> Void)? = nil
    ) async throws -> Outcome {
        let started = ContinuousClock.now
        let logger = database.logger
        var outcome = try await database.client.withConnection { lock in
            try await lock.query("SELECT pg_advisory_lock(\(InsightLock.key))", logger: logger)
            do {
                let outcome = try await runLocked(scope, now: now, collecting: period, progress: progress, begun: begun, written: written)
                try await lock.query("SELECT pg_advisory_unlock(\(InsightLock.key))", logger: logger)
                return outcome
            } catch {
                _ = try? await lock.query("SELECT pg_advisory_unlock(\(InsightLock.key))", logger: logger)
                throw error
            }
        }
        outcome.summary.seconds = (ContinuousClock.now - started).seconds
        return outcome
    }

    /// The state carried from chunk to chunk: the themes as stored and the features' vocabulary.
    struct ThemeState: Sendable {
        var themes: [Theme]
        var features: ThemeFeatures
        /// Complaints learnt into the vocabulary since it was last written.
        var unsavedComplaints = 0
    }

    /// The vocabulary is written with a chunk once this many complaints were learnt since it was last
    /// written, and at the end of the run (writing it with every chunk costs more than it is worth:
    /// a crash loses only document counts, never a theme or an insight).
    static let vocabularySaveInterval = 250_000

    private func runLocked(
        _ scope: ClassificationScope, now: Date, collecting period: FlawPeriod?, progress: (@Sendable (ClassificationSummary) -> Void)?,
        begun: (@Sendable (Date) async -> Void)?, written collectedWritten: (@Sendable ([KnownComplaint]) async -> Void)?
    ) async throws -> Outcome {
        let logger = database.logger
        var (state, startedAt) = try await database.client.withConnection { connection in
            var startedAt = Date()
            for try await time in try await connection.query("SELECT now()", logger: logger).decode(Date.self) { startedAt = time }
            let state = ThemeState(
                themes: try await ThemeCatalog.load(on: connection, logger: logger),
                features: ThemeFeatures(vocabulary: try await ThemeCatalog.loadVocabulary(on: connection, logger: logger))
            )
            return (state, startedAt)
        }
        await begun?(startedAt)
        var candidates: CandidateQuery
        var frontier: Int64?
        switch scope {
        case .new:
            let (previous, upper) = try await database.client.withConnection { connection in
                try await Self.frontierBounds(on: connection, logger: logger)
            }
            frontier = upper
            candidates = CandidateQuery(after: previous, upTo: upper, since: nil, limit: options.chunkSize)
        case .since(let since):
            candidates = CandidateQuery(after: 0, upTo: nil, since: since, limit: options.chunkSize)
        }

        var summary = ClassificationSummary()
        var collected: [KnownComplaint] = []
        var backlog = try await ThemeBacklog.load(
            since: now.addingTimeInterval(-options.backlogDays * 86_400), limit: options.backlogLimit, database: database)
        var chunk = try await candidates.fetch(from: database)
        var pending: ChunkWrite?
        var pendingCollected = 0..<0
        var next = candidates.following(chunk)
        // The write started in the previous round, and which collected complaints it holds.
        var writing: (task: Task<ChunkWrite.Outcome, Error>, collected: Range<Int>)?
        var started: Task<ChunkWrite.Outcome, Error>?
        do {
            while chunk.count > 0 || next != nil || !backlog.isEmpty || pending != nil || writing != nil {
                // Read the next chunk and start writing the previous one while this one is classified.
                // That write may overlap the one started a round before (it commits after it, see
                // ``ChunkWrite/apply(to:after:)``), which this round then waits for. (A window whose
                // interactions all have insights gives an empty chunk; the walk goes on.)
                let upcoming = next
                async let fetched = CandidateQuery.fetch(upcoming, from: database)
                let earlier = writing
                started = nil
                if let toWrite = pending {
                    let before = earlier?.task
                    started = Task { try await toWrite.apply(to: database, after: before) }
                }
                let startedCollected = pendingCollected
                pending = nil
                var job: ChunkWrite?
                let collectedBefore = collected.count
                if chunk.count > 0 || !backlog.isEmpty {
                    job = try await prepare(
                        chunk, backlog: backlog, state: &state, summary: &summary, collecting: period, into: &collected)
                    backlog = .empty
                }
                if let earlier {
                    let outcome = try await earlier.task.value
                    summary.classified += outcome.inserted
                    progress?(summary)
                    if let collectedWritten, !earlier.collected.isEmpty { await collectedWritten(Array(collected[earlier.collected])) }
                }
                writing = started.map { ($0, startedCollected) }
                started = nil
                pending = job
                pendingCollected = collectedBefore..<collected.count
                chunk = try await fetched
                if let query = next {
                    candidates = query
                    next = candidates.following(chunk)
                }
            }
        } catch {
            // No write may outlive the run (it holds the insight lock): let those in flight end first.
            _ = try? await started?.value
            _ = try? await writing?.task.value
            throw error
        }
        if state.unsavedComplaints > 0 {
            let vocabulary = state.features.vocabulary
            try await database.client.withConnection { connection in
                try await ThemeCatalog.saveVocabulary(vocabulary, on: connection, logger: logger)
            }
        }
        if let frontier {
            try await database.client.query(
                """
                INSERT INTO insight_progress (singleton, classified_through) VALUES (true, \(frontier))
                ON CONFLICT (singleton) DO UPDATE
                SET classified_through = greatest(insight_progress.classified_through, EXCLUDED.classified_through), updated_at = now()
                """,
                logger: logger
            )
        }
        return Outcome(summary: summary, collected: collected, startedAt: startedAt)
    }

    /// The frontier so far, and the highest interaction id once every insert in flight has committed:
    /// a SHARE lock waits for them (inserts hold ROW EXCLUSIVE until commit and draw their ids under
    /// it), so no interaction at or below the new frontier can appear later.
    static func frontierBounds(on connection: PostgresConnection, logger: Logger) async throws -> (previous: Int64, upper: Int64) {
        var previous: Int64 = 0
        for try await value in try await connection.query("SELECT classified_through FROM insight_progress", logger: logger)
            .decode(Int64.self)
        {
            previous = value
        }
        let upper: Int64 = try await connection.inTransaction(logger: logger) { connection in
            try await connection.query("LOCK TABLE interactions IN SHARE MODE", logger: logger)
            var upper: Int64 = 0
            for try await value in try await connection.query("SELECT coalesce(max(id), 0)::int8 FROM interactions", logger: logger)
                .decode(Int64.self)
            {
                upper = value
            }
            return upper
        }
        return (previous, max(previous, upper))
    }

    /// Classifies and themes one chunk (with the backlog on the first) and returns what to write.
    private func prepare(
        _ chunk: CandidateChunk, backlog: ThemeBacklog, state: inout ThemeState, summary: inout ClassificationSummary,
        collecting period: FlawPeriod?, into collected: inout [KnownComplaint]
    ) async throws -> ChunkWrite {
        let clock = ContinuousClock()
        let started = clock.now
        let classifications = await ParallelClassifier.classify(chunk.bodies, parallelism: options.parallelism)
        let classified = clock.now
        var rows: [InsightRow] = []
        rows.reserveCapacity(chunk.count)
        var complaintRows: [Int] = []
        var complaintTexts: [String] = []
        for i in 0..<chunk.count {
            let classification = classifications[i]
            let isComplaint = classification.kind == .complaint
            if isComplaint {
                complaintRows.append(i)
                complaintTexts.append(chunk.bodies[i])
                summary.earliestChange = min(summary.earliestChange ?? chunk.occurredAt[i], chunk.occurredAt[i])
            }
            summary.kinds[classification.kind.rawValue, default: 0] += 1
            rows.append(
                InsightRow(
                    interactionID: chunk.ids[i], occurredAt: chunk.occurredAt[i], identityID: chunk.identityIDs[i],
                    channel: chunk.channels[i], visibility: chunk.visibilities[i], classification: classification, themeID: nil,
                    themed: isComplaint
                )
            )
        }
        summary.considered += chunk.count
        var write = ChunkWrite(rows: rows)
        guard !complaintTexts.isEmpty || !backlog.isEmpty else { return write }

        let assignment = ThemeAssigner(themes: state.themes, taxonomy: taxonomy, options: options.assigner)
            .assign(complaintTexts, backlog: backlog.texts, features: &state.features)
        database.logger.debug(
            "insight chunk",
            metadata: [
                "messages": "\(chunk.count)", "complaints": "\(complaintTexts.count)", "backlog": "\(backlog.ids.count)",
                "classify_s": "\((classified - started).seconds)", "themes_s": "\((clock.now - classified).seconds)",
                "themes": "\(state.themes.count)", "born": "\(assignment.newThemes.count)",
            ])
        if state.features.vocabulary.termCount > options.vocabularyPruneThreshold {
            state.features.vocabulary.prune(minimumDocumentFrequency: 2)
        }
        let ids = try await ThemeCatalog.allocateIDs(assignment.newThemes.count, database: database)
        let born = zip(assignment.newThemes, ids).map { $0.theme(id: $1) }
        let changed = Set(assignment.changedThemeIDs)
        write.newThemes = born
        write.changedThemes = assignment.themes.filter { changed.contains($0.id) }
        state.unsavedComplaints += complaintTexts.count
        if state.unsavedComplaints >= Self.vocabularySaveInterval {
            write.vocabulary = state.features.vocabulary
            state.unsavedComplaints = 0
        }
        state.themes = assignment.themes + born

        let placed: [Int64?] = assignment.placements.map { placement in
            switch placement {
            case .existing(let id): id
            case .new(let index): born[index].id
            case nil: nil
            }
        }
        for (k, row) in complaintRows.enumerated() { write.rows[row].themeID = placed[k] }
        let themed = placed.prefix(complaintRows.count).reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        write.backlog = backlog.placements(placed[complaintRows.count...])
        summary.themed += themed + write.backlog.ids.count
        summary.unthemed += complaintTexts.count - themed
        summary.backlogThemed += write.backlog.ids.count
        summary.newThemes += born.count
        if let earliest = write.backlog.earliest { summary.earliestChange = min(summary.earliestChange ?? earliest, earliest) }
        if let period {
            for (k, row) in complaintRows.enumerated() {
                guard let theme = placed[k], period.contains(chunk.occurredAt[row]) else { continue }
                collected.append(
                    KnownComplaint(
                        interactionID: chunk.ids[row], identityID: chunk.identityIDs[row], themeID: theme, channel: chunk.channels[row],
                        visibility: chunk.visibilities[row], occurredAt: chunk.occurredAt[row], body: chunk.bodies[row],
                        // As stored (a `real`), so the report is the same as one read back later.
                        sentiment: Double(Float(InsightStage.clampedSentiment(write.rows[row].classification.sentiment)))))
            }
        }
        return write
    }
}

/// Classifies texts on several threads; the order of the results is the order of the texts.
enum ParallelClassifier {
    static func classify(_ texts: [String], parallelism: Int) async -> [Classification] {
        let classifier = InteractionClassifier()
        guard parallelism > 1, texts.count >= 2_048 else { return texts.map(classifier.classify) }
        let size = (texts.count + parallelism - 1) / parallelism
        return await withTaskGroup(of: (Int, [Classification]).self) { group in
            for part in 0..<parallelism {
                let range = (part * size)..<min(texts.count, (part + 1) * size)
                guard !range.isEmpty else { continue }
                group.addTask { (part, texts[range].map(classifier.classify)) }
            }
            var parts = [[Classification]](repeating: [], count: parallelism)
            for await (part, results) in group { parts[part] = results }
            return parts.flatMap { $0 }
        }
    }
}
