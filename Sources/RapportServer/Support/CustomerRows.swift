import Foundation

/// Turns a JSON array of customer objects into the CRM CSV that `rapport import customers` reads,
/// so one parser validates both forms. Keys become columns (first-seen order); a string is a cell,
/// an array of strings is a `;`-separated cell, a number or boolean its text, null an empty cell.
enum CustomerRows {
    struct Converted {
        var csv: [UInt8]
        /// The CSV line each element starts on, by element (1-based element n at index n - 1).
        var startLines: [Int]
    }

    static func csv(fromJSON bytes: [UInt8]) throws -> Converted {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw Problem(.malformedRequest, "the body is not valid JSON")
        }
        guard let elements = parsed as? [Any] else { throw Problem(.malformedRequest, "the body must be a JSON array of customer objects") }
        var columns: [String] = []
        var known = Set<String>()
        var rows: [[String: String]] = []
        for (index, element) in elements.enumerated() {
            guard let object = element as? [String: Any] else {
                throw Problem(.malformedRequest, "item \(index + 1) is not a JSON object")
            }
            var row: [String: String] = [:]
            for key in object.keys.sorted() {
                if known.insert(key).inserted { columns.append(key) }
                row[key] = try cell(object[key] as Any, key: key, item: index + 1)
            }
            rows.append(row)
        }
        var text = columns.map(quoted).joined(separator: ",") + "\n"
        // A key may hold line breaks, so the header may span lines too.
        var line = 1 + text.utf8.count { $0 == 0x0A }
        var starts: [Int] = []
        for row in rows {
            starts.append(line)
            let record = columns.map { quoted(row[$0] ?? "") }.joined(separator: ",")
            text += record + "\n"
            line += 1 + record.utf8.count { $0 == 0x0A }
        }
        return Converted(csv: Array(text.utf8), startLines: starts)
    }

    private static func cell(_ value: Any, key: String, item: Int) throws -> String {
        switch value {
        case is NSNull: return ""
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        case let list as [Any]:
            return try list.map { element in
                guard let text = element as? String else {
                    throw Problem(.malformedRequest, "item \(item): '\(key)' must hold strings only")
                }
                return text
            }.joined(separator: ";")
        default:
            throw Problem(.malformedRequest, "item \(item): '\(key)' must be a string, a number, a boolean, null or an array of strings")
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
