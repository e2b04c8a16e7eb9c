import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// Looking customers up: by identifier, by profile id, their timeline and their ledger history.
struct LookupController {
    let database: Database

    struct IdentityResponse: Encodable {
        var identifier: String
        var profile: ProfileSummary
    }

    struct TimelineResponse: Encodable {
        var profileID: Int64
        var entries: [TimelineEntry]
        var nextCursor: String?
        enum CodingKeys: String, CodingKey { case profileID = "profile_id", entries, nextCursor = "next_cursor" }
    }

    struct HistoryResponse: Encodable {
        var profileID: Int64
        var entries: [LedgerEntry]
        enum CodingKeys: String, CodingKey { case profileID = "profile_id", entries }
    }

    /// `GET /v1/identities/{identifier}`: the live profile the identifier belongs to.
    @Sendable func identity(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let identifier = try RequestInput.identifier("identifier", context)
        let queries = ProfileQueries(database: database)
        let profile = try await queries.profile(try await queries.resolve(identifier))
        return try JSONResponse.make(IdentityResponse(identifier: identifier.description, profile: profile))
    }

    /// `GET /v1/profiles/{id}`: a profile; a merged-away id answers with the profile that absorbed it.
    @Sendable func profile(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let id = try RequestInput.id("id", context)
        let queries = ProfileQueries(database: database)
        let live = try await queries.resolve(Identifier(kind: .profile, normalisedValue: String(id)))
        return try JSONResponse.make(try await queries.profile(live))
    }

    /// `GET /v1/identities/{identifier}/timeline`: one page, newest first.
    @Sendable func timeline(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let identifier = try RequestInput.identifier("identifier", context)
        let query = try RequestInput.timelineQuery(request)
        let queries = ProfileQueries(database: database)
        let profileID = try await queries.resolve(identifier)
        let page = try await queries.timeline(of: profileID, query: query)
        return try JSONResponse.make(
            TimelineResponse(profileID: profileID, entries: page.entries, nextCursor: page.nextCursor?.description)
        )
    }

    /// `GET /v1/identities/{identifier}/history`: every ledger entry that touched the profile.
    @Sendable func history(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let identifier = try RequestInput.identifier("identifier", context)
        let profileID = try await ProfileQueries(database: database).resolve(identifier)
        let entries = try await Stewardship(database: database).history(identifier)
        return try JSONResponse.make(HistoryResponse(profileID: profileID, entries: entries))
    }
}
