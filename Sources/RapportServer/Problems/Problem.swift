import Foundation
import Hummingbird

/// An error answered as RFC 9457 problem details (`application/problem+json`).
///
/// `kind` is the stable part a client can switch on: it becomes the `type` URI
/// (`urn:rapport:problem:<kind>`), and its status never changes. `detail` is for people and may
/// change wording; it never carries a token, a message body or a server internal.
public struct Problem: Error, Sendable, Equatable, HTTPResponseError {
    /// The kinds of problem the API answers with; docs/http.md and openapi.yaml list the same.
    public enum Kind: String, Sendable, CaseIterable {
        case unauthenticated
        case forbidden
        case notFound = "not-found"
        case methodNotAllowed = "method-not-allowed"
        case unknownIdentifier = "unknown-identifier"
        case malformedIdentifier = "malformed-identifier"
        case malformedRequest = "malformed-request"
        case invalidParameter = "invalid-parameter"
        case unreadableBody = "unreadable-body"
        case unsupportedMediaType = "unsupported-media-type"
        case bodyTooLarge = "body-too-large"
        case refused
        case databaseUnavailable = "database-unavailable"
        case schemaNotCurrent = "schema-not-current"
        case internalError = "internal-error"

        /// The HTTP status every problem of this kind has.
        public var status: HTTPResponse.Status {
            switch self {
            case .unauthenticated: .unauthorized
            case .forbidden: .forbidden
            case .notFound, .unknownIdentifier: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .malformedIdentifier, .malformedRequest, .invalidParameter, .unreadableBody: .badRequest
            case .unsupportedMediaType: .unsupportedMediaType
            case .bodyTooLarge: .contentTooLarge
            case .refused: .conflict
            case .databaseUnavailable, .schemaNotCurrent: .serviceUnavailable
            case .internalError: .internalServerError
            }
        }

        /// A short, fixed summary of the kind (RFC 9457 `title`).
        public var title: String {
            switch self {
            case .unauthenticated: "Missing or invalid bearer token"
            case .forbidden: "The token's role does not allow this"
            case .notFound: "No such resource"
            case .methodNotAllowed: "Method not allowed on this resource"
            case .unknownIdentifier: "No profile is known for this identifier"
            case .malformedIdentifier: "Malformed identifier"
            case .malformedRequest: "Malformed request body"
            case .invalidParameter: "Invalid query or path parameter"
            case .unreadableBody: "The request body cannot be read in the expected format"
            case .unsupportedMediaType: "Unsupported content type"
            case .bodyTooLarge: "Request body too large"
            case .refused: "The store refused the request"
            case .databaseUnavailable: "The database is unavailable"
            case .schemaNotCurrent: "The database schema is not current"
            case .internalError: "Internal error"
            }
        }

        public var typeURI: String { "urn:rapport:problem:\(rawValue)" }
    }

    public let kind: Kind
    public let detail: String
    /// For 405: the methods the path does accept (the `Allow` header).
    public var allow: [String]

    public init(_ kind: Kind, _ detail: String, allow: [String] = []) {
        self.kind = kind
        self.detail = detail
        self.allow = allow
    }

    public var status: HTTPResponse.Status { kind.status }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        makeResponse()
    }

    /// The problem+json response; 401s carry `WWW-Authenticate: Bearer`.
    public func makeResponse() -> Response {
        let document = ProblemDocument(type: kind.typeURI, title: kind.title, status: Int(status.code), detail: detail)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if kind == .unauthenticated { headers[.wwwAuthenticate] = "Bearer realm=\"rapport\"" }
        if !allow.isEmpty { headers[.allow] = allow.joined(separator: ", ") }
        let bytes = (try? JSONEncoder.api.encode(document)) ?? Data("{}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The JSON members of a problem document.
struct ProblemDocument: Codable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String
}
