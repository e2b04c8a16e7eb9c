import Hummingbird

/// The request context of Rapport's routes: Hummingbird's core storage plus the caller the bearer
/// token named, set by ``BearerAuthenticator`` before any route that needs it runs.
public struct RapportRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; nil until the token was checked (and on public routes).
    public var caller: APICaller?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.caller = nil
    }
}
