import Foundation

/// A value blocking joins on, defined so that PostgreSQL computes exactly the same value
/// (see ``sqlExpression(_:)``). Text keys are trimmed and lower-cased; an empty value is no key.
public enum BlockingKey: String, Sendable, Hashable, Codable, CaseIterable {
    /// `soundex(surname)` as `fuzzystrmatch` computes it.
    case surnameSoundex = "surname_soundex"
    /// The first three characters of the given name.
    case givenNamePrefix = "given_name_prefix"
    case postcode
    case suburb
    case dateOfBirth = "date_of_birth"
    case socialSecurityID = "soc_sec_id"
    case streetNumber = "street_number"
    /// The first four characters of address line 1.
    case addressPrefix = "address_1_prefix"
    /// The soundex codes of both names, in sorted order (`D000 J500` for Jane Doe and for Doe Jane):
    /// given name and surname, or, when a profile has neither, the first and last word of its full
    /// name. No key unless both codes exist.
    case nameSoundexPair = "name_soundex_pair"
    /// Any one of the profile's normalised emails.
    case email
    /// Any one of the profile's normalised (E.164) phones.
    case phone
    /// Any one of the profile's normalised handles.
    case handle

    /// The same key in SQL over the row `alias` with the ``PersonRecord`` columns in snake case;
    /// multi-valued keys read one `identities` row per value.
    public func sqlExpression(_ alias: String) -> String {
        switch self {
        case .surnameSoundex: "nullif(soundex(btrim(\(alias).surname)), '')"
        case .givenNamePrefix: "nullif(left(lower(btrim(\(alias).given_name)), 3), '')"
        case .postcode: "nullif(lower(btrim(\(alias).postcode)), '')"
        case .suburb: "nullif(lower(btrim(\(alias).suburb)), '')"
        case .dateOfBirth: "nullif(lower(btrim(\(alias).date_of_birth)), '')"
        case .socialSecurityID: "nullif(lower(btrim(\(alias).soc_sec_id)), '')"
        case .streetNumber: "nullif(lower(btrim(\(alias).street_number)), '')"
        case .addressPrefix: "nullif(left(lower(btrim(\(alias).address_1)), 4), '')"
        case .nameSoundexPair:
            """
            (SELECT CASE WHEN soundex(n[1]) <> '' AND soundex(n[2]) <> '' \
            THEN least(soundex(n[1]), soundex(n[2])) || ' ' || greatest(soundex(n[1]), soundex(n[2])) END \
            FROM (SELECT CASE WHEN coalesce(btrim(\(alias).given_name), '') <> '' OR coalesce(btrim(\(alias).surname), '') <> '' \
            THEN ARRAY[btrim(\(alias).given_name), btrim(\(alias).surname)] \
            ELSE (SELECT ARRAY[w[1], w[cardinality(w)]] FROM regexp_split_to_array(btrim(\(alias).full_name), '\\s+') AS w \
            WHERE cardinality(w) >= 2) END AS n) AS names)
            """
        case .email: "\(alias).value /* identities of kind 'email' */"
        case .phone: "\(alias).value /* identities of kind 'phone' */"
        case .handle: "\(alias).value /* identities of kind twitter, facebook or instagram */"
        }
    }

    /// Whether a profile can have several values of this key.
    public var isMultiValued: Bool { self == .email || self == .phone || self == .handle }
}

/// When a blocking rule makes two profiles a candidate pair.
public enum BlockingCondition: Sendable, Hashable, Codable {
    /// Every listed key has a value on both sides and the values are equal (for a multi-valued key:
    /// some value is shared).
    case equal([BlockingKey])
    /// `pg_trgm` `similarity(name_a, name_b) >= minimum` on the blocking name: the display name
    /// when present, else given name and surname joined by a space.
    case nameTrigramSimilarity(minimum: Double)
    /// A handle's letters (everything but a–z removed, at least five left) equal the other side's
    /// given name + surname, surname + given name, or initial + surname, in letters only (names as
    /// for ``BlockingKey/nameSoundexPair``).
    case handleSpellsName
}

/// One blocking rule. A pair is a candidate when any rule holds; rules are data so the store can
/// write them as SQL and the Swift ``Blocking`` can run them without a database.
public struct BlockingRule: Sendable, Hashable, Codable {
    /// A short stable name, used in reports.
    public var name: String
    public var condition: BlockingCondition

    public init(name: String, condition: BlockingCondition) {
        self.name = name
        self.condition = condition
    }

    /// The rule as a SQL join predicate between profiles `a` and `b` (for single-valued keys; the
    /// store joins multi-valued keys through `identities`).
    public var sqlPredicate: String {
        switch condition {
        case .equal(let keys):
            return keys.map { "\($0.sqlExpression("a")) = \($0.sqlExpression("b"))" }.joined(separator: " AND ")
        case .nameTrigramSimilarity(let minimum):
            let name = "coalesce(nullif(btrim(%.full_name), ''), concat_ws(' ', %.given_name, %.surname))"
            return "similarity(\(name.replacingOccurrences(of: "%", with: "a")), \(name.replacingOccurrences(of: "%", with: "b"))) >= \(minimum)"
        case .handleSpellsName:
            return """
                h(a.handle) IN (g(b) || s(b), s(b) || g(b), left(g(b), 1) || s(b)) OR the same with a and b exchanged, \
                where h(x) = regexp_replace(lower(x), '[^a-z]', '', 'g') (at least 5 letters), g and s are the given name and \
                surname (or first and last word of full_name when both are blank) in letters only, both non-empty, each key \
                at least 5 letters
                """
        }
    }
}

extension BlockingRule {
    /// The rules Rapport blocks with. Together they keep ≥ 0.999 of the true pairs of Febrl3 and
    /// Febrl4 while producing about 1.5 candidate pairs per record; the identifier and handle rules
    /// find the social and contact-based duplicates that name and address rules cannot. Every rule
    /// is an equality join, which PostgreSQL runs as a hash join in milliseconds.
    public static let defaultRules: [BlockingRule] = [
        BlockingRule(name: "surname_soundex_postcode", condition: .equal([.surnameSoundex, .postcode])),
        BlockingRule(name: "date_of_birth", condition: .equal([.dateOfBirth])),
        BlockingRule(name: "given_name_prefix_suburb", condition: .equal([.givenNamePrefix, .suburb])),
        BlockingRule(name: "soc_sec_id", condition: .equal([.socialSecurityID])),
        BlockingRule(name: "postcode_street_number", condition: .equal([.postcode, .streetNumber])),
        BlockingRule(name: "postcode_address_prefix", condition: .equal([.postcode, .addressPrefix])),
        BlockingRule(name: "suburb_street_number", condition: .equal([.suburb, .streetNumber])),
        BlockingRule(name: "name_soundex_pair", condition: .equal([.nameSoundexPair])),
        BlockingRule(name: "email", condition: .equal([.email])),
        BlockingRule(name: "phone", condition: .equal([.phone])),
        BlockingRule(name: "handle", condition: .equal([.handle])),
        BlockingRule(name: "handle_spells_name", condition: .handleSpellsName),
    ]
}

extension BlockingRule {
    /// Names at `pg_trgm` similarity ≥ 0.5: catches name variants soundex misses (Katherine and
    /// Catherine) but is not a default: on 10,000 Febrl4 records the GIN-indexed `%` self-join took
    /// 7–16 s in PostgreSQL 15, against well under a second for all default rules together.
    public static let nameTrigram = BlockingRule(name: "name_trigram", condition: .nameTrigramSimilarity(minimum: 0.5))
}
