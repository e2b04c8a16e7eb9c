import Foundation
import Hummingbird
import RapportInsight
import RapportStore

/// The process-flaw reports: the stored ones, one of them as JSON or HTML, and a new run.
struct InsightController {
    let database: Database
    let maxBodyBytes: Int

    struct ReportList: Encodable { var reports: [StoredReportSummary] }

    struct RunRequest: Decodable {
        var from: String
        var to: String
    }

    struct RunResult: Encodable {
        var id: Int64
        var report: FlawReport
    }

    /// Periods longer than this are refused: a report is for days or weeks, not the whole store.
    static let longestPeriodDays = 366.0

    /// `GET /v1/reports`: the stored reports, newest first (`limit`, default 30, at most 500).
    @Sendable func list(_ request: Request, context: RapportRequestContext) async throws -> Response {
        var limit = 30
        if let text = request.uri.queryParameters.get("limit") {
            guard let value = Int(text), (1...500).contains(value) else {
                throw Problem(.invalidParameter, "limit must be an integer from 1 to 500")
            }
            limit = value
        }
        return try JSONResponse.make(ReportList(reports: try await ReportArchive(database: database).list(limit: limit)))
    }

    /// `GET /v1/reports/{id}`: one report, JSON by default; HTML for `?format=html` or `Accept: text/html`.
    @Sendable func show(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let id = try RequestInput.id("id", context)
        let format = request.uri.queryParameters.get("format")
        guard format == nil || format == "json" || format == "html" else { throw Problem(.invalidParameter, "format is json or html") }
        let wantsHTML = format == "html" || (format == nil && (request.headers[.accept] ?? "").contains("text/html"))
        let report: FlawReport
        do {
            report = try await ReportArchive(database: database).report(id)
        } catch StoreError.refused {
            throw Problem(.notFound, "there is no stored report \(id)")
        }
        if wantsHTML {
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: try report.rendered(as: .html)))
            )
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try report.jsonData())))
    }

    /// `POST /v1/reports`: runs the flaw report for a period and stores it (201).
    @Sendable func run(_ request: Request, context: RapportRequestContext) async throws -> Response {
        let body = try await JSONResponse.decode(RunRequest.self, from: request, limit: maxBodyBytes)
        guard let from = APITime.parse(body.from), let to = APITime.parse(body.to) else {
            throw Problem(.malformedRequest, "'from' and 'to' are dates (2026-11-20) or RFC 3339 times")
        }
        let period: FlawPeriod
        do {
            period = try FlawPeriod(from: from, to: to)
        } catch {
            throw Problem(.malformedRequest, "'to' must be after 'from'")
        }
        guard period.days <= Self.longestPeriodDays else {
            throw Problem(.malformedRequest, "a report covers at most \(Int(Self.longestPeriodDays)) days")
        }
        let report = try await FlawReporter(database: database).report(for: period, asOf: to)
        let id = try await ReportArchive(database: database).save(report, origin: .flaws)
        var response = try JSONResponse.make(RunResult(id: id, report: report), status: .created)
        response.headers[.location] = "/v1/reports/\(id)"
        return response
    }
}
