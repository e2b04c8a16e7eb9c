import Foundation

/// One entry of the merge ledger, for `rapport history` and `rapport unmerge`.
public struct LedgerEntry: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable { case merge, detach }
    public var id: Int64
    public var action: Action
    /// merge: the profile that absorbed the other. detach: the profile the identity left.
    public var survivorID: Int64
    /// merge: the profile absorbed. detach: the new profile made for the identity.
    public var absorbedID: Int64
    /// The exact identities moved, with their identifiers.
    public var identityIDs: [Int64]
    public var identifiers: [String]
    public var steward: String
    public var reason: String
    public var automatic: Bool
    public var createdAt: Date
    public var undoneAt: Date?
    public var undoneBy: String?
    public var undoReason: String?

    enum CodingKeys: String, CodingKey {
        case id = "merge_id", action, survivorID = "survivor_id", absorbedID = "absorbed_id", identityIDs = "identity_ids"
        case identifiers, steward, reason, automatic, createdAt = "created_at", undoneAt = "undone_at", undoneBy = "undone_by"
        case undoReason = "undo_reason"
    }
}

/// What a merge would do, shown before every merge (and all that `--dry-run` does).
public struct MergePreview: Sendable, Codable {
    public var survivor: ProfileSide
    public var absorbed: ProfileSide
    /// Identifiers that move from the absorbed profile to the survivor.
    public var movingIdentities: [String]
    /// Interactions per channel of the survivor after the merge.
    public var countsAfter: [String: Int]
    /// Guardrails the merge breaks; it is refused unless forced (and some cannot be forced).
    public var violations: [GuardrailViolation]

    public struct ProfileSide: Sendable, Codable {
        public var id: Int64
        public var label: String
        public var crmRecords: [String]
        public var identities: [String]
        public var counts: [String: Int]
        public var createdAt: Date
        enum CodingKeys: String, CodingKey {
            case id, label, crmRecords = "crm_records", identities, counts, createdAt = "created_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case survivor, absorbed, movingIdentities = "moving_identities", countsAfter = "counts_after", violations
    }
}

/// A guardrail a merge would break, and why it exists.
public struct GuardrailViolation: Sendable, Codable, Equatable, CustomStringConvertible {
    public enum Rule: String, Sendable, Codable {
        case crmConflict = "crm_conflict"
        case blocklisted
        case tooManyIdentities = "too_many_identities"
    }
    public var rule: Rule
    public var message: String
    /// Whether `--force` may override it.
    public var forcible: Bool

    public var description: String { message }
}

/// The outcome of a merge.
public struct MergeOutcome: Sendable, Codable {
    public var mergeID: Int64
    public var survivorID: Int64
    public var absorbedID: Int64
    public var identityIDs: [Int64]
    /// Guardrails that `--force` overrode.
    public var overridden: [GuardrailViolation]
    /// The preview shown before the merge, when the caller made one.
    public var preview: MergePreview?

    public init(mergeID: Int64, survivorID: Int64, absorbedID: Int64, identityIDs: [Int64], overridden: [GuardrailViolation], preview: MergePreview? = nil) {
        self.mergeID = mergeID
        self.survivorID = survivorID
        self.absorbedID = absorbedID
        self.identityIDs = identityIDs
        self.overridden = overridden
        self.preview = preview
    }

    enum CodingKeys: String, CodingKey {
        case mergeID = "merge_id", survivorID = "survivor_id", absorbedID = "absorbed_id", identityIDs = "identity_ids", overridden, preview
    }
}

/// Which side survives a merge.
public enum SurvivorChoice: Sendable, Equatable {
    /// The one named; else the one holding a CRM record; else the older profile.
    case first, second, automatic
}
