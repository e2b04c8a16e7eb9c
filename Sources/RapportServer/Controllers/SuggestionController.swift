import Hummingbird
import RapportStore

/// Merge suggestions: the open ones, accepting one (a ledgered merge) or rejecting it. The steward
/// recorded is the token's name.
struct SuggestionController {
    let database: Database
    let maxBodyBytes: Int

    struct SuggestionList: Encodable { var suggestions: [MergeSuggestion] }

    struct AcceptRequest: Decodable { var force: Bool? }

    /// `GET /v1/suggestions`: open suggestions, most probable first (`limit`, default 100, at most 1000).
    @Sendable func list(_ request: Request, context: RapportRequestContext) async throws -> Response {
        var limit = 100
        if let text = request.uri.queryParameters.get("limit") {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw Problem(.invalidParameter, "limit must be an integer from 1 to 1000")
            }
            limit = value
        }
        return try JSONResponse.make(SuggestionList(suggestions: try await MergeSuggestions(database: database).open(limit: limit)))
    }

    /// `POST /v1/suggestions/{id}/accept`: merges the pair (201 with the merge).
    @Sendable func accept(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let steward = try StewardshipController.steward(context)
        let id = try RequestInput.id("id", context)
        let force = try await JSONResponse.decodeIfPresent(AcceptRequest.self, from: request, limit: maxBodyBytes)?.force ?? false
        let suggestions = MergeSuggestions(database: database)
        _ = try await existing(id, suggestions)
        return try JSONResponse.make(try await suggestions.accept(id, steward: steward, force: force), status: .created)
    }

    /// `POST /v1/suggestions/{id}/reject`: marks the pair as not one person.
    @Sendable func reject(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let steward = try StewardshipController.steward(context)
        let id = try RequestInput.id("id", context)
        let suggestions = MergeSuggestions(database: database)
        _ = try await existing(id, suggestions)
        try await suggestions.reject(id, steward: steward)
        return try JSONResponse.make(try await existing(id, suggestions))
    }

    private func existing(_ id: Int64, _ suggestions: MergeSuggestions) async throws -> MergeSuggestion {
        guard let suggestion = try await suggestions.suggestion(id) else { throw Problem(.notFound, "there is no suggestion \(id)") }
        return suggestion
    }
}
