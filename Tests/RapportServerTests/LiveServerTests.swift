import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RapportServer
import Testing

/// The application over a real socket: ingest, then read the timeline back.
@Suite("Live server")
struct LiveServerTests {
    @Test func servesATimelineOverASocket() async throws {
        try await TestServer.with { server in
            try await server.application().test(.live) { client in
                let lines = [IngestRouteTests.line("live-1"), IngestRouteTests.line("live-2", at: "2026-03-05T15:00:00Z")]
                let ingest = try await client.execute(
                    uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/x-ndjson"),
                    body: ByteBuffer(string: lines.joined(separator: "\n"))
                )
                #expect(ingest.status == .ok)
                let timeline = try await client.execute(
                    uri: "/v1/identities/twitter:janedoe/timeline?limit=1", method: .get, headers: server.headers(.reader)
                )
                #expect(timeline.status == .ok)
                #expect(timeline.headers[.contentType] == "application/json")
                #expect(try LookupRouteTests.entries(timeline) == ["live-2"])
                let refused = try await client.execute(uri: "/v1/identities/twitter:janedoe/timeline", method: .get)
                #expect(refused.status == .unauthorized)
            }
        }
    }
}
