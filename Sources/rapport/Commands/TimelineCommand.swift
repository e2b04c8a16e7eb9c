import ArgumentParser
import Foundation
import RapportCore
import RapportStore

struct Timeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a customer's timeline across every channel, newest first.",
        discussion: """
            The identifier may be any of the customer's: twitter:@jane, email:jane@example.com, \
            phone:+447700900123, webchat:visitor-8f2c, crm:salesforce:0031x000004TmCq or profile:42. \
            Pages are keyset-paginated: pass the printed cursor to --after for the next page.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Any identifier of the customer, as kind:value.") var identifier: String
    @Option(help: "Entries per page (1-1000).") var limit: Int = 50
    @Option(help: "Continue after this cursor (printed at the end of the previous page).") var after: String?
    @Option(help: "Only entries at or after this time (ISO-8601, a date, or 24h / 7d ago).") var since: String?
    @Option(help: "Only entries before this time.") var until: String?
    @Option(parsing: .upToNextOption, help: "Only these channels (twitter, facebook, instagram, email, phone, webchat, sms, whatsapp, store).")
    var channel: [Channel] = []
    @Option(help: "Output format: table, json or jsonl.") var format: OutputFormat = .table

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        if let after, TimelineCursor(after) == nil { throw ValidationError("--after is not a cursor printed by rapport timeline") }
        if let since, parseTime(since) == nil { throw ValidationError("--since: expected a date, an ISO-8601 time or 24h / 7d") }
        if let until, parseTime(until) == nil { throw ValidationError("--until: expected a date, an ISO-8601 time or 24h / 7d") }
    }

    func run() async throws {
        let identifier = try parseIdentifier(self.identifier)
        let query = TimelineQuery(
            limit: limit, after: after.flatMap(TimelineCursor.init), since: since.flatMap { parseTime($0) },
            until: until.flatMap { parseTime($0) }, channels: channel
        )
        let format = self.format
        try await reportingErrors {
            try await database.withDatabase { database in
                let queries = ProfileQueries(database: database)
                let profileID = try await queries.resolve(identifier)
                let profile = try await queries.profile(profileID)
                let page = try await queries.timeline(of: profileID, query: query)
                switch format {
                case .json:
                    try JSONOutput.print(TimelineDocument(profile: profile, page: page))
                case .jsonl:
                    for entry in page.entries { try JSONOutput.print(entry, pretty: false) }
                case .table:
                    print(TimelineRenderer.header(profile), terminator: "")
                    print(TimelineRenderer.entries(page, width: Terminal.width), terminator: "")
                }
            }
        }
    }
}

extension Channel: ExpressibleByArgument {}

/// The `--format json` document of `rapport timeline`.
struct TimelineDocument: Encodable {
    let profile: ProfileHeader
    let identities: [IdentityInfo]
    let entries: [TimelineEntry]
    let nextCursor: String?

    struct ProfileHeader: Encodable {
        let id: Int64
        let displayName: String
        let crmRecords: [CRMRecordInfo]
        enum CodingKeys: String, CodingKey { case id, displayName = "display_name", crmRecords = "crm_records" }
    }

    init(profile: ProfileSummary, page: TimelinePage) {
        self.profile = ProfileHeader(id: profile.id, displayName: profile.label, crmRecords: profile.crmRecords)
        self.identities = profile.identities
        self.entries = page.entries
        self.nextCursor = page.nextCursor?.description
    }

    enum CodingKeys: String, CodingKey { case profile, identities, entries, nextCursor = "next_cursor" }
}

/// Renders profiles and timelines as text for a terminal.
enum TimelineRenderer {
    static func header(_ profile: ProfileSummary) -> String {
        var text = "Profile \(profile.id): \(profile.label)\n"
        for record in profile.crmRecords {
            var details: [String] = []
            if let name = record.name { details.append(name) }
            details += record.emails + record.phones
            text += "  CRM \(record.crmSource):\(record.crmID)  \(details.joined(separator: ", "))\n"
        }
        text += "  Identities: " + profile.identities.map(\.identifier).joined(separator: ", ") + "\n"
        if !profile.channelCounts.isEmpty {
            text += "  Interactions: " + profile.channelCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        return text + "\n"
    }

    static func entries(_ page: TimelinePage, width: Int) -> String {
        if page.entries.isEmpty { return "  (no interactions)\n" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        var text = ""
        for entry in page.entries {
            let arrow = entry.direction == "inbound" ? "in " : "out"
            let prefix = "\(formatter.string(from: entry.occurredAt))  \(entry.channel.padding(toLength: 9, withPad: " ", startingAt: 0)) \(arrow) \(entry.visibility.padding(toLength: 7, withPad: " ", startingAt: 0))"
            let account = entry.account.map { " @\($0)" } ?? ""
            text += prefix + account + "  [\(entry.identity)]\n"
            let indent = "    "
            for line in Terminal.wrap(entry.body ?? "(no text)", width: max(30, width - indent.count)) {
                text += indent + line + "\n"
            }
        }
        if let next = page.nextCursor {
            text += "\nmore: --after \(next)\n"
        }
        return text
    }
}
