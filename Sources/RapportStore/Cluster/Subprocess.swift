import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program to completion and captures its output. Used for PostgreSQL's own tools.
///
/// `posix_spawn` and `waitpid` rather than Foundation's `Process`: `pg_ctl start` leaves a server
/// running that descends from the child, and `Process.waitUntilExit` was seen to hang on that. The
/// child's stdin is /dev/null and its stdout/stderr a temporary file, never a pipe the server could
/// hold open.
struct Subprocess {
    struct Result {
        var status: Int32
        var output: String
        var succeeded: Bool { status == 0 }
    }

    /// Runs `executable` with `arguments`, as `user` (through `runuser`) when one is given.
    static func run(_ executable: String, _ arguments: [String], asUser user: String? = nil) throws -> Result {
        // PostgreSQL's tools refuse a working directory their user cannot read: start them in /.
        let command = ["/bin/sh", "-c", "cd / && exec \"$@\"", "sh", executable] + arguments
        let program = user == nil ? "/bin/sh" : "/usr/sbin/runuser"
        let argv = user.map { ["runuser", "-u", $0, "--"] + command } ?? command
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-subprocess-\(UUID().uuidString).log").path
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw ClusterError("could not run \(program): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw ClusterError("waiting for \(program) failed: \(String(cString: strerror(errno)))") }
        }
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return Result(status: exitStatus, output: String(decoding: data, as: UTF8.self))
    }
}
