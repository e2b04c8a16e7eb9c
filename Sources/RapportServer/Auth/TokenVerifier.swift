import RapportStore

/// Checks bearer tokens against the store, remembering answers for a short time so a busy
/// timeline endpoint does not pay a token query per request. A revoked token stops working within
/// `ttl` (0 disables the memory: every request asks the store).
public actor TokenVerifier {
    private let tokens: APITokens
    private let ttl: Duration
    private var remembered: [String: (caller: APICaller?, until: ContinuousClock.Instant)] = [:]
    private static let capacity = 10_000

    public init(tokens: APITokens, ttl: Duration) {
        self.tokens = tokens
        self.ttl = ttl
    }

    /// The caller the token names, or nil when it is malformed, unknown or revoked.
    public func caller(for token: String) async throws -> APICaller? {
        guard APITokens.isWellFormed(token) else { return nil }
        let now = ContinuousClock.now
        if let entry = remembered[token], entry.until > now { return entry.caller }
        let caller = try await tokens.authenticate(token)
        if ttl > .zero {
            if remembered.count >= Self.capacity { remembered.removeAll(keepingCapacity: true) }
            remembered[token] = (caller, now + ttl)
        }
        return caller
    }
}
