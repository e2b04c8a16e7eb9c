import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RapportServer
import RapportStore
import Testing

@Suite("Data-subject export and erasure over HTTP")
struct PrivacyRouteTests {
    @Test func exportThenEraseThenTheIdentifierIsGone() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                try await LookupRouteTests.seed(server, client)
                let export = try await client.execute(
                    uri: "/v1/identities/email:jane@example.com/export", method: .get, headers: server.headers(.admin))
                #expect(export.status == .ok)
                #expect(export.headers[.cacheControl] == "no-store")
                let document = try Body.json(export)
                #expect(document["format"] as? String == SubjectAccessExport.format)
                #expect((document["interactions"] as? [[String: Any]])?.compactMap { $0["external_id"] as? String }.sorted() == ["e1", "e2"])

                let leaky = try await client.execute(
                    uri: "/v1/erasures", method: .post, headers: server.headers(.admin, contentType: "application/json"),
                    body: ByteBuffer(string: #"{"identifier":"email:jane@example.com","reason":"asked by jane@example.com"}"#))
                #expect(leaky.status == .conflict)

                let erased = try await client.execute(
                    uri: "/v1/erasures", method: .post, headers: server.headers(.admin, contentType: "application/json"),
                    body: ByteBuffer(string: #"{"identifier":"email:jane@example.com","reason":"DSR-77"}"#))
                #expect(erased.status == .created)
                let record = try Body.json(erased)
                #expect(record["reason"] as? String == "DSR-77")
                #expect((record["counts"] as? [String: Int])?["interactions"] == 2)

                let gone = try await client.execute(
                    uri: "/v1/identities/email:jane@example.com/export", method: .get, headers: server.headers(.admin))
                #expect(gone.status == .notFound)
                let list = try await client.execute(uri: "/v1/erasures", method: .get, headers: server.headers(.admin))
                #expect((try Body.json(list)["erasures"] as? [[String: Any]])?.count == 1)
                #expect(!String(buffer: list.body).contains("jane"))
            }
        }
    }
}
