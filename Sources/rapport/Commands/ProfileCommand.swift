import ArgumentParser
import Foundation
import RapportCore
import RapportStore

struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Show who a customer is: identities, CRM records, interactions per channel, first and last contact."
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Any identifier of the customer, as kind:value.") var identifier: String
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let identifier = try parseIdentifier(self.identifier)
        let format = self.format
        try await reportingErrors {
            try await database.withDatabase { database in
                let queries = ProfileQueries(database: database)
                let profile = try await queries.profile(try await queries.resolve(identifier))
                if format != .table { return try JSONOutput.print(profile) }
                print(TimelineRenderer.header(profile), terminator: "")
                for identity in profile.identities {
                    print("  \(identity.identifier.padding(toLength: 40, withPad: " ", startingAt: 0)) source \(identity.source)  first seen \(identity.firstSeen)  last seen \(identity.lastSeen)")
                }
                if let first = profile.firstContact, let last = profile.lastContact {
                    print("\n  First contact \(first), last contact \(last), \(profile.interactionCount) interactions")
                } else {
                    print("\n  No interactions yet")
                }
            }
        }
    }
}
