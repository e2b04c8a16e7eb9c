import RapportCore

/// The column layout of a CSV input, read from its header row: names trimmed and lower-cased,
/// so `Tweet_ID ` and `tweet_id` are the same column.
struct CSVHeader {
    /// Column names as written (trimmed), in order.
    let names: [String]
    private let indexByName: [String: Int]

    /// Reads a header record; rejects a repeated column name.
    init(_ fields: [String]) throws(InputError) {
        var names: [String] = []
        var indexByName: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            let name = field.trimmingWhitespace()
            let key = name.isEmpty ? "column \(index + 1)" : name.lowercased()
            guard indexByName[key] == nil else {
                throw InputError(kind: .badHeader, detail: "the header names the column '\(name)' twice")
            }
            indexByName[key] = index
            names.append(name.isEmpty ? key : name)
        }
        self.names = names
        self.indexByName = indexByName
    }

    /// The index of a column, compared in lower case.
    func index(of name: String) -> Int? { indexByName[name] }

    /// The indexes of required columns, or an error naming the first missing one.
    func require(_ required: [String], format: String) throws(InputError) -> [Int] {
        var indexes: [Int] = []
        for name in required {
            guard let index = indexByName[name] else {
                throw InputError(
                    kind: .badHeader,
                    detail: "the \(format) header has no '\(name)' column (found: \(names.joined(separator: ",")); expected: \(required.joined(separator: ",")))"
                )
            }
            indexes.append(index)
        }
        return indexes
    }
}

/// Reads the header record of a CSV input, which must be its first non-blank record.
func readHeader(_ reader: inout CSVReader, format: String) throws(InputError) -> CSVHeader {
    guard let first = try reader.next() else {
        throw InputError(kind: .badHeader, detail: "the \(format) input is empty: expected a header row")
    }
    guard case .record(let record) = first else {
        if case .rejected(let rejected) = first {
            throw InputError(kind: .badHeader, detail: "the \(format) header row cannot be read: \(rejected.error)")
        }
        throw InputError(kind: .badHeader, detail: "the \(format) header row cannot be read")
    }
    let header = try CSVHeader(record.fields)
    reader.columnNames = header.names
    return header
}
