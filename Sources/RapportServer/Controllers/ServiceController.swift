import Hummingbird
import RapportStore

/// The operational routes: liveness, readiness, metrics and the API contract.
struct ServiceController {
    let database: Database
    let migrator: Migrator
    let metrics: ServerMetrics
    let apiDocument: [UInt8]
    let availability: DatabaseAvailability
    let patience: Duration
    let readinessTimeout: Duration

    struct Status: Codable { var status: String }

    /// The process is up and serving; says nothing about the database.
    @Sendable func health(_ request: Request, context: RapportRequestContext) async throws -> Response {
        try JSONResponse.make(Status(status: "ok"))
    }

    /// The database accepts connections, the pool gets one within `readinessTimeout`, and the schema
    /// is current; 503 otherwise. Answers within about `readinessTimeout` whatever the database does.
    @Sendable func readiness(_ request: Request, context: RapportRequestContext) async throws -> Response {
        if await availability.currentFailure() != nil {
            throw Problem(.databaseUnavailable, "the database cannot be reached")
        }
        let (migrator, database) = (self.migrator, self.database)
        do {
            try await availability.within(readinessTimeout) { try await migrator.requireCurrent(database) }
        } catch let error as StoreError {
            if case .schemaNotCurrent = error { throw Problem(.schemaNotCurrent, "the database schema is not current") }
            throw Problem(.databaseUnavailable, "the database cannot be reached")
        } catch {
            throw Problem(.databaseUnavailable, "the database cannot be reached")
        }
        return try JSONResponse.make(Status(status: "ready"))
    }

    /// Prometheus text exposition; samples the database's sessions first.
    @Sendable func scrape(_ request: Request, context: RapportRequestContext) async throws -> Response {
        if let sessions = try? await availability.bounded(patience: patience, { try await sessionsByState() }) {
            metrics.recordConnections(sessions)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
        )
    }

    /// The OpenAPI 3.1 document this server implements.
    @Sendable func contract(_ request: Request, context: RapportRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(bytes: apiDocument)))
    }

    private func sessionsByState() async throws -> [String: Int] {
        let rows = try await database.client.query(
            """
            SELECT CASE WHEN state IN ('active', 'idle', 'idle in transaction') THEN state ELSE 'other' END, count(*)::int8
            FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' GROUP BY 1
            """,
            logger: database.logger
        )
        var result: [String: Int] = [:]
        for try await (state, count) in rows.decode((String, Int64).self) { result[state] = Int(count) }
        return result
    }
}
