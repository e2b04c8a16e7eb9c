import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RapportServer
import RapportStore
import Testing

@Suite("Merges, unmerges and detaches")
struct StewardshipRouteTests {
    static func post(_ client: some TestClientProtocol, _ server: TestServer, _ uri: String, _ json: String) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post, headers: server.headers(.steward, contentType: "application/json"), body: ByteBuffer(string: json)
        )
    }

    @Test func mergeRecordsTheTokenNameAndUnmergeRestores() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                try await LookupRouteTests.seed(server, client)
                let preview = try await Self.post(
                    client, server, "/v1/merges/preview", #"{"a":"twitter:janedoe","b":"email:jane@example.com"}"#)
                #expect(preview.status == .ok)
                #expect((try Body.json(preview)["moving_identities"] as? [String])?.count == 1)
                let unmerged = try await client.execute(
                    uri: "/v1/identities/email:jane@example.com/timeline", method: .get, headers: server.headers(.reader))
                #expect(try LookupRouteTests.entries(unmerged) == ["e2", "e1"], "a preview changes nothing")

                let merge = try await Self.post(
                    client, server, "/v1/merges",
                    #"{"a":"twitter:janedoe","b":"email:jane@example.com","reason":"same person","steward":"mallory"}"#
                )
                #expect(merge.status == .created)
                let mergeID = try #require(try Body.json(merge)["merge_id"] as? Int)
                let entry = try await client.execute(uri: "/v1/merges/\(mergeID)", method: .get, headers: server.headers(.reader))
                #expect(try Body.json(entry)["steward"] as? String == "steward-bot", "the token's name, never the body's")

                let undo = try await Self.post(client, server, "/v1/merges/\(mergeID)/unmerge", #"{"reason":"wrong person"}"#)
                #expect(undo.status == .ok)
                let undone = try #require(try Body.json(undo)["entry"] as? [String: Any])
                #expect(undone["undone_by"] as? String == "steward-bot")
                let again = try await Self.post(client, server, "/v1/merges/\(mergeID)/unmerge", #"{"reason":"twice"}"#)
                #expect(again.status == .conflict)
                #expect(try Body.problemType(again) == "urn:rapport:problem:refused")
                let after = try await client.execute(
                    uri: "/v1/identities/email:jane@example.com/timeline", method: .get, headers: server.headers(.reader))
                #expect(try LookupRouteTests.entries(after) == ["e2", "e1"])

                let history = try await client.execute(
                    uri: "/v1/identities/twitter:janedoe/history", method: .get, headers: server.headers(.reader))
                #expect((try Body.json(history)["entries"] as? [[String: Any]])?.count == 1)
            }
        }
    }

    @Test func detachNeedsAReasonAndAnotherIdentity() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                try await LookupRouteTests.seed(server, client)
                let noReason = try await Self.post(client, server, "/v1/detachments", #"{"identifier":"twitter:janedoe","reason":"  "}"#)
                #expect(noReason.status == .badRequest)
                let notJSON = try await Self.post(client, server, "/v1/detachments", "identifier=twitter:janedoe")
                #expect(notJSON.status == .badRequest)
                #expect(try Body.problemType(notJSON) == "urn:rapport:problem:malformed-request")
                let alone = try await Self.post(client, server, "/v1/detachments", #"{"identifier":"twitter:janedoe","reason":"split"}"#)
                #expect(alone.status == .conflict, "the only identity of a profile cannot be detached")
                _ = try await Self.post(
                    client, server, "/v1/merges", #"{"a":"twitter:janedoe","b":"email:jane@example.com","reason":"same"}"#)
                let detached = try await Self.post(
                    client, server, "/v1/detachments", #"{"identifier":"email:jane@example.com","reason":"split"}"#)
                #expect(detached.status == .created)
                let body = try Body.json(detached)
                #expect(body["action"] as? String == "detach" && body["steward"] as? String == "steward-bot")
                let missing = try await Self.post(client, server, "/v1/merges/424242/unmerge", #"{"reason":"x"}"#)
                #expect(missing.status == .notFound)
            }
        }
    }
}
