import RapportStore

/// Checks bearer tokens against the store, remembering answers for a short time so a busy
/// timeline endpoint does not pay a token query per request. A revoked token stops working within
/// `ttl` (0 disables the memory: every request asks the store).
public actor TokenVerifier {
    private let tokens: APITokens
    private let ttl: Duration
    private let availability: DatabaseAvailability?
    private let patience: Duration
    private var remembered: [String: (caller: APICaller?, until: ContinuousClock.Instant)] = [:]
    private static let capacity = 10_000

    /// With `availability`, a token check waits for an unavailable database at most about `patience`.
    public init(tokens: APITokens, ttl: Duration, availability: DatabaseAvailability? = nil, patience: Duration = .seconds(2)) {
        self.tokens = tokens
        self.ttl = ttl
        self.availability = availability
        self.patience = patience
    }

    /// The caller the token names, or nil when it is malformed, unknown or revoked.
    public func caller(for token: String) async throws -> APICaller? {
        guard APITokens.isWellFormed(token) else { return nil }
        let now = ContinuousClock.now
        if let entry = remembered[token], entry.until > now { return entry.caller }
        let tokens = self.tokens
        let caller =
            if let availability {
                try await availability.bounded(patience: patience) { try await tokens.authenticate(token) }
            } else {
                try await tokens.authenticate(token)
            }
        if ttl > .zero {
            if remembered.count >= Self.capacity { remembered.removeAll(keepingCapacity: true) }
            remembered[token] = (caller, now + ttl)
        }
        return caller
    }
}
