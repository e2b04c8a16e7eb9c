import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RapportServer
import RapportStore
import Testing

@Suite("POST /v1/interactions and /v1/customers")
struct IngestRouteTests {
    static func line(_ id: String, customer: String = "twitter:@JaneDoe", at time: String = "2026-03-05T14:30:00Z", body: String = "hello")
        -> String
    {
        #"{"source":"twitter","external_id":"\#(id)","channel":"twitter","direction":"inbound","occurred_at":"\#(time)","customer":"\#(customer)","body":"\#(body)"}"#
    }

    static func items(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(try Body.json(response)["items"] as? [[String: Any]])
    }

    @Test func reportsEachItemInsertedDuplicateOrRejected() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                let first = [Self.line("1"), Self.line("2")].joined(separator: "\n")
                let response = try await client.execute(
                    uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/x-ndjson"),
                    body: ByteBuffer(string: first)
                )
                #expect(response.status == .ok)
                #expect(try Self.items(response).map { $0["status"] as? String } == ["inserted", "inserted"])

                // Line 1 is stored, line 2 new, line 3 bad, line 4 repeats line 2 of this batch.
                let second = [
                    Self.line("1"), Self.line("3"), #"{"source":"twitter","external_id":"4","channel":"pigeon"}"#, Self.line("3"),
                ]
                .joined(separator: "\n")
                let again = try await client.execute(
                    uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/x-ndjson"),
                    body: ByteBuffer(string: second)
                )
                let items = try Self.items(again)
                #expect(items.map { $0["status"] as? String } == ["duplicate", "inserted", "rejected", "duplicate"])
                #expect(items.map { $0["line"] as? Int } == [1, 2, 3, 4])
                let reason = try #require(items[2]["reason"] as? [String: Any])
                #expect(reason["kind"] as? String == "missing_field" || reason["kind"] as? String == "unknown_channel")
                let summary = try #require(try Body.json(again)["summary"] as? [String: Int])
                #expect(summary == ["read": 4, "inserted": 1, "duplicates": 2, "rejected": 1])
                #expect(try await Self.count("interactions", server) == 3)
            }
        }
    }

    @Test func acceptsAJSONArrayAndKeepsIntegerIDsExact() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                let array = """
                    [
                      {"source":"pos","external_id":18500000000000000123,"channel":"store","direction":"inbound",
                       "occurred_at":"2026-03-10T13:00:00Z","customer":"email:kim@example.com"},
                      \(Self.line("7"))
                    ]
                    """
                let response = try await client.execute(
                    uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/json"),
                    body: ByteBuffer(string: array)
                )
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let items = try Self.items(response)
                #expect(items.map { $0["status"] as? String } == ["inserted", "inserted"])
                #expect(items.first?["external_id"] as? String == "18500000000000000123")
                let broken = try await client.execute(
                    uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/json"),
                    body: ByteBuffer(string: "[\(Self.line("8")),")
                )
                #expect(broken.status == .badRequest)
                #expect(try Body.problemType(broken) == "urn:rapport:problem:unreadable-body")
            }
        }
    }

    @Test func refusesBodiesOverTheLimitAndUnknownMediaTypes() async throws {
        try await TestServer.with { server in
            var small = TestServer.configuration
            small.maxBodyBytes = 2_048
            try await server.test(configuration: small) { client in
                let big = (0..<40).map { Self.line("big-\($0)") }.joined(separator: "\n")
                let tooLarge = try await client.execute(
                    uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/x-ndjson"),
                    body: ByteBuffer(string: big)
                )
                #expect(tooLarge.status == .contentTooLarge)
                #expect(try Body.problemType(tooLarge) == "urn:rapport:problem:body-too-large")
                let xml = try await client.execute(
                    uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/xml"),
                    body: ByteBuffer(string: "<a/>")
                )
                #expect(xml.status == .unsupportedMediaType)
                let garbage = try await client.execute(
                    uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/x-ndjson"),
                    body: ByteBuffer(string: "tweet,text\n1,hi\n")
                )
                #expect(garbage.status == .badRequest)
            }
            #expect(try await Self.count("interactions", server) == 0)
        }
    }

    @Test func importsCustomersFromCSVAndJSONAlike() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                let csv =
                    "crm_source,crm_id,name,emails,twitter\nhubspot,501,Kim Ng,kim@example.org,@kimng\nhubspot,502,Bad,not-an-email,\n"
                let fromCSV = try await client.execute(
                    uri: "/v1/customers", method: .post, headers: server.headers(.ingest, contentType: "text/csv"),
                    body: ByteBuffer(string: csv)
                )
                #expect(fromCSV.status == .ok)
                let csvResult = try Body.json(fromCSV)
                let csvSummary = try #require(csvResult["summary"] as? [String: Any])
                #expect(csvSummary["inserted"] as? Int == 1 && csvSummary["rejected"] as? Int == 1)
                let rejects = try #require(csvResult["rejects"] as? [[String: Any]])
                #expect(rejects.first?["line"] as? Int == 3)

                let json =
                    #"[{"crm_source":"hubspot","crm_id":"501","name":"Kim Ng","emails":["kim@example.org"],"twitter":["@kimng"]},{"crm_source":"hubspot","crm_id":"503","emails":["nope"]}]"#
                let fromJSON = try await client.execute(
                    uri: "/v1/customers", method: .post, headers: server.headers(.ingest, contentType: "application/json"),
                    body: ByteBuffer(string: json)
                )
                #expect(fromJSON.status == .ok)
                let jsonResult = try Body.json(fromJSON)
                let jsonSummary = try #require(jsonResult["summary"] as? [String: Any])
                #expect(jsonSummary["unchanged"] as? Int == 1 && jsonSummary["rejected"] as? Int == 1)
                let jsonRejects = try #require(jsonResult["rejects"] as? [[String: Any]])
                #expect(jsonRejects.first?["line"] as? Int == 2, "a JSON item's line is its position in the array")
            }
            #expect(try await Self.count("customers", server) == 1)
        }
    }

    static func count(_ table: String, _ server: TestServer) async throws -> Int {
        let rows = try await server.database.client.query("SELECT count(*)::int8 FROM \(unescaped: table)", logger: server.database.logger)
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return -1
    }
}
