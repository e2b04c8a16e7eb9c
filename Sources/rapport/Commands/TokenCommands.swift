import ArgumentParser
import Foundation
import RapportServer
import RapportStore

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the API tokens of `rapport serve`.",
        discussion: """
            A token grants one role: reader (lookups, timelines, history, reports, metrics), ingest (write \
            interactions and customers), steward (merges, unmerges, detaches, suggestions, and reading) or \
            admin (tokens, and everything). Only a SHA-256 hash is stored: the token is printed once, when \
            it is made. The token's name is recorded as the steward of every change made with it.
            """,
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a token and print it (once).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A unique name: who or what uses the token (recorded in the ledger).") var name: String
        @Option(help: "reader, ingest, steward or admin.") var role: String
        @Option(help: "Output format: text or json (an object with name, role and token).") var format: SummaryFormat = .text

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role takes reader, ingest, steward or admin") }
        }

        func run() async throws {
            let (name, format) = (self.name, self.format)
            let role = Role(rawValue: self.role) ?? .reader
            try await reportingErrors {
                try await database.withDatabase { database in
                    let issued = try await APITokens(database: database).create(name: name, role: role)
                    if format == .json { return try JSONOutput.print(issued, pretty: false) }
                    print(issued.token)
                    printError("token '\(issued.name)' (\(issued.role.rawValue)) made; it is shown only now: store it safely")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (names, roles, dates; never the tokens).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func run() async throws {
            let format = self.format
            try await reportingErrors {
                try await database.withDatabase { database in
                    let tokens = try await APITokens(database: database).list()
                    if format != .table { return try JSONOutput.print(tokens) }
                    let dates = ISO8601DateFormatter()
                    print("NAME\tROLE\tCREATED\tREVOKED")
                    for token in tokens {
                        print(
                            "\(token.name)\t\(token.role.rawValue)\t\(dates.string(from: token.createdAt))\t\(token.revokedAt.map(dates.string(from:)) ?? "-")"
                        )
                    }
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token: it stops working (within the server's token cache time).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The token's name.") var name: String

        func run() async throws {
            let name = self.name
            try await reportingErrors {
                try await database.withDatabase { database in
                    let token = try await APITokens(database: database).revoke(name: name)
                    print("revoked: \(token.name) (\(token.role.rawValue))")
                }
            }
        }
    }
}
