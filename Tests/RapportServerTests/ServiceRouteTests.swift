import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RapportServer
import RapportStore
import Testing

@Suite("Health, readiness, metrics and the contract")
struct ServiceRouteTests {
    @Test func healthAndReadinessOnACurrentDatabase() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                let health = try await client.execute(uri: "/healthz", method: .get)
                #expect(health.status == .ok)
                let ready = try await client.execute(uri: "/readyz", method: .get)
                #expect(ready.status == .ok)
                #expect(try Body.json(ready)["status"] as? String == "ready")
            }
        }
    }

    @Test func notReadyWhileTheSchemaIsMissing() async throws {
        try await TestServer.with(migrated: false) { server in
            try await server.test { client in
                #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
                let ready = try await client.execute(uri: "/readyz", method: .get)
                #expect(ready.status == .serviceUnavailable)
                #expect(try Body.problemType(ready) == "urn:rapport:problem:schema-not-current")
            }
        }
    }

    @Test func metricsCountRequestsPerRouteAndIngestOutcomes() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                try await LookupRouteTests.seed(server, client)
                for _ in 0..<3 {
                    _ = try await client.execute(
                        uri: "/v1/identities/twitter:janedoe/timeline", method: .get, headers: server.headers(.reader))
                }
                let scrape = try await client.execute(uri: "/metrics", method: .get, headers: server.headers(.reader))
                #expect(scrape.status == .ok)
                let text = String(buffer: scrape.body)
                #expect(
                    text.contains(#"rapport_http_requests_total{route="/v1/identities/{identifier}/timeline",method="GET",status="200"} 3"#)
                )
                #expect(text.contains(#"rapport_http_request_duration_seconds_bucket{route="/v1/identities/{identifier}/timeline""#))
                #expect(text.contains(#"rapport_ingest_items_total{kind="interactions",outcome="inserted"} 7"#))
                #expect(text.contains("rapport_db_connections"))
                #expect(!text.contains("janedoe"), "metrics never carry identifiers")
            }
        }
    }

    @Test func wrongMethodOnARouteIs405WithAllow() async throws {
        try await TestServer.with(migrated: false) { server in
            try await server.test { client in
                let response = try await client.execute(uri: "/v1/merges", method: .put)
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
                #expect(try Body.problemType(response) == "urn:rapport:problem:method-not-allowed")
                let literal = try await client.execute(uri: "/v1/merges/preview", method: .options)
                #expect(literal.headers[.allow] == "POST", "the literal route wins over /v1/merges/{id}")
                let elsewhere = try await client.execute(uri: "/v1/nothing/here", method: .put)
                #expect(elsewhere.status == .notFound)
            }
        }
    }

    @Test func servesTheContract() async throws {
        try await TestServer.with(migrated: false) { server in
            try await server.test { client in
                let response = try await client.execute(uri: "/openapi.yaml", method: .get)
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("openapi: 3.1"))
            }
        }
    }
}
