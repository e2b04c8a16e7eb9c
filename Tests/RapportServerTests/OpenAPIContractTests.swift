import Foundation
import RapportServer
import RapportStore
import Testing

/// openapi.yaml is the contract: every route the router serves is in it, and every operation in it
/// is served, same methods and paths. (A test instead of swift-openapi-generator: the generator and
/// its runtime would add minutes to every CI build; this check costs milliseconds.)
@Suite("openapi.yaml matches the router")
struct OpenAPIContractTests {
    /// `METHOD /path` for every operation under `paths:` (the document keeps one path per line at
    /// two spaces, one method per line at four).
    static func specOperations(_ text: String) -> Set<String> {
        var operations = Set<String>()
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty {
                inPaths = line == "paths:"
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "put", "post", "delete", "patch", "head", "options"].contains(String(key)) {
                    operations.insert("\(key.uppercased()) \(path)")
                }
            }
        }
        return operations
    }

    @Test func everyRouteIsSpecifiedAndEverySpecifiedRouteIsServed() async throws {
        let text = String(decoding: try TestServer.apiDocument, as: UTF8.self)
        let specified = Self.specOperations(text)
        #expect(specified.count > 10, "the parser found the operations")
        try await TestServer.with(migrated: false) { server in
            let router = buildRouter(
                configuration: .init(), database: server.database, migrator: try TestServer.migrator, apiDocument: [],
                metrics: server.metrics
            )
            let served = Set(router.routes.map { "\($0.method) \($0.path)" })
            #expect(served.subtracting(specified).sorted() == [], "served but not in openapi.yaml")
            #expect(specified.subtracting(served).sorted() == [], "in openapi.yaml but not served")
        }
    }

    @Test func everyProblemKindIsInTheContract() throws {
        let text = String(decoding: try TestServer.apiDocument, as: UTF8.self)
        for kind in Problem.Kind.allCases {
            #expect(text.contains("- \(kind.typeURI)\n"), "\(kind.typeURI) missing from openapi.yaml")
        }
    }

    @Test func parserReadsOperationsOnly() {
        let sample =
            "openapi: 3.1.0\npaths:\n  /a/{id}:\n    get:\n      parameters: []\n    post:\n  /b:\n    delete:\ncomponents:\n  /c:\n    get:\n"
        #expect(Self.specOperations(sample) == ["GET /a/{id}", "POST /a/{id}", "DELETE /b"])
    }
}
