/// The comparison level of every field for one pair, packed four bits per field: 0 is `missing`,
/// `n` is the n-th entry of ``ComparisonField/levels``. Pairs with equal vectors are
/// indistinguishable to the model, so training works on vector counts, not on pairs.
struct ComparisonVector: Sendable, Hashable, Comparable {
    let bits: UInt64

    static let fields = ComparisonField.allCases
    static let levelTables: [[ComparisonLevel]] = fields.map(\.levels)
    /// `positions[fieldOrdinal * levelCount + level.ordinal]`: the level's index in the field.
    private static let positions: [UInt8] = {
        let levelCount = ComparisonLevel.allCases.count
        var table = [UInt8](repeating: 0, count: fields.count * levelCount)
        for (ordinal, field) in fields.enumerated() {
            for level in ComparisonLevel.allCases where level != .missing {
                table[ordinal * levelCount + level.ordinal] = UInt8((field.levels.firstIndex(of: level) ?? field.levels.count - 1) + 1)
            }
        }
        return table
    }()

    init(bits: UInt64) {
        self.bits = bits
    }

    /// Compares two records field by field.
    init(_ a: PreparedRecord, _ b: PreparedRecord) {
        var bits: UInt64 = 0
        for (ordinal, field) in ComparisonVector.fields.enumerated() {
            let index = ComparisonVector.index(of: FieldComparator.level(field, a, b), fieldOrdinal: ordinal)
            bits |= UInt64(index) << (4 * UInt64(ordinal))
        }
        self.bits = bits
    }

    /// The position of `level` in `field`'s levels, counting `missing` as 0; a level the field
    /// does not use counts as the last one (`different`).
    static func index(of level: ComparisonLevel, in field: ComparisonField) -> Int {
        index(of: level, fieldOrdinal: fields.firstIndex(of: field) ?? 0)
    }

    static func index(of level: ComparisonLevel, fieldOrdinal: Int) -> Int {
        Int(positions[fieldOrdinal * ComparisonLevel.allCases.count + level.ordinal])
    }

    /// The level index (0 = missing) of the field at `ordinal` in ``ComparisonField/allCases``.
    func levelIndex(_ ordinal: Int) -> Int {
        Int((bits >> (4 * UInt64(ordinal))) & 0xF)
    }

    static func < (lhs: ComparisonVector, rhs: ComparisonVector) -> Bool { lhs.bits < rhs.bits }
}
