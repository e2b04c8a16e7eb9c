import Foundation
import Logging
import PostgresNIO
import RapportCore

/// The person a privacy request is about: the live profile an identifier resolves to, every profile
/// ever merged into it, the identities on it, the CRM records those identities point at, and the
/// personal values all of them hold (what an erasure must leave nowhere).
struct DataSubject: Sendable {
    struct Identity: Sendable, Hashable {
        var id: Int64
        var kind: String
        var value: String

        /// `kind:value`, the form reports and timelines show.
        var identifier: String { "\(kind):\(value)" }
    }

    /// The live profile.
    var profileID: Int64
    /// The live profile and every profile whose merge chain ends in it, ascending.
    var profileIDs: [Int64]
    var identities: [Identity]
    /// `customers.id` of the CRM records linked through the profile's `crm:` identities.
    var customerIDs: [Int64]
    /// Names and identifier values from the profile and its CRM records (not the message bodies).
    var personalValues: [String]

    var identityIDs: [Int64] { identities.map(\.id) }
    var identifiers: [String] { identities.map(\.identifier) }

    /// Looks the person up on `connection`; with `lock`, holds row locks on their profiles and
    /// identities until the transaction ends, so no merge or detach moves them meanwhile.
    static func resolve(_ identifier: Identifier, on connection: PostgresConnection, lock: Bool, logger: Logger) async throws -> DataSubject {
        let profileID = try await ProfileQueries.liveProfile(of: identifier, on: connection, logger: logger)
        var profileIDs: [Int64] = []
        let profileRows = try await connection.query(
            """
            WITH RECURSIVE absorbed AS (
                SELECT id FROM profiles WHERE id = \(profileID)
                UNION
                SELECT p.id FROM profiles p JOIN absorbed a ON p.merged_into = a.id
            )
            SELECT id FROM absorbed
            UNION
            SELECT origin_profile_id FROM identities WHERE profile_id = \(profileID)
            ORDER BY 1
            """,
            logger: logger
        )
        for try await id in profileRows.decode(Int64.self) { profileIDs.append(id) }
        if lock {
            _ = try await LedgerMoves.lockProfiles(profileIDs, on: connection, logger: logger)
            _ = try await LedgerMoves.lockIdentities(ofProfile: profileID, on: connection, logger: logger)
        }

        var identities: [Identity] = []
        let identityRows = try await connection.query(
            "SELECT id, kind, value FROM identities WHERE profile_id = \(profileID) ORDER BY id", logger: logger
        )
        for try await (id, kind, value) in identityRows.decode((Int64, String, String).self) {
            identities.append(Identity(id: id, kind: kind, value: value))
        }

        var customerIDs: [Int64] = []
        var values: Set<String> = []
        let customerRows = try await connection.query(
            """
            SELECT c.id, c.crm_id, c.name, c.emails, c.phones, c.handles
            FROM identities i JOIN customers c ON i.kind = 'crm' AND i.value = lower(c.crm_source) || ':' || c.crm_id
            WHERE i.profile_id = \(profileID) ORDER BY c.id
            """,
            logger: logger
        )
        for try await (id, crmID, name, emails, phones, handles) in customerRows.decode(
            (Int64, String, String?, [String], [String], [String]).self
        ) {
            customerIDs.append(id)
            values.insert(crmID)
            if let name { values.insert(name) }
            values.formUnion(emails + phones + handles)
        }
        let nameRows = try await connection.query(
            "SELECT display_name FROM profiles WHERE id = ANY(\(profileIDs)) AND display_name IS NOT NULL", logger: logger
        )
        for try await name in nameRows.decode(String.self) { values.insert(name) }
        for identity in identities {
            values.insert(identity.value)
            if identity.kind == "crm", let colon = identity.value.firstIndex(of: ":") {
                values.insert(String(identity.value[identity.value.index(after: colon)...]))
            }
        }
        let personal = values.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.sorted()
        return DataSubject(
            profileID: profileID, profileIDs: profileIDs, identities: identities, customerIDs: customerIDs, personalValues: personal
        )
    }
}
