import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RapportServer
import RapportStore
import Testing

@Suite("Reports and merge suggestions")
struct InsightAndSuggestionRouteTests {
    @Test func runsStoresAndServesAReportAsJSONAndHTML() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                try await LookupRouteTests.seed(server, client)
                let run = try await client.execute(
                    uri: "/v1/reports", method: .post, headers: server.headers(.reader, contentType: "application/json"),
                    body: ByteBuffer(string: #"{"from":"2026-03-01","to":"2026-03-08"}"#)
                )
                #expect(run.status == .created, "\(String(buffer: run.body))")
                let id = try #require(try Body.json(run)["id"] as? Int)
                #expect(run.headers[.location] == "/v1/reports/\(id)")
                let list = try await client.execute(uri: "/v1/reports", method: .get, headers: server.headers(.reader))
                let reports = try #require(try Body.json(list)["reports"] as? [[String: Any]])
                #expect(reports.compactMap { $0["id"] as? Int } == [id])
                let json = try await client.execute(uri: "/v1/reports/\(id)", method: .get, headers: server.headers(.reader))
                #expect(json.headers[.contentType] == "application/json")
                #expect(try Body.json(json)["period"] != nil)
                var htmlHeaders = server.headers(.reader)
                htmlHeaders[.accept] = "text/html"
                let html = try await client.execute(uri: "/v1/reports/\(id)", method: .get, headers: htmlHeaders)
                #expect(html.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: html.body).contains("<!DOCTYPE html>"))
                let missing = try await client.execute(uri: "/v1/reports/\(id + 1)", method: .get, headers: server.headers(.reader))
                #expect(missing.status == .notFound)
                let backwards = try await client.execute(
                    uri: "/v1/reports", method: .post, headers: server.headers(.reader, contentType: "application/json"),
                    body: ByteBuffer(string: #"{"from":"2026-03-08","to":"2026-03-01"}"#)
                )
                #expect(backwards.status == .badRequest)
            }
        }
    }

    @Test func acceptingASuggestionMergesAsTheToken() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                try await LookupRouteTests.seed(server, client)
                // Two suggestions between jane's twitter and email profiles, as the suggestion run would store them.
                try await server.database.client.query(
                    """
                    INSERT INTO suggestions (left_profile, right_profile, probability, weight)
                    SELECT min(profile_id), max(profile_id), 0.97, 8.5 FROM identities
                    WHERE (kind, value) IN (('twitter', 'janedoe'), ('email', 'jane@example.com'))
                    """,
                    logger: server.database.logger
                )
                let open = try await client.execute(uri: "/v1/suggestions", method: .get, headers: server.headers(.steward))
                let suggestions = try #require(try Body.json(open)["suggestions"] as? [[String: Any]])
                let id = try #require(suggestions.first?["id"] as? Int)
                let accepted = try await client.execute(
                    uri: "/v1/suggestions/\(id)/accept", method: .post, headers: server.headers(.steward))
                #expect(accepted.status == .created, "\(String(buffer: accepted.body))")
                let mergeID = try #require(try Body.json(accepted)["merge_id"] as? Int)
                let entry = try await client.execute(uri: "/v1/merges/\(mergeID)", method: .get, headers: server.headers(.reader))
                #expect(try Body.json(entry)["steward"] as? String == "steward-bot")
                let twice = try await client.execute(uri: "/v1/suggestions/\(id)/reject", method: .post, headers: server.headers(.steward))
                #expect(twice.status == .conflict)
                let unknown = try await client.execute(
                    uri: "/v1/suggestions/\(id + 100)/accept", method: .post, headers: server.headers(.steward))
                #expect(unknown.status == .notFound)
            }
        }
    }
}
