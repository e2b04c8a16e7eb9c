import Foundation
import Hummingbird

/// Requires a bearer token whose role allows `role`, and puts its caller in the context.
///
/// A missing, malformed, unknown or revoked token is 401; a valid token of a role that may not do
/// this is 403. Neither answer says which of those it was, nor echoes the token.
public struct Authorization: RouterMiddleware {
    public typealias Context = RapportRequestContext
    let role: Role
    let verifier: TokenVerifier

    public init(_ role: Role, verifier: TokenVerifier) {
        self.role = role
        self.verifier = verifier
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.bearerToken(request.headers[.authorization]),
            let caller = try await verifier.caller(for: token)
        else {
            throw Problem(.unauthenticated, "send a valid API token as `Authorization: Bearer <token>`")
        }
        guard caller.role.allows(role) else {
            throw Problem(.forbidden, "this endpoint needs the \(role.rawValue) role")
        }
        var context = context
        context.caller = caller
        context.logger[metadataKey: "caller"] = .string(caller.name)
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
