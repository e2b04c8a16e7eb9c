import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// Merges, unmerges and detaches through the ledger. The steward recorded for each change is the
/// name of the token that made it, never a name from the request body.
struct StewardshipController {
    let database: Database
    let maxBodyBytes: Int

    struct PairRequest: Decodable {
        var a: String
        var b: String
        var keep: String?
    }

    struct MergeRequest: Decodable {
        var a: String
        var b: String
        var keep: String?
        var reason: String
        var force: Bool?
    }

    struct UndoRequest: Decodable {
        var reason: String
    }

    struct DetachRequest: Decodable {
        var identifier: String
        var reason: String
    }

    /// `POST /v1/merges/preview`: what merging would do; nothing changes.
    @Sendable func preview(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let body = try await JSONResponse.decode(PairRequest.self, from: request, limit: maxBodyBytes)
        let (a, b) = (try Self.identifier(body.a, "a"), try Self.identifier(body.b, "b"))
        let preview = try await Stewardship(database: database).preview(a, b, keep: try Self.survivor(body.keep))
        return try JSONResponse.make(preview)
    }

    /// `POST /v1/merges`: merges two customers' profiles (201 with the ledger entry's id).
    @Sendable func merge(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let steward = try Self.steward(context)
        let body = try await JSONResponse.decode(MergeRequest.self, from: request, limit: maxBodyBytes)
        let (a, b) = (try Self.identifier(body.a, "a"), try Self.identifier(body.b, "b"))
        let keep = try Self.survivor(body.keep)
        let reason = try Self.reason(body.reason)
        let stewardship = Stewardship(database: database)
        let preview = try await stewardship.preview(a, b, keep: keep)
        var outcome = try await stewardship.merge(a, b, keep: keep, steward: steward, reason: reason, force: body.force ?? false)
        outcome.preview = preview
        return try JSONResponse.make(outcome, status: .created)
    }

    /// `POST /v1/merges/{id}/unmerge`: undoes a merge or a detach.
    @Sendable func unmerge(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let steward = try Self.steward(context)
        let id = try RequestInput.id("id", context)
        let body = try await JSONResponse.decode(UndoRequest.self, from: request, limit: maxBodyBytes)
        let reason = try Self.reason(body.reason)
        let stewardship = Stewardship(database: database)
        _ = try await entry(id, stewardship)
        return try JSONResponse.make(try await stewardship.undo(id, steward: steward, reason: reason))
    }

    /// `GET /v1/merges/{id}`: one ledger entry.
    @Sendable func show(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let id = try RequestInput.id("id", context)
        return try JSONResponse.make(try await entry(id, Stewardship(database: database)))
    }

    /// `POST /v1/detachments`: moves one identity to a profile of its own (201 with the entry).
    @Sendable func detach(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let steward = try Self.steward(context)
        let body = try await JSONResponse.decode(DetachRequest.self, from: request, limit: maxBodyBytes)
        let identifier = try Self.identifier(body.identifier, "identifier")
        let reason = try Self.reason(body.reason)
        let entry = try await Stewardship(database: database).detach(identifier, steward: steward, reason: reason)
        return try JSONResponse.make(entry, status: .created)
    }

    private func entry(_ id: Int64, _ stewardship: Stewardship) async throws -> LedgerEntry {
        do {
            return try await stewardship.entry(id)
        } catch StoreError.refused {
            throw Problem(.notFound, "there is no ledger entry \(id)")
        }
    }

    static func steward(_ context: RapportRequestContext) throws -> String {
        guard let caller = context.caller else { throw Problem(.unauthenticated, "a valid bearer token is required") }
        return caller.name
    }

    static func identifier(_ text: String, _ field: String) throws -> Identifier {
        guard text.utf8.count <= 1_024 else { throw Problem(.malformedIdentifier, "'\(field)' is too long") }
        return try Identifier.parse(text)
    }

    static func survivor(_ keep: String?) throws -> SurvivorChoice {
        switch keep?.lowercased() {
        case nil: .automatic
        case "a": .first
        case "b": .second
        default: throw Problem(.malformedRequest, "'keep' is \"a\" or \"b\" (or left out)")
        }
    }

    static func reason(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 2_000, !trimmed.contains("\u{0}") else {
            throw Problem(.malformedRequest, "'reason' is required: 1 to 2000 bytes of text, recorded in the ledger")
        }
        return trimmed
    }
}
