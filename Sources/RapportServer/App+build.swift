import Foundation
import Hummingbird
import ServiceLifecycle
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
    /// How long a request may wait for the database before the database is checked; when it then
    /// cannot be reached, the request is answered 503 instead of waiting on (see ``DatabaseAvailability``).
    public var databasePatience: Duration
    /// How long `/readyz` waits for the database before it answers 503.
    public var readinessTimeout: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 8 << 20, tokenCacheTTL: Duration = .seconds(5),
        ingestOptions: IngestOptions = .init(), databasePatience: Duration = .seconds(2), readinessTimeout: Duration = .seconds(1)
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.tokenCacheTTL = tokenCacheTTL
        self.ingestOptions = ingestOptions
        self.databasePatience = databasePatience
        self.readinessTimeout = readinessTimeout
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
    metrics: ServerMetrics = ServerMetrics(), services: [any Service] = [], logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(
        configuration: configuration, database: database, migrator: migrator, apiDocument: apiDocument, metrics: metrics)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "rapport"),
        services: services,
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

    let availability = DatabaseAvailability(url: database.url, logger: database.logger)
    let bounded = DatabaseBoundedRoutes(availability: availability, patience: configuration.databasePatience)
    let verifier = TokenVerifier(
        tokens: APITokens(database: database), ttl: configuration.tokenCacheTTL, availability: availability,
        patience: configuration.databasePatience)
    let limit = configuration.maxBodyBytes

    let service = ServiceController(
        database: database, migrator: migrator, metrics: metrics, apiDocument: apiDocument, availability: availability,
        patience: configuration.databasePatience, readinessTimeout: configuration.readinessTimeout)
    router.get("/healthz", use: service.health)
    router.get("/readyz", use: service.readiness)
    router.get("/openapi.yaml", use: service.contract)

    let readers = router.group().add(middleware: Authorization(.reader, verifier: verifier))
    readers.get("/metrics", use: service.scrape)
    let lookup = LookupController(database: database)
    readers.get("/v1/identities/{identifier}", use: bounded(lookup.identity))
    readers.get("/v1/identities/{identifier}/timeline", use: bounded(lookup.timeline))
    readers.get("/v1/identities/{identifier}/history", use: bounded(lookup.history))
    readers.get("/v1/profiles/{id}", use: bounded(lookup.profile))
    let stewardship = StewardshipController(database: database, maxBodyBytes: limit)
    readers.get("/v1/merges/{id}", use: bounded(stewardship.show))
    let insight = InsightController(database: database, maxBodyBytes: limit)
    readers.get("/v1/reports", use: bounded(insight.list))
    readers.get("/v1/reports/{id}", use: bounded(insight.show))
    readers.post("/v1/reports", use: bounded(insight.run))

    let writers = router.group().add(middleware: Authorization(.ingest, verifier: verifier))
    let ingest = IngestController(database: database, maxBodyBytes: limit, options: configuration.ingestOptions, metrics: metrics)
    writers.post("/v1/interactions", use: bounded(ingest.interactions))
    writers.post("/v1/customers", use: bounded(ingest.customers))

    let stewards = router.group().add(middleware: Authorization(.steward, verifier: verifier))
    stewards.post("/v1/merges/preview", use: bounded(stewardship.preview))
    stewards.post("/v1/merges", use: bounded(stewardship.merge))
    stewards.post("/v1/merges/{id}/unmerge", use: bounded(stewardship.unmerge))
    stewards.post("/v1/detachments", use: bounded(stewardship.detach))
    let suggestions = SuggestionController(database: database, maxBodyBytes: limit)
    stewards.get("/v1/suggestions", use: bounded(suggestions.list))
    stewards.post("/v1/suggestions/{id}/accept", use: bounded(suggestions.accept))
    stewards.post("/v1/suggestions/{id}/reject", use: bounded(suggestions.reject))

    let admins = router.group().add(middleware: Authorization(.admin, verifier: verifier))
    let tokens = TokenController(tokens: APITokens(database: database), maxBodyBytes: limit)
    admins.get("/v1/tokens", use: bounded(tokens.list))
    admins.post("/v1/tokens", use: bounded(tokens.create))
    admins.post("/v1/tokens/{name}/revoke", use: bounded(tokens.revoke))
    let privacy = PrivacyController(database: database, maxBodyBytes: limit)
    admins.get("/v1/identities/{identifier}/export", use: bounded(privacy.export))
    admins.get("/v1/erasures", use: bounded(privacy.list))
    admins.post("/v1/erasures", use: bounded(privacy.erase))

    // Last, so it wraps only the not-found responder.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes.map { ("\($0.path)", $0.method.rawValue) }))
    return router
}

/// Runs the application in a `ServiceGroup` until SIGTERM or SIGINT: the server stops accepting
/// connections and lets in-flight requests finish before this returns (and the caller closes the pool).
/// With `nightlyAt`, the nightly job runs beside it every day at that UTC time (``NightlySchedule``).
public func runServer(
    configuration: ServerConfiguration, database: Database, migrator: Migrator, apiDocument: [UInt8],
    nightlyAt: NightlySchedule.TimeOfDay? = nil, logger: Logger
) async throws {
    let services: [any Service] = nightlyAt.map { [NightlySchedule(database: database, at: $0, logger: logger)] } ?? []
    let app = buildApplication(
        configuration: configuration, database: database, migrator: migrator, apiDocument: apiDocument, services: services,
        logger: logger)
    try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
}
