import Foundation
import Hummingbird
import RapportCore
import RapportIngest
import RapportStore

/// Writing: interaction batches from channels and CRM customer upserts.
struct IngestController {
    let database: Database
    let maxBodyBytes: Int
    let options: IngestOptions
    let metrics: ServerMetrics

    /// A rejected customer row.
    struct RejectedItem: Encodable {
        var line: Int
        var kind: String
        var field: String?
        var detail: String
    }

    struct CustomerBatchResult: Encodable {
        var summary: CustomerImportSummary
        var rejects: [RejectedItem]
    }

    /// `POST /v1/interactions`: JSONL (`application/x-ndjson`) or a JSON array (`application/json`).
    @Sendable func interactions(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let media = try Self.mediaType(request, accepted: ["application/x-ndjson", "application/jsonl", "application/json"])
        var body = try await Self.body(request, limit: maxBodyBytes)
        if media == "application/json" || media == nil, let lines = JSONArrayLines.convert(body) {
            body = lines
        } else if media == "application/json", Self.firstByte(body) == UInt8(ascii: "[") {
            throw Problem(.unreadableBody, "the body starts a JSON array that does not end properly")
        }
        guard Self.firstByte(body) == nil || Self.firstByte(body) == UInt8(ascii: "{") else {
            throw Problem(.unreadableBody, "expected JSON objects, one per line, or a JSON array of them")
        }
        let result = try await InteractionBatchIngest(database: database).run(body, options: options)
        metrics.recordIngest(kind: "interactions", outcome: "inserted", count: result.summary.inserted)
        metrics.recordIngest(kind: "interactions", outcome: "duplicate", count: result.summary.duplicates)
        metrics.recordIngest(kind: "interactions", outcome: "rejected", count: result.summary.rejected)
        return try JSONResponse.make(result)
    }

    /// `POST /v1/customers`: CRM CSV (`text/csv`) or a JSON array of customer objects.
    @Sendable func customers(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let media = try Self.mediaType(request, accepted: ["text/csv", "application/json"])
        let body = try await Self.body(request, limit: maxBodyBytes)
        var csv = body
        var lineOfItem: [Int: Int]?
        if media == "application/json" {
            let converted = try CustomerRows.csv(fromJSON: body)
            csv = converted.csv
            lineOfItem = Dictionary(converted.startLines.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        }
        var reader = try CustomerReader(bytes: csv, options: options)
        var rejects: [RejectedItem] = []
        let summary = try await CustomerImporter(database: database).load(
            from: &reader,
            rejects: { rows in
                for row in rows {
                    let line = lineOfItem?[row.error.line] ?? row.error.line
                    rejects.append(
                        RejectedItem(line: line, kind: row.error.kind.rawValue, field: row.error.field, detail: row.error.detail))
                }
            }
        )
        metrics.recordIngest(kind: "customers", outcome: "inserted", count: summary.inserted)
        metrics.recordIngest(kind: "customers", outcome: "updated", count: summary.updated)
        metrics.recordIngest(kind: "customers", outcome: "unchanged", count: summary.unchanged)
        metrics.recordIngest(kind: "customers", outcome: "rejected", count: summary.rejected)
        return try JSONResponse.make(CustomerBatchResult(summary: summary, rejects: rejects))
    }

    /// The request's media type, lower-cased without parameters; 415 unless it is one of `accepted`
    /// (a missing Content-Type is taken as the first).
    static func mediaType(_ request: Request, accepted: [String]) throws -> String? {
        guard let header = request.headers[.contentType] else { return nil }
        let media = header.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard accepted.contains(media) else {
            throw Problem(.unsupportedMediaType, "send \(accepted.joined(separator: " or "))")
        }
        return media
    }

    static func body(_ request: Request, limit: Int) async throws -> [UInt8] {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        return Array(buffer.readableBytesView)
    }

    static func firstByte(_ bytes: [UInt8]) -> UInt8? {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index < bytes.count ? bytes[index] : nil
    }
}
