import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RapportIngest
import RapportServer
import Testing

@testable import RapportServer

/// One test per bug the HTTP fuzz tests found, named for the behaviour now pinned.
@Suite("HTTP regressions found by fuzzing")
struct ServerFuzzRegressionTests {
    /// A customer key with a line break made the converted CSV header two lines long, and every
    /// reject of a JSON customer batch was reported under the wrong item (or under none).
    @Test func reportsCustomerRejectsUnderTheirItemWhenAKeyHoldsALineBreak() throws {
        let body =
            #"[{"crm_source":"hubspot","crm_id":"1","two\nlines":"x"},{"crm_source":"hubspot","crm_id":" "},{"crm_source":"x","crm_id":"3"}]"#
        let converted = try CustomerRows.csv(fromJSON: Array(body.utf8))
        var reader = try CustomerReader(bytes: converted.csv)
        let batch = try #require(try reader.nextBatch(maxRows: 10))
        #expect(batch.rejects.map(\.error.line) == [converted.startLines[1]])
        #expect(batch.records.map(\.line) == [converted.startLines[0], converted.startLines[2]])
        #expect(batch.records.map(\.crmID) == ["1", "3"])
    }

    /// `{"name":"bot\u0000x"}` reached PostgreSQL, which refuses NUL: a 500. A name with a control
    /// character is refused like any other bad name.
    @Test func refusesATokenNameWithAControlCharacter() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                for name in [#"bot\u0000x"#, #"a\u0001b"#, #"a\u2028b"#] {
                    let response = try await client.execute(
                        uri: "/v1/tokens", method: .post, headers: server.headers(.admin, contentType: "application/json"),
                        body: ByteBuffer(string: #"{"name":"\#(name)","role":"reader"}"#)
                    )
                    #expect(response.status == .conflict, "\(name): \(response.status)")
                    #expect(try Body.problemType(response) == "urn:rapport:problem:refused")
                }
            }
        }
    }

    /// `POST /v1/tokens/bot%00x/revoke` sent NUL to PostgreSQL: a 500. A path parameter with a
    /// control character is a 400 that names the parameter.
    @Test func refusesAPathParameterWithAControlCharacter() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                let revoke = try await client.execute(uri: "/v1/tokens/bot%00x/revoke", method: .post, headers: server.headers(.admin))
                #expect(revoke.status == .badRequest)
                #expect(try Body.problemType(revoke) == "urn:rapport:problem:invalid-parameter")
                #expect((try Body.json(revoke)["detail"] as? String)?.contains("{name}") == true)
                let lookup = try await client.execute(uri: "/v1/identities/webchat:a%01b", method: .get, headers: server.headers(.reader))
                #expect(lookup.status == .badRequest)
            }
        }
    }

    /// `POST /v1/reports` read its dates with Foundation, which took a six-digit year: from
    /// `499999-12-31T00:00:00Z` to `500000-01-01T00:00:00Z` reached PostgresNIO, whose Date encoding
    /// traps past Int64 microseconds, and the server process died. It also took `2026-02-30` for
    /// 2 March. Both are a 400 now, and the server keeps answering.
    @Test func refusesReportDatesOutsideTheCalendarWithoutFalling() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                let periods = [
                    ("499999-12-31T00:00:00Z", "500000-01-01T00:00:00Z"), ("294276-12-30", "294276-12-31"), ("2026-02-30", "2026-03-05"),
                    ("2026-03-01T10:00:60Z", "2026-03-05"), ("0000-12-31", "0001-01-02"),
                ]
                for (from, to) in periods {
                    let response = try await client.execute(
                        uri: "/v1/reports", method: .post, headers: server.headers(.reader, contentType: "application/json"),
                        body: ByteBuffer(string: #"{"from":"\#(from)","to":"\#(to)"}"#)
                    )
                    #expect(response.status == .badRequest, "\(from) to \(to): \(response.status)")
                }
                let fine = try await client.execute(
                    uri: "/v1/reports", method: .post, headers: server.headers(.reader, contentType: "application/json"),
                    body: ByteBuffer(string: #"{"from":"2026-02-28","to":"2026-03-01T10:00:00.5+01:00"}"#)
                )
                #expect(fine.status == .created)
            }
        }
    }

    /// A timeline cursor is two integers; one near Int64.max overflowed PostgreSQL's interval
    /// arithmetic: a 500. A cursor outside the instants an interaction can have is a 400.
    @Test func refusesATimelineCursorOutsideStoredInstants() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                let line =
                    #"{"source":"t","external_id":"1","channel":"email","direction":"inbound","occurred_at":"2026-03-05T14:30:00Z","customer":"email:jane@example.com"}"#
                _ = try await client.execute(
                    uri: "/v1/interactions", method: .post, headers: server.headers(.ingest, contentType: "application/x-ndjson"),
                    body: ByteBuffer(string: line)
                )
                for cursor in ["9223372036854775807.1", "-9223372036854775808.1", "253433923200000001.1"] {
                    let response = try await client.execute(
                        uri: "/v1/identities/email:jane@example.com/timeline?cursor=\(cursor)", method: .get,
                        headers: server.headers(.reader))
                    #expect(response.status == .badRequest, "\(cursor): \(response.status)")
                    #expect(try Body.problemType(response) == "urn:rapport:problem:invalid-parameter")
                }
                let page = try await client.execute(
                    uri: "/v1/identities/email:jane@example.com/timeline?cursor=1772721000000001.2", method: .get,
                    headers: server.headers(.reader))
                #expect(page.status == .ok)
            }
        }
    }
}
