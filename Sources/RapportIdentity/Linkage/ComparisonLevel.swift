/// One thing the linkage model compares about two people, with its ordered comparison levels.
///
/// Each field sorts a pair into exactly one level, from the strongest agreement to `different`;
/// the model learns how often matches (m) and non-matches (u) land in each level. When either side
/// lacks the data the field is `missing` and contributes nothing.
public enum ComparisonField: String, Sendable, Hashable, Codable, CaseIterable {
    case givenName = "given_name"
    case surname
    /// Used only when a side has no separate given name and surname (e.g. a display name).
    case fullName = "full_name"
    case dateOfBirth = "date_of_birth"
    case socialSecurityID = "soc_sec_id"
    case streetNumber = "street_number"
    case address1 = "address_1"
    case address2 = "address_2"
    case suburb
    case postcode
    case state
    case emails
    case phones
    case handles
    /// A social handle of one side that spells the other side's name (`janedoe88` vs Jane Doe).
    case handleName = "handle_name"

    /// The levels this field can take, strongest first, ending with ``ComparisonLevel/different``
    /// (``ComparisonLevel/missing`` is implicit). The comparator returns the first level that holds.
    public var levels: [ComparisonLevel] {
        switch self {
        case .givenName, .surname:
            [.exact, .jaroWinkler92, .swappedNames, .jaroWinkler88, .jaroWinkler70, .different]
        case .fullName:
            [.exact, .jaroWinkler92, .tokenOverlap, .different]
        case .dateOfBirth:
            [.exact, .dayMonthSwapped, .oneEdit, .twoEdits, .different]
        case .socialSecurityID:
            [.exact, .oneEdit, .twoEdits, .different]
        case .streetNumber, .postcode:
            [.exact, .oneEdit, .different]
        case .address1, .address2:
            [.exact, .jaroWinkler92, .jaroWinkler80, .swappedAddressLines, .tokenOverlap, .different]
        case .suburb:
            [.exact, .jaroWinkler92, .jaroWinkler80, .different]
        case .state:
            [.exact, .different]
        case .emails:
            [.exact, .sameEmailLocalPart, .different]
        case .phones:
            [.exact, .sameLastSevenDigits, .different]
        case .handles:
            [.exact, .jaroWinkler92, .different]
        case .handleName:
            [.handleSpellsFullName, .handleSpellsInitialAndSurname, .handleContainsSurname, .different]
        }
    }
}

/// A comparison level: how well two values agree. The same level name means the same rule on every
/// field it applies to.
public enum ComparisonLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// Either side has no value: no evidence either way.
    case missing
    /// Equal after normalisation (case, diacritics, surrounding and repeated spaces); for
    /// multi-valued fields (emails, phones, handles), any value of one side equals one of the other.
    case exact
    /// Jaro–Winkler similarity ≥ 0.92 (spaces ignored).
    case jaroWinkler92 = "jaro_winkler_0.92"
    /// Jaro–Winkler similarity ≥ 0.88 (spaces ignored).
    case jaroWinkler88 = "jaro_winkler_0.88"
    /// Jaro–Winkler similarity ≥ 0.80 (spaces ignored).
    case jaroWinkler80 = "jaro_winkler_0.80"
    /// Jaro–Winkler similarity ≥ 0.70 (spaces ignored).
    case jaroWinkler70 = "jaro_winkler_0.70"
    /// One edit apart (insert, delete, substitute, or swap two neighbouring characters).
    case oneEdit = "one_edit"
    /// Two edits apart.
    case twoEdits = "two_edits"
    /// Given name and surname exchanged: this side's value matches (Jaro–Winkler ≥ 0.92) the other
    /// side's other name field.
    case swappedNames = "swapped_names"
    /// Address line 1 and 2 exchanged (Jaro–Winkler ≥ 0.92 across lines).
    case swappedAddressLines = "swapped_address_lines"
    /// The word sets overlap: Jaccard similarity of the words ≥ 0.5.
    case tokenOverlap = "token_overlap"
    /// `YYYYMMDD` dates whose day and month are exchanged.
    case dayMonthSwapped = "day_month_swapped"
    /// Two email addresses share the part before `@` (at different domains).
    case sameEmailLocalPart = "same_email_local_part"
    /// Two phone numbers share their last seven digits (same line, different prefix or format).
    case sameLastSevenDigits = "same_last_7_digits"
    /// A handle, without digits, `_`, `.` and `-`, contains the other side's given name and surname
    /// in either order (`janedoe88`, `doe_jane`).
    case handleSpellsFullName = "handle_spells_full_name"
    /// A handle contains the other side's initial and surname (`jdoe`, `doej`).
    case handleSpellsInitialAndSurname = "handle_spells_initial_and_surname"
    /// A handle contains the other side's surname (at least four letters).
    case handleContainsSurname = "handle_contains_surname"
    /// Both sides have values and none of the levels above holds.
    case different
}

extension ComparisonLevel {
    /// The position in ``allCases``, computed by a switch (a jump table) for the scoring loop.
    var ordinal: Int {
        switch self {
        case .missing: 0
        case .exact: 1
        case .jaroWinkler92: 2
        case .jaroWinkler88: 3
        case .jaroWinkler80: 4
        case .jaroWinkler70: 5
        case .oneEdit: 6
        case .twoEdits: 7
        case .swappedNames: 8
        case .swappedAddressLines: 9
        case .tokenOverlap: 10
        case .dayMonthSwapped: 11
        case .sameEmailLocalPart: 12
        case .sameLastSevenDigits: 13
        case .handleSpellsFullName: 14
        case .handleSpellsInitialAndSurname: 15
        case .handleContainsSurname: 16
        case .different: 17
        }
    }
}
