import RapportCore

/// One synthetic person: who they are, what the CRM knows of them, and the identifiers they use
/// on each channel. A person is the ground truth the store has to reconstruct from the files.
struct DemoPerson {
    let index: Int
    let firstName: String
    let lastName: String
    /// The CRM id (`C00042`) when the CRM knows this person.
    var crmID: String?
    /// Email addresses as the person types them (the CRM writes them with its own capitalisation).
    var emails: [String] = []
    /// Phone numbers in E.164 (`+447700912345`); the CRM writes them in assorted formats.
    var phones: [String] = []
    /// Handles without `@`, in the capitalisation the person chose.
    var twitter: String?
    var facebook: String?
    var instagram: String?
    /// Which handles the CRM record lists (a CRM often does not know a customer's social accounts).
    var crmListsTwitter = false
    var crmListsFacebook = false
    var crmListsInstagram = false
    /// The anonymous web-chat visitor id this person chats under, if they use web chat.
    var webchatVisitor: String?
    var tier = "standard"
    var city = "London"
    var customerSince = "2021-01-01"

    var fullName: String { "\(firstName) \(lastName)" }
    var isInCRM: Bool { crmID != nil }

    /// `crm:acme:C00042`.
    var crmIdentifier: String? { crmID.map { "crm:\(DemoBrand.crmSource):\($0)" } }

    /// The identifier text a message on `channel` would carry for this person, if they use it.
    func identifier(on channel: Channel) -> String? {
        switch channel {
        case .twitter: twitter.map { "twitter:@\($0)" }
        case .facebook: facebook.map { "facebook:\($0)" }
        case .instagram: instagram.map { "instagram:\($0)" }
        case .email: emails.first.map { "email:\($0)" }
        case .phone, .sms, .whatsapp: phones.first.map { "phone:\($0)" }
        case .webchat: webchatVisitor.map { "webchat:\($0)" }
        case .store: crmIdentifier
        }
    }

    /// The channels this person can be reached on, in a fixed order.
    var channels: [Channel] {
        [.twitter, .facebook, .instagram, .email, .phone, .sms, .webchat, .store].filter { identifier(on: $0) != nil }
    }

    /// The identifier to show for this person: the CRM one when known, else the first channel's.
    var displayIdentifier: String {
        if let crm = crmIdentifier { return crm }
        for channel in channels {
            if let identifier = identifier(on: channel) { return identifier }
        }
        return "webchat:unknown-\(index)"
    }
}

/// The fictional brand whose customer service the demo data comes from.
enum DemoBrand {
    static let name = "Acme"
    static let crmSource = "acme"
    static let twitterAccount = "AcmeHelp"
    static let facebookAccount = "AcmeStores"
    static let instagramAccount = "acme_store"
    static let emailAccount = "help@acme.example"
    static let phoneAccount = "Acme Care"
    static let webchatAccount = "acme.example chat"
    static let smsAccount = "ACME"

    /// The account field for an interaction on `channel`.
    static func account(for channel: Channel) -> String {
        switch channel {
        case .twitter: twitterAccount
        case .facebook: facebookAccount
        case .instagram: instagramAccount
        case .email: emailAccount
        case .phone: phoneAccount
        case .webchat: webchatAccount
        case .sms, .whatsapp: smsAccount
        case .store: "Acme stores"
        }
    }

    /// The `source` (exporting system) for an interaction on `channel`.
    static func source(for channel: Channel) -> String {
        switch channel {
        case .twitter: "twitter"
        case .facebook: "facebook"
        case .instagram: "instagram"
        case .email: "zendesk"
        case .phone: "genesys"
        case .webchat: "livechat"
        case .sms, .whatsapp: "twilio"
        case .store: "pos"
        }
    }
}
