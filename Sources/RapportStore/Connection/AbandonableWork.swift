/// Work that may be left behind: PostgresNIO 1.33.2 can leave a statement waiting forever when the
/// server ends its session at the wrong moment, and nothing that waits for it must wait with it.
public enum AbandonableWork {
    /// `body`'s outcome, unless `verdict` returns an error first; `body` is then cancelled and left
    /// behind.
    ///
    /// `body` runs in a task of its own rather than a child task, on purpose: a task group would
    /// wait for a stuck statement with the caller. `verdict` is cancelled once `body` answers; a
    /// `verdict` that throws (e.g. its sleep is cancelled) gives no verdict.
    public static func race<Value: Sendable>(
        _ body: @escaping @Sendable () async throws -> Value, verdict: @escaping @Sendable () async throws -> any Error
    ) async throws -> Value {
        let (outcomes, outcome) = AsyncThrowingStream.makeStream(of: Value.self, throwing: (any Error).self)
        let work = Task {
            do {
                outcome.yield(try await body())
                outcome.finish()
            } catch {
                outcome.finish(throwing: error)
            }
        }
        let watch = Task {
            guard let error = try? await verdict() else { return }
            outcome.finish(throwing: error)
            work.cancel()
        }
        defer { watch.cancel() }
        return try await withTaskCancellationHandler {
            for try await value in outcomes { return value }
            throw CancellationError()
        } onCancel: {
            work.cancel()
            watch.cancel()
        }
    }
}
