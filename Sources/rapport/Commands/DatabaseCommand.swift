import ArgumentParser
import RapportStore

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL cluster under $RAPPORT_HOME.",
        discussion: """
            The embedded cluster is created with initdb and run with pg_ctl from the installed PostgreSQL \
            (Debian: apt-get install postgresql-15 postgresql-contrib). It listens on 127.0.0.1 only, on a \
            free port, with a generated password. As root, the server runs as the 'postgres' OS user. \
            Commands that need the database start it on first use; these subcommands manage it by hand.
            """,
        subcommands: [Start.self, Stop.self, Status.self, URL.self]
    )

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the cluster if needed and start it.")
        func run() async throws {
            try await reportingErrors {
                let url = try await EmbeddedCluster.fromEnvironment().startWithDatabase()
                print("PostgreSQL is running at \(url)")
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the cluster.")
        func run() async throws {
            try await reportingErrors {
                print(try EmbeddedCluster.fromEnvironment().stop() ? "stopped" : "not running")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether the cluster exists and runs.", discussion: "Exits 0 when running, 3 when stopped or not created."
        )
        @Option(help: "Output format: text or json.") var format: SummaryFormat = .text

        func run() async throws {
            try await reportingErrors {
                let cluster = EmbeddedCluster.fromEnvironment()
                let status = try cluster.status()
                if format == .json {
                    try JSONOutput.print(status)
                } else if !status.initialised {
                    print("not created (under \(cluster.home.path)); `rapport db start` creates it")
                } else {
                    print("\(status.running ? "running" : "stopped")  port \(status.port ?? 0)  data \(status.dataDirectory ?? "?")")
                    if let url = status.url { print(url) }
                }
                if !status.running { throw ExitCode(3) }
            }
        }
    }

    struct URL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the cluster's connection URL (with its password), starting it if needed.",
            discussion: "For example: export DATABASE_URL=$(rapport db url)"
        )
        func run() async throws {
            try await reportingErrors {
                print(try await EmbeddedCluster.fromEnvironment().startWithDatabase().urlString)
            }
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the schema migrations in schema/ (or list them with --status).",
        discussion: """
            Each schema/NNN_name.sql file is applied once, in order, in its own transaction, and recorded \
            with its SHA-256 checksum. An applied file that has since changed is refused: add a new \
            migration instead. Other commands refuse to run until the database is current.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "List applied and pending migrations without applying anything.") var status = false
    @Option(help: "Output format: text or json.") var format: SummaryFormat = .text

    func run() async throws {
        let status = self.status
        let format = self.format
        try await reportingErrors {
            try await database.withDatabase(requireSchema: false) { database in
                let migrator = try Migrator(directory: try Migrator.locateSchemaDirectory())
                if status {
                    let states = try await migrator.status(in: database)
                    if format == .json { return try JSONOutput.print(states) }
                    for state in states {
                        print("\(String(format: "%03d", state.version))_\(state.name)  \(state.status.rawValue)\(state.appliedAt.map { "  \($0)" } ?? "")")
                    }
                    return
                }
                let applied = try await migrator.apply(to: database)
                if format == .json { return try JSONOutput.print(["applied": applied.map { "\(String(format: "%03d", $0.version))_\($0.name)" }]) }
                if applied.isEmpty {
                    print("database is current (\(migrator.migrations.count) migrations)")
                } else {
                    for migration in applied { print("applied \(String(format: "%03d", migration.version))_\(migration.name)") }
                }
            }
        }
    }
}
