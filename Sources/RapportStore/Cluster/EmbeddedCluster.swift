import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL cluster Rapport manages itself when no database is configured.
///
/// It lives under `$RAPPORT_HOME` (default `~/.local/share/rapport`), is created with `initdb` and run
/// with `pg_ctl` from the installed PostgreSQL, listens on 127.0.0.1 only, on a port chosen free at
/// start, with a generated password (SCRAM). PostgreSQL refuses to run as root, so when Rapport runs
/// as root the server runs as the `postgres` OS user; if that user cannot reach `$RAPPORT_HOME`
/// (e.g. under `/root`), the data directory goes to `/var/lib/rapport/<name>` instead, and
/// `cluster.json` in `$RAPPORT_HOME` records where.
public struct EmbeddedCluster: Sendable {
    /// What `cluster.json` records.
    public struct State: Codable, Sendable, Equatable {
        public var dataDirectory: String
        public var binDirectory: String
        public var port: Int
        public var username: String
        public var password: String
        public var database: String
        public var osUser: String?
    }

    /// How the cluster is doing, for `rapport db status`.
    public struct Status: Sendable, Codable {
        public var initialised: Bool
        public var running: Bool
        public var dataDirectory: String?
        public var port: Int?
        public var url: String?
    }

    public let home: URL
    public static let databaseName = "rapport"
    public static let superuser = "rapport"

    public init(home: URL) {
        self.home = home
    }

    /// The cluster under `$RAPPORT_HOME`, or `~/.local/share/rapport`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> EmbeddedCluster {
        if let home = environment["RAPPORT_HOME"], !home.isEmpty {
            return EmbeddedCluster(home: URL(fileURLWithPath: home))
        }
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (FileManager.default.homeDirectoryForCurrentUser.path + "/.local/share")
        return EmbeddedCluster(home: URL(fileURLWithPath: base).appendingPathComponent("rapport"))
    }

    var stateFile: URL { home.appendingPathComponent("cluster.json") }

    /// The recorded state, if the cluster was ever initialised.
    public func state() -> State? {
        guard let data = try? Data(contentsOf: stateFile) else { return nil }
        return try? JSONDecoder().decode(State.self, from: data)
    }

    /// Creates the cluster if needed and starts it if it is not running; returns its URL.
    @discardableResult
    public func start() throws -> DatabaseURL {
        var state = try state() ?? initialise()
        if try isRunning(state) { return url(for: state) }
        if LoopbackPort.isInUse(state.port) {
            guard let port = LoopbackPort.free() else { throw ClusterError("no free loopback port to start PostgreSQL on") }
            state.port = port
        }
        try save(state)
        let result = try Subprocess.run(
            state.binDirectory + "/pg_ctl",
            [
                "-D", state.dataDirectory, "-l", state.dataDirectory + "/server.log", "-w", "-t", "60",
                "-o", "-p \(state.port) -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
                "start",
            ],
            asUser: state.osUser
        )
        guard result.succeeded else {
            let log = (try? String(contentsOfFile: state.dataDirectory + "/server.log", encoding: .utf8)) ?? ""
            throw ClusterError("pg_ctl start failed (exit \(result.status)):\n\(result.output)\(String(log.suffix(2000)))")
        }
        return url(for: state)
    }

    /// How `pg_ctl stop` ends the server's sessions.
    public enum ShutdownMode: String, Sendable, CaseIterable {
        /// Waits for every client to disconnect.
        case smart
        /// Rolls back open transactions and disconnects clients, then shuts down cleanly (the default).
        case fast
        /// Kills the server processes at once, like a crash; the next start recovers from the WAL.
        case immediate
    }

    /// Stops the cluster if it is running. Returns whether it was.
    @discardableResult
    public func stop(mode: ShutdownMode = .fast) throws -> Bool {
        guard let state = state(), try isRunning(state) else { return false }
        let result = try Subprocess.run(
            state.binDirectory + "/pg_ctl", ["-D", state.dataDirectory, "-m", mode.rawValue, "-w", "-t", "60", "stop"],
            asUser: state.osUser
        )
        guard result.succeeded else { throw ClusterError("pg_ctl stop failed (exit \(result.status)): \(result.output)") }
        return true
    }

    public func status() throws -> Status {
        guard let state = state() else {
            return Status(initialised: false, running: false, dataDirectory: nil, port: nil, url: nil)
        }
        return Status(
            initialised: true, running: try isRunning(state), dataDirectory: state.dataDirectory, port: state.port,
            url: url(for: state).description
        )
    }

    /// The connection URL, with its password. Nil before the cluster was created.
    public func url() -> DatabaseURL? {
        state().map(url(for:))
    }

    func url(for state: State) -> DatabaseURL {
        DatabaseURL(host: "127.0.0.1", port: state.port, username: state.username, password: state.password, database: state.database)
    }

    func isRunning(_ state: State) throws -> Bool {
        guard FileManager.default.fileExists(atPath: state.binDirectory + "/pg_ctl") else {
            throw ClusterError(PostgreSQLInstallation.missingMessage)
        }
        // pg_ctl status: 0 running, 3 not running, 4 no accessible data directory.
        let result = try Subprocess.run(state.binDirectory + "/pg_ctl", ["-D", state.dataDirectory, "status"], asUser: state.osUser)
        return result.status == 0
    }

    func save(_ state: State) throws {
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(state).write(to: stateFile, options: .atomic)
        chmod(stateFile.path, 0o600)
    }

    /// Runs `initdb` into a fresh data directory.
    func initialise() throws -> State {
        let binDirectory = try PostgreSQLInstallation.binDirectory()
        let osUser = try serverUser()
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let dataDirectory = try chooseDataDirectory(osUser: osUser)
        let password = Self.randomToken()
        let passwordFile = URL(fileURLWithPath: dataDirectory).deletingLastPathComponent().appendingPathComponent(".pwfile-\(getpid())")
        try Data(password.utf8).write(to: passwordFile)
        defer { try? FileManager.default.removeItem(at: passwordFile) }
        if let osUser {
            _ = try Subprocess.run("/bin/chown", [osUser, passwordFile.path])
        }
        chmod(passwordFile.path, 0o600)
        let result = try Subprocess.run(
            binDirectory + "/initdb",
            [
                "-D", dataDirectory, "-U", Self.superuser, "--pwfile=\(passwordFile.path)", "--auth=scram-sha-256",
                "--encoding=UTF8", "--locale=C", "--no-instructions",
            ],
            asUser: osUser
        )
        guard result.succeeded else { throw ClusterError("initdb failed (exit \(result.status)):\n\(result.output)") }
        try Self.appendMemorySettings(to: dataDirectory + "/postgresql.conf", memoryBytes: Self.availableMemory())
        guard let port = LoopbackPort.free() else { throw ClusterError("no free loopback port to start PostgreSQL on") }
        let state = State(
            dataDirectory: dataDirectory, binDirectory: binDirectory, port: port, username: Self.superuser,
            password: password, database: Self.databaseName, osUser: osUser
        )
        try save(state)
        return state
    }

    /// The OS user the server runs as: the current one, or `postgres` when running as root.
    func serverUser() throws -> String? {
        guard geteuid() == 0 else { return nil }
        guard getpwnam("postgres") != nil else {
            throw ClusterError(
                "running as root, but there is no 'postgres' OS user to run PostgreSQL as (PostgreSQL refuses root). Install PostgreSQL from Debian's packages (apt-get install postgresql-15 postgresql-contrib), which creates it, or run as a normal user."
            )
        }
        return "postgres"
    }

    /// `$RAPPORT_HOME/postgres`, unless the server's OS user cannot reach it.
    func chooseDataDirectory(osUser: String?) throws -> String {
        let preferred = home.appendingPathComponent("postgres").path
        guard let osUser else {
            try FileManager.default.createDirectory(atPath: preferred, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            return preferred
        }
        let reachable = try Subprocess.run("/usr/bin/test", ["-x", home.path, "-a", "-r", home.path], asUser: osUser).succeeded
        let directory: String
        if reachable {
            directory = preferred
        } else {
            let name = home.path.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? String($0) : "-" }.joined()
            directory = "/var/lib/rapport/\(name.trimmingCharacters(in: CharacterSet(charactersIn: "-")))/postgres"
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let parent = URL(fileURLWithPath: directory).deletingLastPathComponent().path
        if !reachable {
            _ = try Subprocess.run("/bin/chown", [osUser, parent])
        }
        guard try Subprocess.run("/bin/chown", [osUser, directory]).succeeded else {
            throw ClusterError("could not hand \(directory) to the '\(osUser)' OS user")
        }
        chmod(directory, 0o700)
        return directory
    }

    /// PostgreSQL's stock `shared_buffers` (128 MB) makes a store of millions of interactions live in
    /// the kernel's page cache: every page a nightly run or a timeline touches is copied in by a
    /// system call, and random index inserts evict each other. initdb's cluster gets an eighth of the
    /// machine's memory instead (PostgreSQL's guide suggests a quarter for a dedicated server; this
    /// one shares the machine), between 128 MB and 2 GB, and the planner is told how much the kernel
    /// caches besides. `ALTER SYSTEM` overrides both (README, "embedded cluster").
    static func memorySettings(memoryBytes: UInt64) -> [(name: String, value: String)] {
        let megabytes = memoryBytes / (1 << 20)
        let sharedBuffers = min(2048, max(128, megabytes / 8))
        let effectiveCache = max(sharedBuffers, megabytes / 2)
        return [("shared_buffers", "\(sharedBuffers)MB"), ("effective_cache_size", "\(effectiveCache)MB")]
    }

    static func appendMemorySettings(to configuration: String, memoryBytes: UInt64) throws {
        var lines = "\n# Set by rapport when it created this cluster, for \(memoryBytes / (1 << 20)) MB of memory; ALTER SYSTEM overrides.\n"
        for setting in memorySettings(memoryBytes: memoryBytes) { lines += "\(setting.name) = '\(setting.value)'\n" }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: configuration))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.utf8))
    }

    /// The machine's memory, or the container's limit when lower (cgroup v2, then v1).
    static func availableMemory() -> UInt64 {
        var memory = UInt64(max(0, sysconf(Int32(_SC_PHYS_PAGES)))) * UInt64(max(0, sysconf(Int32(_SC_PAGESIZE))))
        for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8),
                let limit = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit > 0
            else { continue }
            memory = memory == 0 ? limit : min(memory, limit)
        }
        return memory
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
    }
}

/// Finding the installed PostgreSQL server programs.
public enum PostgreSQLInstallation {
    public static let missingMessage =
        "PostgreSQL server programs (initdb, pg_ctl) were not found. Install them with: apt-get install postgresql-15 postgresql-contrib (Debian/Ubuntu; or set RAPPORT_PG_BINDIR to their folder), or point Rapport at an existing server with --database-url or DATABASE_URL."

    /// The folder holding `initdb` and `pg_ctl`: `$RAPPORT_PG_BINDIR`, the newest
    /// `/usr/lib/postgresql/N/bin` (N ≥ 15), or a folder on `PATH`.
    public static func binDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let fileManager = FileManager.default
        func hasTools(_ directory: String) -> Bool {
            fileManager.isExecutableFile(atPath: directory + "/initdb") && fileManager.isExecutableFile(atPath: directory + "/pg_ctl")
        }
        if let configured = environment["RAPPORT_PG_BINDIR"], !configured.isEmpty {
            guard hasTools(configured) else { throw ClusterError("RAPPORT_PG_BINDIR=\(configured) holds no initdb and pg_ctl") }
            return configured
        }
        let versions = ((try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).filter { $0 >= 15 }.sorted(by: >)
        for version in versions where hasTools("/usr/lib/postgresql/\(version)/bin") {
            return "/usr/lib/postgresql/\(version)/bin"
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":").map(String.init) where hasTools(directory) {
            return directory
        }
        throw ClusterError(missingMessage)
    }
}

/// The embedded cluster could not be created, started or stopped.
public struct ClusterError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
