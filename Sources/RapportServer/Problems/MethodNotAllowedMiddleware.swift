import Hummingbird

/// Answers 405 (with `Allow`) instead of 404 when the path is a route but the method is not.
///
/// Hummingbird's router answers both with 404. Added to the router after every route, this runs only
/// on the not-found path, so matched requests never pay for it.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each route's path segments (`{name}` matches any one segment) and its methods.
    let routes: [(segments: [Substring], methods: [String])]

    init(routes: [(path: String, method: String)]) {
        var byPath: [String: [String]] = [:]
        for route in routes { byPath[route.path, default: []].append(route.method) }
        self.routes = byPath.map { ($0.key.split(separator: "/"), $0.value.sorted()) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let segments = request.uri.path.split(separator: "/")
            // Like the router, a literal segment wins over a {parameter}: only the most literal matches count.
            let matching = routes.filter { Self.matches($0.segments, segments) }
            let best = matching.map { Self.literals($0.segments) }.max()
            let allowed = matching.filter { Self.literals($0.segments) == best }.flatMap(\.methods)
            guard !allowed.isEmpty else { throw error }
            throw Problem(.methodNotAllowed, "this path accepts \(allowed.sorted().joined(separator: ", "))", allow: allowed.sorted())
        }
    }

    static func literals(_ template: [Substring]) -> Int {
        template.count { !($0.hasPrefix("{") && $0.hasSuffix("}")) }
    }

    static func matches(_ template: [Substring], _ path: [Substring]) -> Bool {
        guard template.count == path.count else { return false }
        return zip(template, path).allSatisfy { pattern, segment in
            (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment
        }
    }
}
