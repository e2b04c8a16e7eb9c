import RapportCore

/// What record linkage compares about a profile: its CRM fields and identities, flattened.
///
/// Built by the store from `customers` and `identities`; every field is optional because social-only
/// profiles know little more than a handle.
public struct PersonRecord: Sendable, Hashable, Codable {
    public var profileID: Int64
    public var givenName: String?
    public var surname: String?
    /// The full name when it could not be split (e.g. a display name).
    public var fullName: String?
    public var emails: [String]
    public var phones: [String]
    /// Social handles, normalised (no `@`).
    public var handles: [String]
    public var streetNumber: String?
    public var address1: String?
    public var address2: String?
    public var suburb: String?
    public var postcode: String?
    public var state: String?
    /// `YYYYMMDD` when known.
    public var dateOfBirth: String?
    public var socialSecurityID: String?
    /// `source:id` of each CRM record the profile holds.
    public var crmKeys: [String]

    public init(
        profileID: Int64, givenName: String? = nil, surname: String? = nil, fullName: String? = nil,
        emails: [String] = [], phones: [String] = [], handles: [String] = [], streetNumber: String? = nil,
        address1: String? = nil, address2: String? = nil, suburb: String? = nil, postcode: String? = nil,
        state: String? = nil, dateOfBirth: String? = nil, socialSecurityID: String? = nil, crmKeys: [String] = []
    ) {
        self.profileID = profileID
        self.givenName = givenName
        self.surname = surname
        self.fullName = fullName
        self.emails = emails
        self.phones = phones
        self.handles = handles
        self.streetNumber = streetNumber
        self.address1 = address1
        self.address2 = address2
        self.suburb = suburb
        self.postcode = postcode
        self.state = state
        self.dateOfBirth = dateOfBirth
        self.socialSecurityID = socialSecurityID
        self.crmKeys = crmKeys
    }
}

/// A candidate pair of profiles, produced by blocking (in PostgreSQL).
public struct CandidatePair: Sendable, Hashable, Codable {
    public var left: Int64
    public var right: Int64

    public init(left: Int64, right: Int64) {
        self.left = min(left, right)
        self.right = max(left, right)
    }
}
