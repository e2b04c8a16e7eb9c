import Foundation
import Logging
import RapportInsight
import RapportStore
import ServiceLifecycle

/// `rapport serve --nightly-at HH:MM`: runs the nightly job (`rapport report nightly`: classify
/// what is new, place complaints in themes, build and store the flaw report of the last 24 hours)
/// once a day at that UTC time, while the server runs.
///
/// The wait is cut short by a graceful shutdown; a job already running is left to finish (the
/// service group waits for it), since its chunks are transactions of their own and a later run
/// would pick up what it had not done anyway. A failed run is logged and the next day's run
/// happens as usual; stored reports are served by `GET /v1/reports`.
public struct NightlySchedule: Service {
    public struct TimeOfDay: Sendable, Equatable, CustomStringConvertible {
        public var hour: Int
        public var minute: Int

        /// `HH:MM`, 24-hour, UTC.
        public init?(_ text: String) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]),
                (0..<24).contains(hour), (0..<60).contains(minute)
            else { return nil }
            self.hour = hour
            self.minute = minute
        }

        public var description: String {
            (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
        }
    }

    public let database: Database
    public let at: TimeOfDay
    public let logger: Logger

    public init(database: Database, at: TimeOfDay, logger: Logger) {
        self.database = database
        self.at = at
        self.logger = logger
    }

    /// The first instant after `date` whose UTC time of day is `at`.
    public static func nextRun(after date: Date, at: TimeOfDay) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(hour: at.hour, minute: at.minute, second: 0)
        return calendar.nextDate(after: date, matching: components, matchingPolicy: .nextTime) ?? date.addingTimeInterval(86_400)
    }

    public func run() async throws {
        logger.notice("nightly report scheduled", metadata: ["at_utc": "\(at)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let next = Self.nextRun(after: Date(), at: at)
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .seconds(max(0, next.timeIntervalSinceNow)))
                }
            } catch {
                return  // shutting down
            }
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
            await runOnce(endingAt: Date())
        }
    }

    /// One nightly job for the 24 hours before `end`; logs its outcome, never throws.
    @discardableResult
    public func runOnce(endingAt end: Date) async -> NightlyOutcome? {
        do {
            let period = try FlawPeriod(lasting: 86_400, endingAt: end)
            let outcome = try await NightlyReport(database: database).run(period: period, asOf: end)
            logger.notice(
                "nightly report stored",
                metadata: [
                    "report_id": "\(outcome.reportID)", "classified": "\(outcome.classification.classified)",
                    "themes": "\(outcome.report.themes.count)", "seconds": "\(outcome.seconds["total"] ?? 0)",
                ])
            return outcome
        } catch {
            logger.error("nightly report failed", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
