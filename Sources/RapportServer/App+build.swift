import Foundation
import Hummingbird
import Logging
import RapportIngest
import RapportStore

/// How `rapport serve` runs.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The largest request body accepted (413 above it).
    public var maxBodyBytes: Int
    /// How long a token check is remembered; a revoked token stops working within this time.
    public var tokenCacheTTL: Duration
    /// Limits and normalisation for ingested rows.
    public var ingestOptions: IngestOptions

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 8 << 20, tokenCacheTTL: Duration = .seconds(5),
        ingestOptions: IngestOptions = .init()
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.tokenCacheTTL = tokenCacheTTL
        self.ingestOptions = ingestOptions
    }
}

/// Builds the HTTP application over a running database pool. The caller owns the pool (it must
/// outlive the application) and has checked the schema; `rapport serve` and the tests both call
/// this, so tests exercise the production wiring.
///
/// - Parameters:
///   - apiDocument: the OpenAPI document served at `/openapi.yaml` (see ``APIDocument``).
public func buildApplication(
    configuration: ServerConfiguration, database: Database, migrator: Migrator, apiDocument: [UInt8],
    metrics: ServerMetrics = ServerMetrics(), logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(
        configuration: configuration, database: database, migrator: migrator, apiDocument: apiDocument, metrics: metrics)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "rapport"),
        logger: logger
    )
}

/// Every route, its role and its middleware. `openapi.yaml` lists exactly these routes (a test
/// checks both directions).
public func buildRouter(
    configuration: ServerConfiguration, database: Database, migrator: Migrator, apiDocument: [UInt8], metrics: ServerMetrics
) -> Router<RapportRequestContext> {
    let router = Router(context: RapportRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    router.add(middleware: ProblemMiddleware())

    let verifier = TokenVerifier(tokens: APITokens(database: database), ttl: configuration.tokenCacheTTL)
    let limit = configuration.maxBodyBytes

    let service = ServiceController(database: database, migrator: migrator, metrics: metrics, apiDocument: apiDocument)
    router.get("/healthz", use: service.health)
    router.get("/readyz", use: service.readiness)
    router.get("/openapi.yaml", use: service.contract)

    let readers = router.group().add(middleware: Authorization(.reader, verifier: verifier))
    readers.get("/metrics", use: service.scrape)
    let lookup = LookupController(database: database)
    readers.get("/v1/identities/{identifier}", use: lookup.identity)
    readers.get("/v1/identities/{identifier}/timeline", use: lookup.timeline)
    readers.get("/v1/identities/{identifier}/history", use: lookup.history)
    readers.get("/v1/profiles/{id}", use: lookup.profile)
    let stewardship = StewardshipController(database: database, maxBodyBytes: limit)
    readers.get("/v1/merges/{id}", use: stewardship.show)
    let insight = InsightController(database: database, maxBodyBytes: limit)
    readers.get("/v1/reports", use: insight.list)
    readers.get("/v1/reports/{id}", use: insight.show)
    readers.post("/v1/reports", use: insight.run)

    let writers = router.group().add(middleware: Authorization(.ingest, verifier: verifier))
    let ingest = IngestController(database: database, maxBodyBytes: limit, options: configuration.ingestOptions, metrics: metrics)
    writers.post("/v1/interactions", use: ingest.interactions)
    writers.post("/v1/customers", use: ingest.customers)

    let stewards = router.group().add(middleware: Authorization(.steward, verifier: verifier))
    stewards.post("/v1/merges/preview", use: stewardship.preview)
    stewards.post("/v1/merges", use: stewardship.merge)
    stewards.post("/v1/merges/{id}/unmerge", use: stewardship.unmerge)
    stewards.post("/v1/detachments", use: stewardship.detach)
    let suggestions = SuggestionController(database: database, maxBodyBytes: limit)
    stewards.get("/v1/suggestions", use: suggestions.list)
    stewards.post("/v1/suggestions/{id}/accept", use: suggestions.accept)
    stewards.post("/v1/suggestions/{id}/reject", use: suggestions.reject)

    let admins = router.group().add(middleware: Authorization(.admin, verifier: verifier))
    let tokens = TokenController(tokens: APITokens(database: database), maxBodyBytes: limit)
    admins.get("/v1/tokens", use: tokens.list)
    admins.post("/v1/tokens", use: tokens.create)
    admins.post("/v1/tokens/{name}/revoke", use: tokens.revoke)
    let privacy = PrivacyController(database: database, maxBodyBytes: limit)
    admins.get("/v1/identities/{identifier}/export", use: privacy.export)
    admins.get("/v1/erasures", use: privacy.list)
    admins.post("/v1/erasures", use: privacy.erase)

    // Last, so it wraps only the not-found responder.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes.map { ("\($0.path)", $0.method.rawValue) }))
    return router
}

/// Runs the application in a `ServiceGroup` until SIGTERM or SIGINT: the server stops accepting
/// connections and lets in-flight requests finish before this returns (and the caller closes the pool).
public func runServer(
    configuration: ServerConfiguration, database: Database, migrator: Migrator, apiDocument: [UInt8], logger: Logger
) async throws {
    let app = buildApplication(
        configuration: configuration, database: database, migrator: migrator, apiDocument: apiDocument, logger: logger)
    try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
}
