import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RapportServer
import RapportStore
import Testing

/// Every route against every role, and every kind of bad token.
@Suite("Roles and tokens")
struct AuthorizationTests {
    struct RouteCase: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        /// The route as the router and openapi.yaml name it.
        var route: String
        /// A concrete path for it.
        var path: String
        /// The role it needs; nil for public routes.
        var role: Role?
        var body: String? = nil
        var contentType: String? = nil
        var description: String { "\(method) \(route)" }
    }

    static let interaction =
        #"{"source":"web","external_id":"r1","channel":"webchat","direction":"inbound","occurred_at":"2026-01-01T10:00:00Z","customer":"webchat:visitor-1","body":"hi"}"#

    static let cases: [RouteCase] = [
        RouteCase(method: .get, route: "/healthz", path: "/healthz", role: nil),
        RouteCase(method: .get, route: "/readyz", path: "/readyz", role: nil),
        RouteCase(method: .get, route: "/openapi.yaml", path: "/openapi.yaml", role: nil),
        RouteCase(method: .get, route: "/metrics", path: "/metrics", role: .reader),
        RouteCase(method: .get, route: "/v1/identities/{identifier}", path: "/v1/identities/webchat:visitor-1", role: .reader),
        RouteCase(
            method: .get, route: "/v1/identities/{identifier}/timeline", path: "/v1/identities/webchat:visitor-1/timeline", role: .reader),
        RouteCase(
            method: .get, route: "/v1/identities/{identifier}/history", path: "/v1/identities/webchat:visitor-1/history", role: .reader),
        RouteCase(method: .get, route: "/v1/profiles/{id}", path: "/v1/profiles/1", role: .reader),
        RouteCase(method: .get, route: "/v1/merges/{id}", path: "/v1/merges/1", role: .reader),
        RouteCase(
            method: .post, route: "/v1/interactions", path: "/v1/interactions", role: .ingest, body: interaction,
            contentType: "application/x-ndjson"
        ),
        RouteCase(
            method: .post, route: "/v1/customers", path: "/v1/customers", role: .ingest, body: "crm_source,crm_id,name\nhubspot,1,Kim\n",
            contentType: "text/csv"
        ),
        RouteCase(
            method: .post, route: "/v1/merges/preview", path: "/v1/merges/preview", role: .steward,
            body: #"{"a":"webchat:visitor-1","b":"email:kim@example.com"}"#, contentType: "application/json"
        ),
        RouteCase(
            method: .post, route: "/v1/merges", path: "/v1/merges", role: .steward,
            body: #"{"a":"webchat:visitor-1","b":"email:nobody@example.com","reason":"test"}"#, contentType: "application/json"
        ),
        RouteCase(
            method: .post, route: "/v1/merges/{id}/unmerge", path: "/v1/merges/999/unmerge", role: .steward, body: #"{"reason":"test"}"#,
            contentType: "application/json"
        ),
        RouteCase(
            method: .post, route: "/v1/detachments", path: "/v1/detachments", role: .steward,
            body: #"{"identifier":"webchat:visitor-1","reason":"test"}"#, contentType: "application/json"
        ),
        RouteCase(method: .get, route: "/v1/reports", path: "/v1/reports", role: .reader),
        RouteCase(method: .get, route: "/v1/reports/{id}", path: "/v1/reports/1", role: .reader),
        RouteCase(
            method: .post, route: "/v1/reports", path: "/v1/reports", role: .reader, body: #"{"from":"2026-01-01","to":"2026-01-02"}"#,
            contentType: "application/json"
        ),
        RouteCase(method: .get, route: "/v1/suggestions", path: "/v1/suggestions", role: .steward),
        RouteCase(method: .post, route: "/v1/suggestions/{id}/accept", path: "/v1/suggestions/1/accept", role: .steward),
        RouteCase(method: .post, route: "/v1/suggestions/{id}/reject", path: "/v1/suggestions/1/reject", role: .steward),
        RouteCase(method: .get, route: "/v1/tokens", path: "/v1/tokens", role: .admin),
        RouteCase(
            method: .post, route: "/v1/tokens", path: "/v1/tokens", role: .admin, body: #"{"name":"made-in-test","role":"reader"}"#,
            contentType: "application/json"
        ),
        RouteCase(method: .post, route: "/v1/tokens/{name}/revoke", path: "/v1/tokens/nobody/revoke", role: .admin),
        RouteCase(
            method: .get, route: "/v1/identities/{identifier}/export", path: "/v1/identities/webchat:visitor-1/export", role: .admin),
        RouteCase(method: .get, route: "/v1/erasures", path: "/v1/erasures", role: .admin),
        RouteCase(
            method: .post, route: "/v1/erasures", path: "/v1/erasures", role: .admin,
            body: #"{"identifier":"email:nobody@example.com","reason":"DSR-1"}"#, contentType: "application/json"
        ),
    ]

    @Test func matrixCoversEveryRouteOfTheRouter() async throws {
        try await TestServer.with(migrated: false) { server in
            let router = buildRouter(
                configuration: .init(), database: server.database, migrator: try TestServer.migrator, apiDocument: [],
                metrics: server.metrics
            )
            let routed = Set(router.routes.map { "\($0.method) \($0.path)" })
            let covered = Set(Self.cases.map(\.description))
            #expect(routed == covered)
        }
    }

    @Test func everyRouteAllowsItsRolesAndRefusesTheOthers() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                for route in Self.cases {
                    for role in Role.allCases {
                        let response = try await client.execute(
                            uri: route.path, method: route.method, headers: server.headers(role, contentType: route.contentType),
                            body: route.body.map { ByteBuffer(string: $0) }
                        )
                        let allowed = route.role.map { role.allows($0) } ?? true
                        if allowed {
                            #expect(![.unauthorized, .forbidden].contains(response.status), "\(route) as \(role): \(response.status)")
                            #expect(response.status.code < 500, "\(route) as \(role): \(String(buffer: response.body))")
                        } else {
                            #expect(response.status == .forbidden, "\(route) as \(role): \(response.status)")
                            #expect(try Body.problemType(response) == "urn:rapport:problem:forbidden")
                        }
                    }
                }
            }
        }
    }

    @Test func roleTableIsAsDocumented() {
        #expect(Role.reader.allows(.reader) && !Role.reader.allows(.ingest) && !Role.reader.allows(.steward) && !Role.reader.allows(.admin))
        #expect(Role.ingest.allows(.ingest) && !Role.ingest.allows(.reader) && !Role.ingest.allows(.steward))
        #expect(
            Role.steward.allows(.steward) && Role.steward.allows(.reader) && !Role.steward.allows(.ingest) && !Role.steward.allows(.admin))
        #expect(Role.allCases.allSatisfy { Role.admin.allows($0) })
    }

    @Test func missingMalformedUnknownAndRevokedTokensGetTheSame401() async throws {
        try await TestServer.with { server in
            let revoked = try await APITokens(database: server.database).create(name: "leaver", role: .admin).token
            let unknown = "rpt_" + String(repeating: "ab", count: 32)
            let headers: [(String, String?)] = [
                ("missing", nil), ("not bearer", "Basic dXNlcjpwYXNz"), ("empty bearer", "Bearer "), ("malformed", "Bearer rpt_nothex"),
                ("unknown", "Bearer \(unknown)"), ("revoked", "Bearer \(revoked)"),
            ]
            try await server.test { client in
                // The revoked token works until it is revoked.
                let before = try await client.execute(uri: "/v1/tokens", method: .get, headers: [.authorization: "Bearer \(revoked)"])
                #expect(before.status == .ok)
                _ = try await APITokens(database: server.database).revoke(name: "leaver")
                var details = Set<String>()
                for (label, value) in headers {
                    var fields = HTTPFields()
                    if let value { fields[.authorization] = value }
                    let response = try await client.execute(uri: "/v1/identities/email:a@example.com", method: .get, headers: fields)
                    #expect(response.status == .unauthorized, "\(label)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"rapport\"")
                    let body = String(buffer: response.body)
                    #expect(!body.contains(revoked) && !body.contains(unknown), "\(label) echoes the token")
                    details.insert(body)
                }
                #expect(details.count == 1, "every bad token gets the same answer")
            }
        }
    }

    @Test func tokenCacheRemembersForItsTimeOnly() async throws {
        try await TestServer.with { server in
            let tokens = APITokens(database: server.database)
            let token = try await tokens.create(name: "cached", role: .reader).token
            let verifier = TokenVerifier(tokens: tokens, ttl: .seconds(60))
            #expect(try await verifier.caller(for: token) == APICaller(name: "cached", role: .reader))
            _ = try await tokens.revoke(name: "cached")
            #expect(try await verifier.caller(for: token) != nil, "remembered within the ttl")
            let uncached = TokenVerifier(tokens: tokens, ttl: .zero)
            #expect(try await uncached.caller(for: token) == nil)
        }
    }

    @Test func onlyTheHashIsStored() async throws {
        try await TestServer.with { server in
            let issued = try await APITokens(database: server.database).create(name: "hash-check", role: .ingest)
            #expect(issued.token.hasPrefix("rpt_") && issued.token.count == 68)
            let rows = try await server.database.client.query(
                "SELECT token_hash FROM api_tokens WHERE name = 'hash-check'", logger: server.database.logger
            )
            var hashes: [String] = []
            for try await hash in rows.decode(String.self) { hashes.append(hash) }
            #expect(hashes == [SHA256.hex(issued.token)])
            await #expect(throws: StoreError.self) {
                _ = try await APITokens(database: server.database).create(name: "hash-check", role: .reader)
            }
        }
    }
}
