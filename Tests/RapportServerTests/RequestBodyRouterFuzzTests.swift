import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RapportFuzzSupport
import RapportStore
import Testing

@testable import RapportServer

/// A sample of the same bodies, and of interaction and customer batches with values on the edges
/// of what PostgreSQL stores, sent through the production router to a real database: whatever the
/// body, the answer is never a 5xx, and every 4xx is problem+json with a type and a detail.
@Suite("HTTP request bodies through the router")
struct RequestBodyRouterFuzzTests {
    @Test func noBodyMakesTheServerFail() async throws {
        let campaign = FuzzCampaign(target: "http-router")
        let configuration = ServerConfiguration(
            port: 0, maxBodyBytes: RequestBodyFuzzTests.limit, tokenCacheTTL: .seconds(600),
            databasePatience: TestServer.configuration.databasePatience, readinessTimeout: TestServer.configuration.readinessTimeout)
        let tally = try await TestServer.with { server in
            try await server.test(configuration: configuration) { client in
                // One customer with one interaction, so timeline requests reach the timeline query.
                let seed = try await client.execute(
                    uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/x-ndjson"),
                    body: ByteBuffer(string: Self.seedLine)
                )
                #expect(seed.status == .ok)
                var tally = FuzzTally(campaign)
                for index in 0..<campaign.cases(300) {
                    var random = campaign.random(case: index)
                    let (path, role, contentType, body, mutation) = Self.request(&random)
                    let method: HTTPRequest.Method = path.hasPrefix("/v1/identities/") ? .get : .post
                    tally.inputs += 1
                    let shown = { "\(campaign.origin(case: index)) \(method) \(path) [\(mutation)]: \(FuzzDisplay.bytes(body))" }
                    let response = try await tally.timed {
                        try await client.execute(
                            uri: path, method: method, headers: server.headers(role, contentType: contentType),
                            body: ByteBuffer(bytes: body)
                        )
                    }
                    #expect(response.status.code < 500, "\(shown()): \(response.status) \(String(buffer: response.body))")
                    if response.status.code >= 400 {
                        tally.rejected += 1
                        #expect(response.headers[.contentType] == "application/problem+json", "\(shown())")
                        let document = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                        #expect((document?["type"] as? String)?.hasPrefix("urn:rapport:problem:") == true, "\(shown())")
                        #expect((document?["detail"] as? String).map { !$0.isEmpty } == true, "\(shown())")
                    } else {
                        tally.accepted += 1
                    }
                }
                return tally
            }
        }
        print(tally.summary)
        #expect(tally.accepted > 0 && tally.rejected > 0)
    }

    static let seedLine =
        #"{"source":"seed","external_id":"1","channel":"email","direction":"inbound","occurred_at":"2026-03-05T14:30:00Z","customer":"email:jane@example.com"}"#

    /// A request: a JSON body for a write endpoint, an interactions or customers batch, or a
    /// timeline or lookup with hostile path and query parameters.
    static func request(_ random: inout FuzzRandom) -> (String, Role, String, [UInt8], String) {
        switch random.int(in: 0..<10) {
        case 0...2:
            let pretty = random.chance(0.5)
            let elements = (1...random.int(in: 1...6)).map { IngestBodyFuzzTests.interaction($0, &random, pretty: pretty).text }
            if random.chance(0.5) {
                return (
                    "/v1/interactions", .ingest, "application/json", Array(("[" + elements.joined(separator: ",") + "]").utf8),
                    "interaction array"
                )
            }
            let lines = (1...random.int(in: 1...6)).map { IngestBodyFuzzTests.interaction($0, &random, pretty: false).text }
            var body = Array(lines.joined(separator: random.pick(["\n", "\r\n"])).utf8)
            if random.chance(0.3) { ByteMutator.json(hugeRun: 100).mutate(&body, &random) }
            return ("/v1/interactions", .ingest, "application/x-ndjson", body, "interaction lines")
        case 3:
            let key = random.pick(IngestBodyFuzzTests.attributeKeys)
            let email = random.pick(["a@b.co", "a\\u001fb@example.com", "x\\u0000@y.z", "İİ@example.com"])
            let body =
                #"[{"crm_source":"hubspot","crm_id":"c\#(random.int(in: 0...99))","emails":["\#(email)"],"#
                + "\"\(key.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\"", with: "\\\""))\":\"v\"}]"
            return ("/v1/customers", .ingest, "application/json", Array(body.utf8), "customer array")
        case 4:
            var body = Array("crm_source,crm_id,name,emails\nhubspot,1,\"Ng, Kim\",kim@example.org\nhubspot,2,x,a@b.co\n".utf8)
            ByteMutator.csv(hugeRun: 100).mutate(&body, &random)
            return ("/v1/customers", .ingest, "text/csv", body, "customer CSV")
        case 5:
            let name =
                random.pick(["bot\\u0000x", "a\\u0001b", "line\\nbreak", "a\\u2028b", "<script>", "'; DROP TABLE api_tokens; --", "é"])
                + "\(random.int(in: 0...999_999))"
            return ("/v1/tokens", .admin, "application/json", Array(#"{"name":"\#(name)","role":"reader"}"#.utf8), "token \(name)")
        case 7:
            // Timeline query parameters: cursors at the edges of Int64, dates past the calendar.
            let cursor = random.pick([
                "9223372036854775807.1", "-9223372036854775808.1",
                "\(Int64.random(in: .min ... .max, using: &random)).\(random.int(in: 0...9))",
                "1.2.3", "abc", "1772721000000001.2",
            ])
            let date = random.pick(["500000-01-01", "2026-02-30", "0000-01-01", "9999-12-31T23:59:59-23:59", "2026-03-05T14:00:00Z", "x"])
            let limit = random.pick(["0", "-1", "1001", "99999999999999999999", "10"])
            let query = random.pick([
                "cursor=\(cursor)", "since=\(date)", "until=\(date)", "limit=\(limit)", "channel=%00", "cursor=\(cursor)&limit=\(limit)",
            ])
            return ("/v1/identities/email:jane@example.com/timeline?\(query)", .reader, "application/json", [], "timeline \(query)")
        case 6:
            // Path parameters: percent-encoded control characters, markup, SQL.
            let text = random.pick([
                "bot%00x", "a%01b", "%E2%80%A8", "%3Cscript%3E", "'%3B%20DROP%20TABLE%20x%3B%20--", "%FF", "%C3%A9",
                "email:a%1Fb@example.com", "twitter:%40jane%00",
            ])
            if random.chance(0.5) { return ("/v1/tokens/\(text)/revoke", .admin, "application/json", [], "revoke \(text)") }
            return ("/v1/identities/\(text)", .reader, "application/json", [], "identity \(text)")
        default:
            let endpoint = random.pick(RequestBodyFuzzTests.Endpoint.allCases)
            let planned = RequestBodyFuzzTests.plan(endpoint, &random)
            return (endpoint.path, endpoint.role, "application/json", planned.body, planned.mutation)
        }
    }
}
