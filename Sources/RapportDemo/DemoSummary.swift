/// What ``DemoGenerator`` wrote and planted: the counts per file, the customer to show, and the
/// process flaws the flaw report must find. Encodes to JSON with snake_case keys (it is also
/// written as `summary.json` beside the data, for scripts such as `make demo`).
public struct DemoSummary: Codable, Sendable, Hashable {
    /// The seed the data was generated from.
    public var seed: UInt64
    /// People generated (CRM customers, social-only customers and web-chat visitors).
    public var customers: Int
    /// Start (inclusive) and end (exclusive) of the generated period, ISO-8601 UTC.
    public var periodStart: String
    public var periodEnd: String
    /// The data files written, with their row counts and sizes (`summary.json` itself not listed).
    public var files: [DemoFile]
    /// Rows of `customers.csv` (one per CRM record, duplicates included).
    public var crmRecords: Int
    /// Rows of `interactions.jsonl`: customer messages (inbound) plus brand replies (outbound).
    public var interactions: Int
    public var inbound: Int
    public var outbound: Int
    /// Interactions per channel name.
    public var channels: [String: Int]
    /// The customer whose cross-channel timeline the demo prints.
    public var showcase: DemoShowcase
    /// The process flaws the flaw report must find, one per flag kind.
    public var plantedFlaws: [PlantedFlaw]
    /// Identity cases for data stewards (issue 3).
    public var stewardship: DemoStewardshipCases

    enum CodingKeys: String, CodingKey {
        case seed, customers, files, interactions, inbound, outbound, channels, showcase, stewardship
        case periodStart = "period_start"
        case periodEnd = "period_end"
        case crmRecords = "crm_records"
        case plantedFlaws = "planted_flaws"
    }

    /// The planted flaw for a theme key such as `refund_not_received`.
    public func flaw(_ key: String) -> PlantedFlaw? {
        plantedFlaws.first { $0.key == key }
    }
}

/// One file written into the output directory.
public struct DemoFile: Codable, Sendable, Hashable {
    public var name: String
    /// Data rows (header lines not counted).
    public var rows: Int
    public var bytes: Int
}

/// The customer whose timeline `make demo` prints.
public struct DemoShowcase: Codable, Sendable, Hashable {
    /// The identifier to look the customer up by, e.g. `twitter:@JaneDoe`.
    public var identifier: String
    public var name: String
    /// Their CRM identifier, which links every other identifier.
    public var crm: String
    /// Every identifier their timeline's interactions carry.
    public var identifiers: [String]
    /// The distinct channels of their story.
    public var channels: [String]
    /// Interactions in their story (everyday background traffic may add a few more to the timeline).
    public var interactions: Int
}

/// The flag kinds the report can raise, as named in its JSON output.
public enum DemoFlag: String, Codable, Sendable, Hashable, CaseIterable {
    case repeated, widespread, rising, escalated
}

/// A process flaw planted in the data, and what the flaw report should say about it.
public struct PlantedFlaw: Codable, Sendable, Hashable {
    /// The theme's machine key, e.g. `refund_not_received`.
    public var key: String
    /// The theme's human name, e.g. "refund not received".
    public var theme: String
    /// The flag(s) the report must raise for this theme (it may raise others too).
    public var expectedFlags: [DemoFlag]
    public var description: String
    /// The customers who play it out (for `repeated` and `escalated`: the ones the report should name).
    public var customers: [PlantedCustomer]
    /// Every complaint on this theme that the scenario planted (background complaints excluded).
    public var complaints: [PlantedComplaint]

    enum CodingKeys: String, CodingKey {
        case key, theme, description, customers, complaints
        case expectedFlags = "expected_flags"
    }
}

/// One customer in a planted flaw.
public struct PlantedCustomer: Codable, Sendable, Hashable {
    /// Their CRM identifier when the CRM knows them (it links the others).
    public var crm: String?
    /// The identifiers their planted complaints carry, in the order they were used.
    public var identifiers: [String]
}

/// One planted complaint, as it appears in `interactions.jsonl` (`occurred_at` in ISO-8601 UTC).
public struct PlantedComplaint: Codable, Sendable, Hashable {
    public var source: String
    public var externalID: String
    public var channel: String
    public var visibility: String
    public var occurredAt: String
    public var customer: String

    enum CodingKeys: String, CodingKey {
        case source, channel, visibility, customer
        case externalID = "external_id"
        case occurredAt = "occurred_at"
    }
}

/// Identity cases planted for data stewards (issue 3): none is merged by the importer.
public struct DemoStewardshipCases: Codable, Sendable, Hashable {
    /// Two CRM records of one person (same phone, different email): a conflict to report and a merge to suggest.
    public var duplicateCRMRecords: [[String]]
    /// A landline two different CRM customers list: a conflict that must never become a merge.
    public var sharedPhone: String?
    public var sharedPhoneCustomers: [String]
    /// CRM customers and the social handle they use that the CRM does not list (a merge to suggest).
    public var unlistedHandles: [[String]]

    enum CodingKeys: String, CodingKey {
        case duplicateCRMRecords = "duplicate_crm_records"
        case sharedPhone = "shared_phone"
        case sharedPhoneCustomers = "shared_phone_customers"
        case unlistedHandles = "unlisted_handles"
    }
}
