import Foundation
import PostgresNIO
import RapportStore

/// A token as listed: never the token itself, which only its creator ever sees.
public struct APITokenInfo: Sendable, Codable, Equatable {
    public var name: String
    public var role: Role
    public var createdAt: Date
    public var revokedAt: Date?

    enum CodingKeys: String, CodingKey { case name, role, createdAt = "created_at", revokedAt = "revoked_at" }
}

/// A token just made: the only time its secret is visible. `--format json` prints these keys.
public struct IssuedToken: Sendable, Codable, Equatable {
    public var name: String
    public var role: Role
    public var token: String
}

/// The `api_tokens` table: tokens are stored as SHA-256 hashes only.
///
/// A token is `rpt_` followed by 64 hex digits (256 random bits), so a malformed one is refused
/// without a query and a leaked one is recognisable in a secret scanner.
public struct APITokens: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    static let prefix = "rpt_"

    /// Makes a token named `name` with `role`; refused when the name is taken (even by a revoked one).
    public func create(name: String, role: Role) async throws -> IssuedToken {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        // No control characters: PostgreSQL refuses NUL (a 500, before), and a name is shown in logs.
        guard !trimmed.isEmpty, trimmed.utf8.count <= 200, !trimmed.contains(where: \.isNewline),
            !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw StoreError.refused("a token name is 1 to 200 characters on one line, without control characters")
        }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = Self.prefix + secret.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        let rows = try await database.client.query(
            """
            INSERT INTO api_tokens (name, role, token_hash) VALUES (\(trimmed), \(role.rawValue), \(SHA256.hex(token)))
            ON CONFLICT (name) DO NOTHING RETURNING id
            """,
            logger: database.logger
        )
        for try await _ in rows.decode(Int64.self) { return IssuedToken(name: trimmed, role: role, token: token) }
        throw StoreError.refused("a token named '\(trimmed)' already exists (names are never reused, even after revoking)")
    }

    /// Every token, newest first, revoked ones included.
    public func list() async throws -> [APITokenInfo] {
        let rows = try await database.client.query(
            "SELECT name, role, created_at, revoked_at FROM api_tokens ORDER BY created_at DESC, id DESC", logger: database.logger
        )
        var tokens: [APITokenInfo] = []
        for try await (name, role, createdAt, revokedAt) in rows.decode((String, String, Date, Date?).self) {
            tokens.append(APITokenInfo(name: name, role: Role(rawValue: role) ?? .reader, createdAt: createdAt, revokedAt: revokedAt))
        }
        return tokens
    }

    /// Revokes the token named `name`; unknown or already revoked names are refused.
    public func revoke(name: String) async throws -> APITokenInfo {
        let rows = try await database.client.query(
            """
            UPDATE api_tokens SET revoked_at = now() WHERE name = \(name) AND revoked_at IS NULL
            RETURNING name, role, created_at, revoked_at
            """,
            logger: database.logger
        )
        for try await (name, role, createdAt, revokedAt) in rows.decode((String, String, Date, Date?).self) {
            return APITokenInfo(name: name, role: Role(rawValue: role) ?? .reader, createdAt: createdAt, revokedAt: revokedAt)
        }
        throw StoreError.refused("there is no active token named '\(name)'")
    }

    /// The caller `token` names, or nil when it is malformed, unknown or revoked.
    public func authenticate(_ token: String) async throws -> APICaller? {
        guard Self.isWellFormed(token) else { return nil }
        let rows = try await database.client.query(
            "SELECT name, role FROM api_tokens WHERE token_hash = \(SHA256.hex(token)) AND revoked_at IS NULL", logger: database.logger
        )
        for try await (name, role) in rows.decode((String, String).self) {
            guard let role = Role(rawValue: role) else { return nil }
            return APICaller(name: name, role: role)
        }
        return nil
    }

    static func isWellFormed(_ token: String) -> Bool {
        let utf8 = token.utf8
        guard utf8.count == prefix.utf8.count + 64, token.hasPrefix(prefix) else { return false }
        return utf8.dropFirst(prefix.utf8.count).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
