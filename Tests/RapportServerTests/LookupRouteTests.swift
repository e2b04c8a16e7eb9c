import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RapportServer
import RapportStore
import Testing

@Suite("Lookups and timelines")
struct LookupRouteTests {
    /// Jane writes on twitter (t1...t5, a minute apart) and by email (e1, e2).
    static func seed(_ server: TestServer, _ client: some TestClientProtocol) async throws {
        var lines = (1...5).map { IngestRouteTests.line("t\($0)", at: "2026-03-05T14:0\($0):00Z") }
        for n in 1...2 {
            lines.append(
                #"{"source":"zendesk","external_id":"e\#(n)","channel":"email","direction":"inbound","occurred_at":"2026-03-06T09:0\#(n):00Z","customer":"email:jane@example.com","body":"mail"}"#
            )
        }
        let response = try await client.execute(
            uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/x-ndjson"),
            body: ByteBuffer(string: lines.joined(separator: "\n"))
        )
        #expect(response.status == .ok)
    }

    static func entries(_ response: TestResponse) throws -> [String] {
        let entries = try #require(try Body.json(response)["entries"] as? [[String: Any]])
        return entries.compactMap { $0["external_id"] as? String }
    }

    @Test func pagesThroughATimelineWithKeysetCursors() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                try await Self.seed(server, client)
                var seen: [String] = []
                var uri = "/v1/identities/twitter:@JaneDoe/timeline?limit=2"
                for _ in 0..<5 {
                    let page = try await client.execute(uri: uri, method: .get, headers: server.headers(.reader))
                    #expect(page.status == .ok)
                    seen += try Self.entries(page)
                    guard let cursor = try Body.json(page)["next_cursor"] as? String else { break }
                    uri = "/v1/identities/twitter:janedoe/timeline?limit=2&cursor=\(cursor)"
                }
                #expect(seen == ["t5", "t4", "t3", "t2", "t1"])
            }
        }
    }

    @Test func filtersByChannelAndTime() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                try await Self.seed(server, client)
                // Merge jane's email into her twitter profile so one timeline spans both channels.
                let merge = try await client.execute(
                    uri: "/v1/merges", method: .post, headers: server.headers(.steward, contentType: "application/json"),
                    body: ByteBuffer(string: #"{"a":"twitter:janedoe","b":"email:jane@example.com","reason":"same person"}"#)
                )
                #expect(merge.status == .created)
                let all = try await client.execute(
                    uri: "/v1/identities/email:Jane@Example.com/timeline", method: .get, headers: server.headers(.reader))
                #expect(try Self.entries(all) == ["e2", "e1", "t5", "t4", "t3", "t2", "t1"])
                let email = try await client.execute(
                    uri: "/v1/identities/twitter:janedoe/timeline?channel=email", method: .get, headers: server.headers(.reader)
                )
                #expect(try Self.entries(email) == ["e2", "e1"])
                let window = try await client.execute(
                    uri: "/v1/identities/twitter:janedoe/timeline?since=2026-03-05T14:02:00Z&until=2026-03-05T14:04:00Z",
                    method: .get, headers: server.headers(.reader)
                )
                #expect(try Self.entries(window) == ["t3", "t2"])
            }
        }
    }

    @Test func badParametersAre400AndUnknownPeople404() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                try await Self.seed(server, client)
                let cases: [(String, HTTPResponse.Status, String)] = [
                    ("/v1/identities/twitter:janedoe/timeline?limit=0", .badRequest, "invalid-parameter"),
                    ("/v1/identities/twitter:janedoe/timeline?limit=ten", .badRequest, "invalid-parameter"),
                    ("/v1/identities/twitter:janedoe/timeline?cursor=yesterday", .badRequest, "invalid-parameter"),
                    ("/v1/identities/twitter:janedoe/timeline?since=last%20week", .badRequest, "invalid-parameter"),
                    ("/v1/identities/twitter:janedoe/timeline?channel=pigeon", .badRequest, "invalid-parameter"),
                    ("/v1/identities/janedoe/timeline", .badRequest, "malformed-identifier"),
                    ("/v1/identities/twitter:nobody/timeline", .notFound, "unknown-identifier"),
                    ("/v1/identities/email:nobody@example.com", .notFound, "unknown-identifier"),
                    ("/v1/profiles/0", .badRequest, "invalid-parameter"),
                    ("/v1/profiles/999999", .notFound, "unknown-identifier"),
                    ("/v1/no-such-route", .notFound, "not-found"),
                ]
                for (uri, status, kind) in cases {
                    let response = try await client.execute(uri: uri, method: .get, headers: server.headers(.reader))
                    #expect(response.status == status, "\(uri)")
                    #expect(try Body.problemType(response) == "urn:rapport:problem:\(kind)", "\(uri)")
                }
            }
        }
    }

    @Test func profileAndIdentityShowTheSamePerson() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                try await Self.seed(server, client)
                let identity = try await client.execute(
                    uri: "/v1/identities/twitter:%40JaneDoe", method: .get, headers: server.headers(.reader))
                #expect(identity.status == .ok)
                let body = try Body.json(identity)
                #expect(body["identifier"] as? String == "twitter:janedoe")
                let profile = try #require(body["profile"] as? [String: Any])
                let id = try #require(profile["id"] as? Int)
                #expect((profile["channel_counts"] as? [String: Int]) == ["twitter": 5])
                let byID = try await client.execute(uri: "/v1/profiles/\(id)", method: .get, headers: server.headers(.reader))
                #expect(try Body.json(byID)["id"] as? Int == id)
            }
        }
    }
}
