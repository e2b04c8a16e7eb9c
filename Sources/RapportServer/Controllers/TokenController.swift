import Hummingbird
import RapportStore

/// Token administration over the API (admin only); the same operations as `rapport token`.
struct TokenController {
    let tokens: APITokens
    let maxBodyBytes: Int

    struct CreateRequest: Decodable {
        var name: String
        var role: Role
    }

    struct TokenList: Encodable { var tokens: [APITokenInfo] }

    /// `GET /v1/tokens`: every token (never their secrets).
    @Sendable func list(_ request: Request, context: RapportRequestContext) async throws -> Response {
        try JSONResponse.make(TokenList(tokens: try await tokens.list()))
    }

    /// `POST /v1/tokens`: a new token, shown in this response only (201).
    @Sendable func create(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let body = try await JSONResponse.decode(CreateRequest.self, from: request, limit: maxBodyBytes)
        return try JSONResponse.make(try await tokens.create(name: body.name, role: body.role), status: .created)
    }

    /// `POST /v1/tokens/{name}/revoke`: the token stops working (within the server's token cache time).
    @Sendable func revoke(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let name = try RequestInput.pathText("name", context)
        return try JSONResponse.make(try await tokens.revoke(name: name))
    }
}
