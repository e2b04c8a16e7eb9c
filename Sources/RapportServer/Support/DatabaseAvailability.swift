import Hummingbird
import Logging
import RapportStore

/// Whether the database accepts connections, and bounding how long a request waits for it.
///
/// While PostgreSQL is down, PostgresNIO's pool queues every request for up to a minute before it
/// fails them, so without a bound a request would hang that long. Instead, a request still running
/// after `patience` is checked against a fresh connection (``DatabaseProbe``): if none can be made,
/// the request is cancelled and answered 503 `database-unavailable`; if the database answers, the
/// request is merely slow and goes on. Probes are shared: one per `probeInterval` at most, however
/// many requests wait. The pool reconnects by itself when the server is back.
public actor DatabaseAvailability {
    let probe: DatabaseProbe
    let probeInterval: Duration
    let logger: Logger
    private var last: (failure: ConnectionFailure?, at: ContinuousClock.Instant)?
    private var probing = false

    public init(url: DatabaseURL, probeTimeout: Duration = .seconds(3), probeInterval: Duration = .seconds(1), logger: Logger) {
        self.probe = DatabaseProbe(url: url, timeout: probeTimeout)
        self.probeInterval = probeInterval
        self.logger = logger
    }

    /// Why the database cannot be used now, or nil when a connection could be made (at most
    /// `probeInterval` ago).
    public func currentFailure() async -> ConnectionFailure? {
        if let last, ContinuousClock.now - last.at < probeInterval { return last.failure }
        // Another request is probing: its answer comes soon; meanwhile go by the last one.
        if probing { return last?.failure }
        probing = true
        let failure = await probe.failure(logger: logger)
        probing = false
        // A probe cut short (its request finished meanwhile) found out nothing.
        if Task.isCancelled { return last?.failure }
        let previous = last
        last = (failure, ContinuousClock.now)
        if let failure, previous == nil || previous?.failure == nil {
            logger.warning("database unavailable", metadata: ["database": "\(probe.url)", "cause": "\(failure)"])
        } else if failure == nil, previous?.failure != nil {
            logger.notice("database available again", metadata: ["database": "\(probe.url)"])
        }
        return failure
    }

    /// Runs `body`; once it has run for `patience`, checks the database every `probeInterval` and
    /// answers ``StoreError/unreachable(url:detail:)`` when no connection can be made.
    public nonisolated func bounded<Value: Sendable>(
        patience: Duration, _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await AbandonableWork.race(body) {
            try await Task.sleep(for: patience)
            while true {
                if let failure = await self.currentFailure() { return StoreError.unreachable(failure, url: self.probe.url) }
                try await Task.sleep(for: self.probeInterval)
            }
        }
    }

    /// Runs `body`, failing with ``StoreError/unreachable(url:detail:)`` when it takes longer than
    /// `timeout` (for `/readyz`, which must answer quickly whatever the pool is doing).
    public nonisolated func within<Value: Sendable>(
        _ timeout: Duration, _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await AbandonableWork.race(body) {
            try await Task.sleep(for: timeout)
            let failure = ConnectionFailure(.timedOut, detail: "no answer within \(timeout.seconds) s")
            return StoreError.unreachable(failure, url: self.probe.url)
        }
    }
}

/// Wraps a route's handler so that it waits for an unavailable database at most about `patience`
/// (see ``DatabaseAvailability``).
struct DatabaseBoundedRoutes: Sendable {
    let availability: DatabaseAvailability
    let patience: Duration

    func callAsFunction(
        _ handler: @escaping @Sendable (Request, RapportRequestContext) async throws -> Response
    ) -> @Sendable (Request, RapportRequestContext) async throws -> Response {
        let (availability, patience) = (self.availability, self.patience)
        return { request, context in
            try await availability.bounded(patience: patience) { try await handler(request, context) }
        }
    }
}
