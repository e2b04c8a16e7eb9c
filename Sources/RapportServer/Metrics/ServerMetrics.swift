import CoreMetrics
import Metrics
import Prometheus

/// The service's metrics, recorded through swift-metrics into its own Prometheus registry, so each
/// application (and each test) counts on its own and nothing depends on a global bootstrap.
///
/// - `rapport_http_requests_total{route,method,status}` and
///   `rapport_http_request_duration_seconds{route,method,status}` (a histogram) per route template;
/// - `rapport_http_requests_in_flight`;
/// - `rapport_ingest_items_total{kind,outcome}`: interactions and customers by outcome;
/// - `rapport_db_connections{state}`: the database's sessions by state, sampled at each scrape.
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        let latencyBuckets: [Duration] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        ]
        factory.defaultDurationHistogramBuckets = latencyBuckets
        self.factory = factory
    }

    func requestCounter(route: String, method: String, status: Int) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: "rapport_http_requests_total", dimensions: labels(route, method, status), factory: factory)
    }

    func requestTimer(route: String, method: String, status: Int) -> CoreMetrics.Timer {
        CoreMetrics.Timer(label: "rapport_http_request_duration_seconds", dimensions: labels(route, method, status), factory: factory)
    }

    var inFlight: CoreMetrics.Meter { CoreMetrics.Meter(label: "rapport_http_requests_in_flight", factory: factory) }

    /// Counts ingested items: `kind` is interactions or customers; `outcome` inserted, duplicate,
    /// updated, unchanged or rejected.
    func recordIngest(kind: String, outcome: String, count: Int) {
        guard count > 0 else { return }
        CoreMetrics.Counter(label: "rapport_ingest_items_total", dimensions: [("kind", kind), ("outcome", outcome)], factory: factory)
            .increment(by: count)
    }

    func recordConnections(_ byState: [String: Int]) {
        for state in ["active", "idle", "idle in transaction", "other"] {
            CoreMetrics.Gauge(label: "rapport_db_connections", dimensions: [("state", state)], factory: factory).record(byState[state] ?? 0)
        }
    }

    /// The Prometheus text exposition of everything recorded.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    private func labels(_ route: String, _ method: String, _ status: Int) -> [(String, String)] {
        [("route", route), ("method", method), ("status", String(status))]
    }
}
