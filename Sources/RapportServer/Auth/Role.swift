/// What an API token may do. Each route names the role it needs (see docs/http.md).
///
/// - reader: lookups, timelines, ledger history, reports, metrics.
/// - ingest: writing interactions and customers (and nothing else: a channel webhook's token
///   cannot read timelines).
/// - steward: merges, unmerges, detaches, suggestions, and everything a reader may do (a steward
///   looks people up before merging them).
/// - admin: tokens, and everything.
public enum Role: String, Sendable, CaseIterable, Codable {
    case reader, ingest, steward, admin

    /// Whether a token of this role may call a route that needs `required`.
    public func allows(_ required: Role) -> Bool {
        switch (self, required) {
        case (.admin, _): true
        case (.steward, .reader), (.steward, .steward): true
        case (.reader, .reader), (.ingest, .ingest): true
        default: false
        }
    }
}

/// The caller a valid bearer token names.
public struct APICaller: Sendable, Equatable {
    /// The token's name, recorded as the steward in the ledger for changes made with it.
    public let name: String
    public let role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }
}
