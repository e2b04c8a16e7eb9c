import Foundation
import Hummingbird
import Logging
import NIOCore
import RapportCore
import RapportIngest
import RapportStore

/// Turns every error a route throws into problem details, so a client always gets
/// `application/problem+json` with a stable `type`, and client mistakes are never 5xx.
///
/// Server-side failures are logged here (with `String(reflecting:)`, since PostgresNIO redacts its
/// descriptions) and answered without internals.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error)
            if problem.kind == .databaseUnavailable && !(error is Problem) {
                // An outage fails every request alike: one short line each, not a stack of driver errors.
                let cause = ConnectionFailure.classify(error).map { "\($0)" } ?? "\(error)"
                context.logger.warning("database unavailable", metadata: ["route": "\(context.endpointPath ?? "-")", "cause": "\(cause)"])
            } else if problem.kind == .internalError || (problem.status.code >= 500 && !(error is Problem)) {
                context.logger.error(
                    "request failed", metadata: ["route": "\(context.endpointPath ?? "-")", "error": "\(String(reflecting: error))"]
                )
            }
            return problem.makeResponse()
        }
    }

    /// The problem an error is answered with.
    public static func problem(for error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let store as StoreError:
            switch store {
            case .unknownIdentifier(let identifier): return Problem(.unknownIdentifier, "no profile is known for \(identifier)")
            case .refused(let reason): return Problem(.refused, reason)
            case .unreachable: return Problem(.databaseUnavailable, "the database cannot be reached; try again later")
            case .schemaNotCurrent:
                return Problem(.schemaNotCurrent, "the database schema is not current; an operator must run `rapport migrate`")
            case .query: return Problem(.internalError, "the request failed inside the store")
            }
        case let identifier as IdentifierError:
            return Problem(.malformedIdentifier, identifier.description)
        case let tooMany as NIOTooManyBytesError:
            return Problem(
                .bodyTooLarge,
                "the request body is larger than this server accepts (\(tooMany.maxBytes.map { "\($0) bytes" } ?? "its limit"))")
        case let input as InputError:
            return Problem(.unreadableBody, input.detail)
        case is DecodingError:
            return Problem(.malformedRequest, "the body is not the JSON object this endpoint expects (see /openapi.yaml)")
        case let http as HTTPError:
            switch http.status {
            case .notFound: return Problem(.notFound, "no route matches this path")
            case .methodNotAllowed: return Problem(.methodNotAllowed, "this path does not accept this method")
            case .contentTooLarge: return Problem(.bodyTooLarge, "the request body is larger than this server accepts")
            case .unauthorized: return Problem(.unauthenticated, "a valid bearer token is required")
            case .forbidden: return Problem(.forbidden, "the token's role does not allow this")
            case .unsupportedMediaType: return Problem(.unsupportedMediaType, http.body ?? "unsupported content type")
            default:
                if http.status.code < 500 { return Problem(.malformedRequest, http.body ?? http.status.reasonPhrase) }
                return Problem(.internalError, "the request failed")
            }
        default:
            if ConnectionFailure.classify(error) != nil {
                return Problem(.databaseUnavailable, "the database cannot be reached; try again later")
            }
            return Problem(.internalError, "the request failed")
        }
    }
}
