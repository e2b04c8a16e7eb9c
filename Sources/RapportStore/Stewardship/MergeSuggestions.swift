import Foundation
import Logging
import PostgresNIO
import RapportCore
import RapportIdentity

/// A stored merge suggestion: two profiles that are probably one person, and why.
public struct MergeSuggestion: Sendable, Codable, Equatable {
    public var id: Int64
    public var leftProfile: Int64
    public var rightProfile: Int64
    public var leftLabel: String
    public var rightLabel: String
    public var probability: Double
    public var weight: Double
    public var evidence: [FieldEvidence]
    public var status: String
    public var mergeID: Int64?

    enum CodingKeys: String, CodingKey {
        case id, leftProfile = "left_profile", rightProfile = "right_profile", leftLabel = "left_label", rightLabel = "right_label"
        case probability, weight, evidence, status, mergeID = "merge_id"
    }
}

/// What a `rapport suggest` run did.
public struct SuggestionRun: Sendable, Codable {
    public var profiles: Int
    public var candidatePairs: Int
    public var suggestions: [MergeSuggestion]
    public var matchProportion: Double
    public var emIterations: Int
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case profiles, candidatePairs = "candidate_pairs", suggestions, matchProportion = "match_proportion"
        case emIterations = "em_iterations", seconds
    }
}

/// Finds profiles that are probably one person.
///
/// Blocking runs in PostgreSQL: the linkage view of every live profile (its CRM record's fields and
/// its emails, phones and handles, including those its CRM records claim) is keyed by the rules in
/// ``BlockingRule/defaultRules`` (soundex, prefixes, exact keys, shared identifiers, a handle that
/// spells the name), and equal keys make candidate pairs through hash joins. Scoring is
/// Fellegi–Sunter in Swift: m and u probabilities and the match proportion are estimated from the
/// candidates by EM (``LinkageModel/train(records:candidates:options:)``), never hand-set. Pairs a
/// steward rejected are never suggested again.
public struct MergeSuggestions: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    var logger: Logger { database.logger }

    /// Finds, scores and stores suggestions at or above `minimumProbability` (default: the model's
    /// threshold, 0.9). In link mode only pairs across the two CRM sources count.
    public func run(
        minimumProbability: Double? = nil, limit: Int? = nil, linkSources: (String, String)? = nil
    ) async throws -> SuggestionRun {
        let started = ContinuousClock.now
        let logger = self.logger
        return try await database.client.withConnection { connection in
            try await Self.buildLinkageView(on: connection, logger: logger)
            let candidates = try await Self.candidates(linkSources: linkSources, on: connection, logger: logger)
            let (records, sides) = try await Self.records(on: connection, logger: logger)
            var mode = LinkageMode.deduplicate
            if let linkSources {
                mode = .link(left: Set(sides.filter { $0.value == linkSources.0.lowercased() }.keys))
            }
            let model = LinkageModel.train(records: records, candidates: candidates, options: TrainingOptions(mode: mode))
            var scored = model.suggestions(records: records, candidates: candidates, minimumProbability: minimumProbability)
            if let limit { scored = Array(scored.prefix(limit)) }
            let stored = try await connection.inTransaction(logger: logger) { connection in
                try await Self.store(scored, model: model, on: connection, logger: logger)
            }
            return SuggestionRun(
                profiles: records.count, candidatePairs: candidates.count, suggestions: stored, matchProportion: model.matchProportion,
                emIterations: model.training.iterations, seconds: (ContinuousClock.now - started).seconds
            )
        }
    }

    /// Open suggestions, most probable first.
    public func open(limit: Int = 100) async throws -> [MergeSuggestion] {
        try await list(where: "open", limit: limit)
    }

    /// Merges a suggestion's two profiles through the ledger and marks it accepted.
    public func accept(_ id: Int64, steward: String, force: Bool = false) async throws -> MergeOutcome {
        guard let suggestion = try await suggestion(id) else { throw StoreError.refused("there is no suggestion \(id)") }
        guard suggestion.status == "open" else { throw StoreError.refused("suggestion \(id) is already \(suggestion.status)") }
        let outcome = try await Stewardship(database: database).merge(
            try Identifier.parse("profile:\(suggestion.leftProfile)"), try Identifier.parse("profile:\(suggestion.rightProfile)"),
            steward: steward, reason: String(format: "accepted suggestion %lld (p = %.3f)", id, suggestion.probability), force: force
        )
        try await database.client.query(
            "UPDATE suggestions SET status = 'accepted', decided_at = now(), decided_by = \(steward), merge_id = \(outcome.mergeID) WHERE id = \(id)",
            logger: logger
        )
        return outcome
    }

    /// Remembers that the pair is not one person: it is never suggested again.
    public func reject(_ id: Int64, steward: String) async throws {
        guard let suggestion = try await suggestion(id) else { throw StoreError.refused("there is no suggestion \(id)") }
        guard suggestion.status == "open" else { throw StoreError.refused("suggestion \(id) is already \(suggestion.status)") }
        try await database.client.query(
            "UPDATE suggestions SET status = 'rejected', decided_at = now(), decided_by = \(steward) WHERE id = \(id)", logger: logger
        )
    }

    public func suggestion(_ id: Int64) async throws -> MergeSuggestion? {
        try await list(id: id, limit: 1).first
    }

    func list(where status: String? = nil, id: Int64? = nil, limit: Int) async throws -> [MergeSuggestion] {
        let rows = try await database.client.query(
            """
            SELECT s.id, s.left_profile, s.right_profile,
                   coalesce(l.display_name, (SELECT i.kind || ':' || i.value FROM identities i WHERE i.profile_id = l.id ORDER BY i.id LIMIT 1), 'profile:' || l.id),
                   coalesce(r.display_name, (SELECT i.kind || ':' || i.value FROM identities i WHERE i.profile_id = r.id ORDER BY i.id LIMIT 1), 'profile:' || r.id),
                   s.probability, s.weight, s.evidence::text, s.status, s.merge_id
            FROM suggestions s JOIN profiles l ON l.id = s.left_profile JOIN profiles r ON r.id = s.right_profile
            WHERE (\(status)::text IS NULL OR s.status = \(status)) AND (\(id)::int8 IS NULL OR s.id = \(id))
            ORDER BY s.probability DESC, s.id
            LIMIT \(limit)
            """,
            logger: logger
        )
        var result: [MergeSuggestion] = []
        let decoder = JSONDecoder()
        for try await row in rows {
            let (id, left, right, leftLabel, rightLabel, probability, weight, evidence, status, mergeID) =
                try row.decode((Int64, Int64, Int64, String, String, Double, Double, String, String, Int64?).self)
            result.append(
                MergeSuggestion(
                    id: id, leftProfile: left, rightProfile: right, leftLabel: leftLabel, rightLabel: rightLabel, probability: probability,
                    weight: weight, evidence: (try? decoder.decode([FieldEvidence].self, from: Data(evidence.utf8))) ?? [], status: status,
                    mergeID: mergeID
                )
            )
        }
        return result
    }

    // MARK: Blocking in SQL

    /// Single-valued blocking keys, computed per profile from its linkage view.
    static let singleKeys = BlockingKey.allCases.filter { !$0.isMultiValued }

    /// `linkage_person` (one row per live profile: side and CRM fields) and `linkage_values`
    /// (its emails, phones and handles, including those its CRM records claim), then the keys.
    static func buildLinkageView(on connection: PostgresConnection, logger: Logger) async throws {
        // Table names, attribute names and key expressions spliced below are constants of this
        // program (this list, PersonRecord.attributeNames, BlockingKey), never input.
        for table in ["linkage_person", "linkage_values", "linkage_keys", "linkage_names"] {
            try await connection.query("DROP TABLE IF EXISTS \(unescaped: table)", logger: logger)
        }
        // The attribute names come from PersonRecord.attributeNames: constants, not input.
        func field(_ keyPath: WritableKeyPath<PersonRecord, String?>) -> String {
            let names = PersonRecord.attributeNames.first { $0.key == keyPath }?.value ?? []
            let reads = names.map { "nullif(btrim(c.attributes ->> '\($0)'), '')" }
            return reads.isEmpty ? "NULL::text" : "coalesce(\(reads.joined(separator: ", ")))"
        }
        let fields: [(String, WritableKeyPath<PersonRecord, String?>)] = [
            ("given_name", \.givenName), ("surname", \.surname), ("street_number", \.streetNumber), ("address_1", \.address1),
            ("address_2", \.address2), ("suburb", \.suburb), ("postcode", \.postcode), ("state", \.state),
            ("date_of_birth", \.dateOfBirth), ("soc_sec_id", \.socialSecurityID),
        ]
        let reads = fields.map { "\(field($0.1)) AS \($0.0)" }.joined(separator: ",\n       ")
        try await connection.query(
            """
            CREATE TEMP TABLE linkage_person AS
            SELECT DISTINCT ON (i.profile_id) i.profile_id AS id, lower(c.crm_source) AS side,
                   \(unescaped: reads),
                   c.name AS crm_name, NULL::text AS full_name
            FROM identities i JOIN customers c ON i.kind = 'crm' AND i.value = lower(c.crm_source) || ':' || c.crm_id
            ORDER BY i.profile_id, c.id
            """,
            logger: logger
        )
        try await connection.query(
            "UPDATE linkage_person SET full_name = crm_name WHERE given_name IS NULL AND surname IS NULL", logger: logger
        )
        try await connection.query(
            """
            INSERT INTO linkage_person (id, side, full_name)
            SELECT p.id, NULL, p.display_name FROM profiles p
            WHERE p.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.profile_id = p.id AND i.kind = 'crm')
            """,
            logger: logger
        )
        try await connection.query(
            """
            CREATE TEMP TABLE linkage_values AS
            SELECT i.profile_id AS id, CASE WHEN i.kind IN ('twitter', 'facebook', 'instagram') THEN 'handle' ELSE i.kind END AS kind, i.value
            FROM identities i WHERE i.kind IN ('email', 'phone', 'twitter', 'facebook', 'instagram')
            UNION
            SELECT i.profile_id, 'email', e FROM identities i JOIN customers c ON i.kind = 'crm' AND i.value = lower(c.crm_source) || ':' || c.crm_id
                CROSS JOIN unnest(c.emails) e
            UNION
            SELECT i.profile_id, 'phone', p FROM identities i JOIN customers c ON i.kind = 'crm' AND i.value = lower(c.crm_source) || ':' || c.crm_id
                CROSS JOIN unnest(c.phones) p
            UNION
            SELECT i.profile_id, 'handle', substr(h, strpos(h, ':') + 1) FROM identities i
                JOIN customers c ON i.kind = 'crm' AND i.value = lower(c.crm_source) || ':' || c.crm_id CROSS JOIN unnest(c.handles) h
            """,
            logger: logger
        )
        // Values on the blocklist never link people.
        try await connection.query(
            """
            DELETE FROM linkage_values v USING blocklist b
            WHERE (b.kind = v.kind OR (v.kind = 'handle' AND b.kind IN ('twitter', 'facebook', 'instagram'))) AND v.value LIKE b.pattern
            """,
            logger: logger
        )
        let keys = singleKeys.map { "\($0.sqlExpression("p")) AS \($0.rawValue)" }.joined(separator: ",\n       ")
        try await connection.query(
            "CREATE TEMP TABLE linkage_keys AS SELECT p.id, p.side,\n       \(unescaped: keys)\nFROM linkage_person p",
            logger: logger
        )
        // Name keys a handle can spell: given+surname, surname+given, initial+surname (letters only).
        try await connection.query(
            """
            CREATE TEMP TABLE linkage_names AS
            WITH names AS (
                SELECT p.id, p.side,
                       regexp_replace(lower(coalesce(n[1], '')), '[^a-z]', '', 'g') AS g,
                       regexp_replace(lower(coalesce(n[2], '')), '[^a-z]', '', 'g') AS s
                FROM linkage_person p
                CROSS JOIN LATERAL (
                    SELECT CASE WHEN coalesce(btrim(p.given_name), '') <> '' OR coalesce(btrim(p.surname), '') <> ''
                                THEN ARRAY[btrim(p.given_name), btrim(p.surname)]
                                ELSE (SELECT ARRAY[w[1], w[cardinality(w)]] FROM regexp_split_to_array(btrim(p.full_name), '\\s+') AS w
                                      WHERE cardinality(w) >= 2) END AS n
                ) x
            )
            SELECT DISTINCT id, side, key FROM names
            CROSS JOIN LATERAL unnest(ARRAY[g || s, s || g, left(g, 1) || s]) AS key
            WHERE g <> '' AND s <> '' AND length(key) >= 5
            """,
            logger: logger
        )
        try await connection.query("ANALYZE linkage_keys", logger: logger)
        try await connection.query("ANALYZE linkage_values", logger: logger)
    }

    /// Candidate pairs: the union of every rule's equality join, minus pairs a steward rejected.
    static func candidates(linkSources: (String, String)?, on connection: PostgresConnection, logger: Logger) async throws -> [CandidatePair] {
        let sideCondition: String =
            linkSources == nil ? "TRUE" : "a.side IS NOT NULL AND b.side IS NOT NULL AND a.side <> b.side"
        var selects: [String] = []
        for rule in BlockingRule.defaultRules {
            switch rule.condition {
            case .equal(let keys) where keys.allSatisfy({ !$0.isMultiValued }):
                let predicate = keys.map { "a.\($0.rawValue) = b.\($0.rawValue)" }.joined(separator: " AND ")
                selects.append("SELECT a.id AS l, b.id AS r FROM linkage_keys a JOIN linkage_keys b ON a.id < b.id AND \(predicate) WHERE \(sideCondition)")
            case .equal(let keys):
                let kind = keys.contains(.email) ? "email" : keys.contains(.phone) ? "phone" : "handle"
                selects.append(
                    """
                    SELECT least(a.id, b.id), greatest(a.id, b.id) FROM linkage_values va JOIN linkage_values vb
                        ON va.kind = '\(kind)' AND vb.kind = '\(kind)' AND va.value = vb.value AND va.id <> vb.id
                    JOIN linkage_keys a ON a.id = va.id JOIN linkage_keys b ON b.id = vb.id WHERE \(sideCondition)
                    """
                )
            case .handleSpellsName:
                selects.append(
                    """
                    SELECT least(a.id, b.id), greatest(a.id, b.id) FROM linkage_values v
                    JOIN linkage_names n ON v.kind = 'handle' AND n.key = regexp_replace(lower(v.value), '[^a-z]', '', 'g') AND n.id <> v.id
                    JOIN linkage_keys a ON a.id = v.id JOIN linkage_keys b ON b.id = n.id WHERE \(sideCondition)
                    """
                )
            case .nameTrigramSimilarity:
                continue
            }
        }
        // The rules are constants of this program (BlockingRule.defaultRules), never input.
        let union = selects.joined(separator: "\nUNION\n")
        let rows = try await connection.query(
            """
            SELECT c.l, c.r FROM (\(unescaped: union)) AS c(l, r)
            WHERE NOT EXISTS (SELECT 1 FROM suggestions s WHERE s.left_profile = c.l AND s.right_profile = c.r AND s.status IN ('rejected', 'accepted'))
            """,
            logger: logger
        )
        var pairs: [CandidatePair] = []
        for try await (left, right) in rows.decode((Int64, Int64).self) { pairs.append(CandidatePair(left: left, right: right)) }
        return pairs
    }

    /// Every live profile's linkage view, and its side (CRM source) for link mode.
    static func records(on connection: PostgresConnection, logger: Logger) async throws -> ([Int64: PersonRecord], [Int64: String]) {
        var records: [Int64: PersonRecord] = [:]
        var sides: [Int64: String] = [:]
        let rows = try await connection.query(
            """
            SELECT id, side, given_name, surname, full_name, street_number, address_1, address_2, suburb, postcode, state,
                   date_of_birth, soc_sec_id
            FROM linkage_person
            """,
            logger: logger
        )
        for try await row in rows {
            let (id, side, given, surname, full, number, address1, address2, suburb, postcode, state, birth, ssn) =
                try row.decode((Int64, String?, String?, String?, String?, String?, String?, String?, String?, String?, String?, String?, String?).self)
            records[id] = PersonRecord(
                profileID: id, givenName: given, surname: surname, fullName: full, streetNumber: number, address1: address1,
                address2: address2, suburb: suburb, postcode: postcode, state: state, dateOfBirth: birth, socialSecurityID: ssn
            )
            if let side { sides[id] = side }
        }
        for try await (id, kind, value) in try await connection.query("SELECT id, kind, value FROM linkage_values", logger: logger)
            .decode((Int64, String, String).self)
        {
            switch kind {
            case "email": records[id]?.emails.append(value)
            case "phone": records[id]?.phones.append(value)
            default: records[id]?.handles.append(value)
            }
        }
        return (records, sides)
    }

    /// The evidence as JSON, written by hand: thousands of pairs through JSONEncoder cost a noticeable
    /// share of a run. Field and level names are enum raw values (no escaping needed).
    static func evidenceJSON(_ evidence: [FieldEvidence]) -> String {
        "[" + evidence.map { "{\"field\":\"\($0.field.rawValue)\",\"level\":\"\($0.level.rawValue)\",\"weight\":\($0.weight.isFinite ? $0.weight : 0)}" }
            .joined(separator: ",") + "]"
    }

    static func store(_ scored: [ScoredPair], model: LinkageModel, on connection: PostgresConnection, logger: Logger) async throws -> [MergeSuggestion] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let modelJSON = String(decoding: try encoder.encode(model), as: UTF8.self)
        try await connection.query("INSERT INTO linkage_models (model) VALUES (\(modelJSON)::jsonb)", logger: logger)
        // Earlier open suggestions that no longer score are stale.
        try await connection.query("UPDATE suggestions SET status = 'stale' WHERE status = 'open'", logger: logger)
        // One statement for the lot: a few thousand pairs must not cost a few thousand round trips.
        let lefts = scored.map(\.pair.left)
        let rights = scored.map(\.pair.right)
        let probabilities = scored.map(\.score.probability)
        let weights = scored.map(\.score.weight)
        let evidence = scored.map { Self.evidenceJSON($0.score.evidence) }
        let rows = try await connection.query(
            """
            INSERT INTO suggestions (left_profile, right_profile, probability, weight, evidence)
            SELECT l, r, p, w, e::jsonb FROM unnest(\(lefts)::int8[], \(rights)::int8[], \(probabilities)::float8[], \(weights)::float8[], \(evidence)::text[]) AS t(l, r, p, w, e)
            ON CONFLICT (left_profile, right_profile) DO UPDATE
            SET probability = EXCLUDED.probability, weight = EXCLUDED.weight, evidence = EXCLUDED.evidence, created_at = now(),
                status = CASE WHEN suggestions.status = 'stale' THEN 'open' ELSE suggestions.status END
            RETURNING id, left_profile, right_profile, status
            """,
            logger: logger
        )
        var identifiers: [CandidatePair: (Int64, String)] = [:]
        for try await (id, left, right, status) in rows.decode((Int64, Int64, Int64, String).self) {
            identifiers[CandidatePair(left: left, right: right)] = (id, status)
        }
        var stored: [MergeSuggestion] = []
        for pair in scored {
            guard let (id, status) = identifiers[pair.pair] else { continue }
            stored.append(
                MergeSuggestion(
                    id: id, leftProfile: pair.pair.left, rightProfile: pair.pair.right, leftLabel: "profile:\(pair.pair.left)",
                    rightLabel: "profile:\(pair.pair.right)", probability: pair.score.probability, weight: pair.score.weight,
                    evidence: pair.score.evidence, status: status, mergeID: nil
                )
            )
        }
        return stored
    }
}
