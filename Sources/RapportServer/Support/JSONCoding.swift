import Foundation
import Hummingbird
import RapportIngest

extension JSONEncoder {
    /// The API's encoder: snake_case keys come from each type's CodingKeys; dates are RFC 3339 in
    /// UTC with milliseconds (`2024-03-05T14:30:00.250Z`), keys sorted so responses are stable.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(APITime.format(date))
        }
        return encoder
    }
}

/// Timestamps as the API writes and reads them.
enum APITime {
    /// RFC 3339 in UTC with millisecond precision.
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// `2026-11-20`, `2026-11-20T10:00:00Z` or with fractional seconds / an offset; nil otherwise.
    ///
    /// Read by Rapport's own strict parser: Foundation's took `2026-02-30` for 2 March and a
    /// six-digit year such as `500000-01-01`, whose instant PostgresNIO cannot encode: it trapped,
    /// and one `POST /v1/reports` took the server down.
    static func parse(_ text: String) -> Date? {
        ISO8601Timestamp.date(from: text.utf8.count == 10 ? text + "T00:00:00Z" : text)
    }
}

/// Responses with a JSON body.
enum JSONResponse {
    static func make<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) throws -> Response {
        let bytes = try JSONEncoder.api.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// Decodes a JSON request body of at most `limit` bytes; anything else is a 400 problem.
    static func decode<Value: Decodable>(_ type: Value.Type, from request: Request, limit: Int) async throws -> Value {
        guard let value = try await decodeIfPresent(type, from: request, limit: limit) else {
            throw Problem(.malformedRequest, "the request needs a JSON body")
        }
        return value
    }

    /// As ``decode(_:from:limit:)``, but an empty body is nil.
    static func decodeIfPresent<Value: Decodable>(_ type: Value.Type, from request: Request, limit: Int) async throws -> Value? {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        guard buffer.readableBytesView.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return nil }
        do {
            return try JSONDecoder().decode(Value.self, from: Data(buffer.readableBytesView))
        } catch {
            throw Problem(.malformedRequest, "the body is not the JSON object this endpoint expects: \(DecodingDescription.of(error))")
        }
    }
}

/// A short account of a decoding error that names the field, never echoing values.
enum DecodingDescription {
    static func of(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "unreadable JSON" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return keys.isEmpty ? "the body" : "'\(keys)'"
        }
        switch decoding {
        case .keyNotFound(let key, _): return "'\(key.stringValue)' is required"
        case .typeMismatch(_, let context): return "\(path(context)) has the wrong type"
        case .valueNotFound(_, let context): return "\(path(context)) must not be null"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)) is invalid"
        @unknown default: return "unreadable JSON"
        }
    }
}
