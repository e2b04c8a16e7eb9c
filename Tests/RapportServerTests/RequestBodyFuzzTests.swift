import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RapportCore
import RapportFuzzSupport
import RapportStore
import Testing

@testable import RapportServer

/// The JSON bodies of the write endpoints (merges, previews, unmerges, detachments, suggestion
/// accepts, tokens, report runs) fed valid, broken and mangled bodies: every bad body is a 4xx
/// problem that names what was wrong, never a 500.
///
/// The bulk runs the controllers' own decoding and validation (`JSONResponse.decode` and the
/// controllers' static checks) without a database; a sample goes through the production router
/// against the test PostgreSQL, where a body that slipped past validation would show as a 500.
@Suite("HTTP request bodies under fuzzing")
struct RequestBodyFuzzTests {
    /// An endpoint's body: its members as JSON fragments, which are required, and what the
    /// controller checks after decoding.
    enum Endpoint: String, CaseIterable {
        case preview, merge, unmerge, detach, accept, token, report

        var path: String {
            switch self {
            case .preview: "/v1/merges/preview"
            case .merge: "/v1/merges"
            case .unmerge: "/v1/merges/1/unmerge"
            case .detach: "/v1/detachments"
            case .accept: "/v1/suggestions/1/accept"
            case .token: "/v1/tokens"
            case .report: "/v1/reports"
            }
        }

        var role: Role {
            switch self {
            case .token: .admin
            case .report: .reader
            default: .steward
            }
        }

        /// Member name, a valid value, whether it is required.
        var members: [(name: String, value: String, required: Bool)] {
            switch self {
            case .preview: [("a", #""twitter:@JaneDoe""#, true), ("b", #""email:jane@example.com""#, true), ("keep", #""a""#, false)]
            case .merge:
                [
                    ("a", #""twitter:@JaneDoe""#, true), ("b", #""email:jane@example.com""#, true), ("keep", #""b""#, false),
                    ("reason", #""same person""#, true), ("force", "false", false),
                ]
            case .unmerge: [("reason", #""wrong person""#, true)]
            case .detach: [("identifier", #""twitter:@JaneDoe""#, true), ("reason", #""not hers""#, true)]
            case .accept: [("force", "true", false)]
            case .token: [("name", #""webhook""#, true), ("role", #""ingest""#, true)]
            case .report: [("from", #""2026-11-01""#, true), ("to", #""2026-11-20T10:00:00Z""#, true)]
            }
        }
    }

    static let limit = 64 * 1_024

    /// What the endpoint's controller does with the body before it reaches the store.
    static func decodeAndValidate(_ endpoint: Endpoint, _ body: [UInt8]) async throws {
        let request = Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: endpoint.path),
            body: RequestBody(buffer: ByteBuffer(bytes: body))
        )
        switch endpoint {
        case .preview:
            let decoded = try await JSONResponse.decode(StewardshipController.PairRequest.self, from: request, limit: limit)
            _ = (try StewardshipController.identifier(decoded.a, "a"), try StewardshipController.identifier(decoded.b, "b"))
            _ = try StewardshipController.survivor(decoded.keep)
        case .merge:
            let decoded = try await JSONResponse.decode(StewardshipController.MergeRequest.self, from: request, limit: limit)
            _ = (try StewardshipController.identifier(decoded.a, "a"), try StewardshipController.identifier(decoded.b, "b"))
            _ = (try StewardshipController.survivor(decoded.keep), try StewardshipController.reason(decoded.reason))
        case .unmerge:
            _ = try StewardshipController.reason(
                try await JSONResponse.decode(StewardshipController.UndoRequest.self, from: request, limit: limit).reason)
        case .detach:
            let decoded = try await JSONResponse.decode(StewardshipController.DetachRequest.self, from: request, limit: limit)
            _ = (try StewardshipController.identifier(decoded.identifier, "identifier"), try StewardshipController.reason(decoded.reason))
        case .accept:
            _ = try await JSONResponse.decodeIfPresent(SuggestionController.AcceptRequest.self, from: request, limit: limit)
        case .token:
            _ = try await JSONResponse.decode(TokenController.CreateRequest.self, from: request, limit: limit)
        case .report:
            let decoded = try await JSONResponse.decode(InsightController.RunRequest.self, from: request, limit: limit)
            guard let from = APITime.parse(decoded.from), let to = APITime.parse(decoded.to) else {
                throw Problem(.malformedRequest, "'from' and 'to' are dates (2026-11-20) or RFC 3339 times")
            }
            // The store's timestamps run from year 1 to 294276; a report period is a year at most.
            #expect(
                from.timeIntervalSince1970 > -62_135_596_800 - 86_400 * 366 && to.timeIntervalSince1970 < 253_402_300_800 + 86_400 * 366)
        }
    }

    /// A body and what must become of it.
    struct Case {
        enum Expect {
            case accepted
            /// A problem of one of `kinds` whose detail contains `names` (when set).
            case problem(kinds: Set<Problem.Kind>, names: String?)
            /// Either; a problem must still be a 4xx.
            case either
        }
        var body: [UInt8]
        var expect: Expect
        var mutation: String
    }

    @Test func everyBadBodyIsAProblemNamingWhatWasWrong() async throws {
        let campaign = FuzzCampaign(target: "http-json-bodies")
        var tally = FuzzTally(campaign)
        var named = 0
        for index in 0..<campaign.cases(12_000) {
            var random = campaign.random(case: index)
            let endpoint = random.pick(Endpoint.allCases)
            let planned = Self.plan(endpoint, &random)
            tally.inputs += 1
            let shown = { "\(campaign.origin(case: index)) \(endpoint.rawValue) [\(planned.mutation)]: \(FuzzDisplay.bytes(planned.body))" }
            var problem: Problem?
            do {
                try await tally.timed { try await Self.decodeAndValidate(endpoint, planned.body) }
                tally.accepted += 1
            } catch {
                problem = ProblemMiddleware<RapportRequestContext>.problem(for: error)
                tally.rejected += 1
            }
            switch (planned.expect, problem) {
            case (.accepted, let problem?):
                Issue.record("\(shown()): a valid body was refused: \(problem.kind) \(problem.detail)")
            case (.problem, nil):
                Issue.record("\(shown()): a bad body was accepted")
            case (.problem(let kinds, let names), let problem?):
                Self.checkProblem(problem, shown())
                #expect(kinds.contains(problem.kind), "\(shown()): \(problem.kind) \(problem.detail)")
                if let names {
                    #expect(problem.detail.contains(names), "\(shown()): the detail does not name \(names): \(problem.detail)")
                    named += 1
                }
            case (_, let problem?):
                Self.checkProblem(problem, shown())
            default:
                break
            }
        }
        print(tally.summary + "; \(named) problems checked for naming the member")
        #expect(tally.accepted > tally.inputs / 10 && named > tally.inputs / 4)
        #expect(tally.slowest < .seconds(5), "one body took \(tally.slowest)")
    }

    /// A 4xx problem with a detail: never a 500 for something the client sent.
    static func checkProblem(_ problem: Problem, _ shown: @autoclosure () -> String) {
        #expect((400..<500).contains(Int(problem.status.code)), "\(shown()): \(problem.status) \(problem.detail)")
        #expect(!problem.detail.isEmpty, "\(shown())")
    }

    /// A body for `endpoint`: valid, broken in one known way, or mangled.
    static func plan(_ endpoint: Endpoint, _ random: inout FuzzRandom) -> Case {
        var members = endpoint.members.filter { $0.required || random.chance(0.5) }.map { (name: $0.name, value: $0.value) }
        if random.chance(0.2) { members.append(("extra", random.pick([#""x""#, "[1,2]", #"{"steward":"mallory"}"#, "null"]))) }
        members.shuffle(using: &random)
        let separator = random.pick([",", ", ", ",\n"])
        let render = { (members: [(name: String, value: String)]) -> [UInt8] in
            Array(("{" + members.map { "\"\($0.name)\":\($0.value)" }.joined(separator: separator) + "}").utf8)
        }
        let without = { (name: String) in members.filter { $0.name != name } }
        let valid = Case(body: render(members), expect: .accepted, mutation: "valid")
        let bad: Set<Problem.Kind> = [.malformedRequest]
        let target = random.pick(endpoint.members)
        switch random.int(in: 0..<12) {
        case 0, 1:
            return valid
        case 2:
            guard target.required else { return valid }
            return Case(
                body: render(without(target.name)), expect: .problem(kinds: bad, names: "'\(target.name)' is required"),
                mutation: "no \(target.name)")
        case 3:
            let isText = target.value.hasPrefix("\"")
            let literal = random.pick(["12", "[]", "{}", "-1.5e300", #"["x"]"#] + (isText ? ["true"] : [#""true""#]))
            return Case(
                body: render(without(target.name) + [(target.name, literal)]), expect: .problem(kinds: bad, names: "'\(target.name)'"),
                mutation: "\(target.name) = \(literal)"
            )
        case 4:
            guard target.required else { return valid }
            return Case(
                body: render(without(target.name) + [(target.name, "null")]), expect: .problem(kinds: bad, names: "'\(target.name)'"),
                mutation: "\(target.name) null")
        case 5:
            // Values that decode but the controller must refuse: bad identifiers, reasons, survivors, roles, dates.
            guard let (name, value, kind, says) = badValue(endpoint, &random) else { return valid }
            return Case(
                body: render(members.filter { $0.name != name } + [(name, value)]), expect: .problem(kinds: [kind], names: says),
                mutation: "\(name) = \(value.prefix(60))"
            )
        case 6:
            // Hostile text where text goes: SQL, HTML and odd Unicode are data (or a named refusal).
            guard target.value.hasPrefix("\"") else { return valid }
            let text = HostileText.text(&random)
            let value =
                "\""
                + text.unicodeScalars.map { $0.value < 0x20 || $0 == "\"" || $0 == "\\" ? String(format: "\\u%04x", $0.value) : String($0) }
                .joined() + "\""
            return Case(body: render(without(target.name) + [(target.name, value)]), expect: .either, mutation: "hostile \(target.name)")
        case 7:
            let levels = random.pick([100, 511, 513, 10_000])
            let nested = String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
            return Case(
                body: render(members + [("deep", nested)]), expect: levels <= 100 ? .accepted : .either, mutation: "\(levels) levels")
        case 8:
            let huge = "\"" + String(repeating: "x", count: limit + 10) + "\""
            return Case(
                body: render(members + [("note", huge)]), expect: .problem(kinds: [.bodyTooLarge], names: nil),
                mutation: "over the body limit")
        case 9:
            let body = random.pick([
                [], Array("   \n".utf8), Array("[]".utf8), Array("\"text\"".utf8), Array("42".utf8), [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], [0x00],
                [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00],
            ])
            return Case(body: body, expect: endpoint == .accept ? .either : .problem(kinds: bad, names: nil), mutation: "odd body")
        default:
            var body = render(members)
            ByteMutator.json(hugeRun: 200).mutate(&body, &random)
            return Case(body: body, expect: .either, mutation: "mangled")
        }
    }

    /// A value that decodes but that the endpoint must refuse, and what the detail must say.
    static func badValue(_ endpoint: Endpoint, _ random: inout FuzzRandom) -> (String, String, Problem.Kind, String?)? {
        switch endpoint {
        case .preview, .merge, .detach:
            if endpoint != .detach, random.chance(0.3) {
                return ("keep", random.pick([#""c""#, #""""#, #""A ""#]), .malformedRequest, "'keep'")
            }
            if endpoint != .preview, random.chance(0.5) {
                return (
                    "reason", random.pick([#""""#, #""   ""#, #""a\u0000b""#, "\"" + String(repeating: "é", count: 1_001) + "\""]),
                    .malformedRequest, "'reason'"
                )
            }
            let name = endpoint == .detach ? "identifier" : random.pick(["a", "b"])
            let value = random.pick([
                #""janedoe""#, #""myspace:jane""#, #""email:a\u001fb@example.com""#, #""email:jane\u0000@example.com""#,
                #""twitter:<script>""#,
                #""phone:'; DROP TABLE identities; --""#, "\"twitter:" + String(repeating: "a", count: 1_100) + "\"",
            ])
            return (name, value, .malformedIdentifier, value.count > 1_000 ? "'\(name)' is too long" : "invalid identifier")
        case .unmerge:
            return ("reason", random.pick([#""""#, "\"\\n\\t\"", #""\u0000""#]), .malformedRequest, "'reason'")
        case .token:
            return ("role", random.pick([#""root""#, #""ADMIN""#, #""""#]), .malformedRequest, "'role'")
        case .report:
            let name = random.pick(["from", "to"])
            let dates = [
                #""yesterday""#, #""2026-13-01""#, #""20261101""#, #""'; DROP TABLE reports; --""#, #""500000-01-01T00:00:00Z""#,
                #""2026-02-30""#, #""99999-11-20T10:00:00Z""#, #""2026-03-01T10:00:60Z""#, #""0000-12-31""#,
            ]
            return (name, random.pick(dates), .malformedRequest, "'from' and 'to'")
        case .accept:
            return nil
        }
    }
}
