import Foundation
import Hummingbird
import RapportStore

/// Data-subject requests over the API (admin only): the same operations as `rapport export` and
/// `rapport erase` (docs/privacy.md).
struct PrivacyController {
    let database: Database
    let maxBodyBytes: Int

    struct ErasureRequest: Decodable {
        var identifier: String
        var reason: String
    }

    struct ErasureList: Encodable { var erasures: [ErasureRecord] }

    /// `GET /v1/identities/{identifier}/export`: everything held about the person, one JSON document.
    @Sendable func export(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let identifier = try RequestInput.identifier("identifier", context)
        let document = try await SubjectAccessExport(database: database).document(for: identifier)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: document))
        )
    }

    /// `POST /v1/erasures`: erases the person the identifier belongs to (201, the audit record). The
    /// steward recorded is the calling token's name, as for merges.
    @Sendable func erase(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let body = try await JSONResponse.decode(ErasureRequest.self, from: request, limit: maxBodyBytes)
        let identifier = try StewardshipController.identifier(body.identifier, "identifier")
        let steward = try StewardshipController.steward(context)
        let record = try await Erasure(database: database).erase(identifier, steward: steward, reason: body.reason)
        return try JSONResponse.make(record, status: .created)
    }

    /// `GET /v1/erasures`: the audit records of every erasure, newest first.
    @Sendable func list(_ request: Request, context: RapportRequestContext) async throws -> Response {
        try JSONResponse.make(ErasureList(erasures: try await Erasure(database: database).records()))
    }
}
