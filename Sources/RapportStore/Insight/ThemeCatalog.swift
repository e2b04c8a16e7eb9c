import Foundation
import Logging
import PostgresNIO
import RapportInsight

/// A theme as `rapport insight themes` lists it.
public struct ThemeListing: Sendable, Codable, Hashable {
    public var id: Int64
    public var name: String
    public var taxonomyKey: String?
    /// Complaints that have joined it since it was born.
    public var size: Int64
    /// Its complaints in the last 7 days (by when they occurred).
    public var lastWeek: Int64
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, size
        case taxonomyKey = "taxonomy_key"
        case lastWeek = "last_week"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// The persisted complaint themes and their vocabulary: what ``ThemeAssigner`` starts from each night
/// and what it hands back.
public struct ThemeCatalog: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Every theme, largest first, with its recent complaint count.
    public func list(now: Date = Date()) async throws -> [ThemeListing] {
        let weekAgo = now.addingTimeInterval(-7 * 86_400)
        let rows = try await database.client.query(
            """
            SELECT t.id, t.name, t.taxonomy_key, t.size, coalesce(w.complaints, 0), t.created_at, t.updated_at
            FROM themes t
            LEFT JOIN (
                SELECT theme_id, count(*)::int8 AS complaints FROM interaction_insights
                WHERE kind = 'complaint' AND theme_id IS NOT NULL AND occurred_at >= \(weekAgo) AND occurred_at < \(now)
                GROUP BY theme_id
            ) w ON w.theme_id = t.id
            ORDER BY t.size DESC, t.id
            """,
            logger: database.logger
        )
        var themes: [ThemeListing] = []
        for try await (id, name, key, size, lastWeek, created, updated) in rows.decode(
            (Int64, String, String?, Int64, Int64, Date, Date).self
        ) {
            themes.append(
                ThemeListing(id: id, name: name, taxonomyKey: key, size: size, lastWeek: lastWeek, createdAt: created, updatedAt: updated)
            )
        }
        return themes
    }

    /// Theme id → name, for the report.
    static func names(on connection: PostgresConnection, logger: Logger) async throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for try await (id, name) in try await connection.query("SELECT id, name FROM themes", logger: logger).decode((Int64, String).self) {
            names[id] = name
        }
        return names
    }

    /// The live themes with their centroids, as ``ThemeAssigner`` takes them.
    static func load(on connection: PostgresConnection, logger: Logger) async throws -> [Theme] {
        let rows = try await connection.query(
            "SELECT id, name, taxonomy_key, centroid::text, size FROM themes ORDER BY id", logger: logger
        )
        let decoder = JSONDecoder()
        var themes: [Theme] = []
        for try await (id, name, key, centroid, size) in rows.decode((Int64, String, String?, String, Int64).self) {
            let weights = try decoder.decode([String: Double].self, from: Data(centroid.utf8))
            themes.append(Theme(id: id, name: name, taxonomyKey: key, centroid: weights, size: Int(size)))
        }
        return themes
    }

    /// The persisted vocabulary, or an empty one before the first theme run.
    static func loadVocabulary(on connection: PostgresConnection, logger: Logger) async throws -> ThemeVocabulary {
        let rows = try await connection.query("SELECT vocabulary::text FROM theme_vocabulary", logger: logger)
        for try await text in rows.decode(String.self) {
            return try JSONDecoder().decode(ThemeVocabulary.self, from: Data(text.utf8))
        }
        return ThemeVocabulary()
    }

    /// `count` fresh theme ids from the `themes` sequence, so a run can hand out ids before it writes.
    static func allocateIDs(_ count: Int, database: Database) async throws -> [Int64] {
        guard count > 0 else { return [] }
        var ids: [Int64] = []
        let rows = try await database.client.query(
            "SELECT nextval(pg_get_serial_sequence('themes', 'id')) FROM generate_series(1, \(count))", logger: database.logger
        )
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return ids
    }

    /// Inserts themes born in a run, with the ids ``allocateIDs(_:database:)`` gave them.
    static func insert(_ themes: [Theme], on connection: PostgresConnection, logger: Logger) async throws {
        guard !themes.isEmpty else { return }
        let centroids = try themes.map(centroidJSON)
        try await connection.query(
            """
            INSERT INTO themes (id, name, taxonomy_key, centroid, size) OVERRIDING SYSTEM VALUE
            SELECT id, name, nullif(key, ''), centroid::jsonb, size
            FROM unnest(\(themes.map(\.id))::int8[], \(themes.map(\.name))::text[], \(themes.map { $0.taxonomyKey ?? "" })::text[],
                        \(centroids)::text[], \(themes.map { Int64($0.size) })::int8[])
                 AS t(id, name, key, centroid, size)
            """,
            logger: logger
        )
    }

    /// Writes back the centroids and sizes of themes that gained complaints.
    static func update(_ themes: [Theme], on connection: PostgresConnection, logger: Logger) async throws {
        guard !themes.isEmpty else { return }
        let centroids = try themes.map(centroidJSON)
        try await connection.query(
            """
            UPDATE themes t SET centroid = u.centroid::jsonb, size = u.size, updated_at = now()
            FROM unnest(\(themes.map(\.id))::int8[], \(centroids)::text[], \(themes.map { Int64($0.size) })::int8[])
                 AS u(id, centroid, size)
            WHERE t.id = u.id
            """,
            logger: logger
        )
    }

    static func saveVocabulary(_ vocabulary: ThemeVocabulary, on connection: PostgresConnection, logger: Logger) async throws {
        let json = String(decoding: try JSONEncoder().encode(vocabulary), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO theme_vocabulary (singleton, vocabulary) VALUES (true, \(json)::jsonb)
            ON CONFLICT (singleton) DO UPDATE SET vocabulary = EXCLUDED.vocabulary, updated_at = now()
            """,
            logger: logger
        )
    }

    static func centroidJSON(_ theme: Theme) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(theme.centroid), as: UTF8.self)
    }
}
