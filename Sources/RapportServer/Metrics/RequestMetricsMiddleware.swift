import Foundation
import Hummingbird
import Logging

/// Counts and times every request by route template (never the raw path, which holds
/// identifiers), and logs one line per request: route, status and duration at info, the raw path
/// only at debug. Headers (tokens) and bodies are never logged.
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    public init(metrics: ServerMetrics) {
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let inFlight = metrics.inFlight
        inFlight.increment()
        defer { inFlight.decrement() }
        let response: Response
        let status: Int
        do {
            response = try await next(request, context)
            status = Int(response.status.code)
        } catch {
            status = Int(ProblemMiddleware<Context>.problem(for: error).status.code)
            record(request, context, status: status, since: start)
            throw error
        }
        record(request, context, status: status, since: start)
        return response
    }

    private func record(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        let method = request.method.rawValue
        metrics.requestCounter(route: route, method: method, status: status).increment()
        metrics.requestTimer(route: route, method: method, status: status).recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        )
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: ["method": "\(method)", "route": "\(route)", "status": "\(status)", "ms": "\(String(format: "%.2f", milliseconds))"]
        )
        context.logger.debug("request path", metadata: ["path": "\(request.uri.path)"])
    }
}
