import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// CPU seconds (user + system) spent so far by this process and by the machine's PostgreSQL server
/// processes, read from `/proc` (Linux). Processes that exited are not counted (a short-lived
/// autovacuum worker, say), so the server's figure is a lower bound. A benchmark on a shared, two-core machine can report work
/// done besides wall time: wall time moves with whatever else the machine runs, CPU time much less.
struct CPUTime: Sendable {
    /// This process.
    var rapport: Double
    /// Every process named `postgres` (backends, autovacuum, WAL writer, …); nil when /proc has none
    /// (a remote server, or not Linux).
    var postgres: Double?

    static func now() -> CPUTime {
        var own = 0.0
        var server: Double?
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let selfPID = ProcessInfo.processInfo.processIdentifier
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), let (name, seconds) = stat(pid, ticks: ticks) else { continue }
            if pid == selfPID {
                own = seconds
            } else if name == "postgres" {
                server = (server ?? 0) + seconds
            }
        }
        return CPUTime(rapport: own, postgres: server)
    }

    /// The command name and CPU seconds of `pid` from `/proc/PID/stat` (fields 14 and 15, after the
    /// parenthesised name, which may itself hold spaces).
    private static func stat(_ pid: Int32, ticks: Double) -> (String, Double)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")")
        else { return nil }
        let name = String(text[text.index(after: open)..<close])
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the name: state(0) ppid(1) … utime(11) stime(12).
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (name, (user + system) / ticks)
    }

    /// What was spent between `earlier` and now.
    func since(_ earlier: CPUTime) -> CPUTime {
        CPUTime(
            rapport: rapport - earlier.rapport,
            postgres: postgres.flatMap { now in earlier.postgres.map { now - $0 } })
    }
}
