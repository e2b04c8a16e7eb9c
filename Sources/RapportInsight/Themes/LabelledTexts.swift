import Foundation

/// Texts with a reference label, read from a two-column CSV with a header (`text,category`, the
/// banking77 layout: RFC 4180 quoting, `""` for a quote, line breaks allowed inside quotes).
public struct LabelledTexts: Sendable {
    public var texts: [String]
    public var labels: [String]

    public init(texts: [String], labels: [String]) {
        precondition(texts.count == labels.count, "one label per text")
        self.texts = texts
        self.labels = labels
    }

    /// What went wrong reading a labelled file, with the 1-based line it started on.
    public struct ReadError: Error, CustomStringConvertible {
        public let line: Int
        public let detail: String
        public var description: String { "line \(line): \(detail)" }
    }

    /// Reads a CSV file whose columns named `textColumn` and `labelColumn` hold text and label.
    public static func read(csv url: URL, textColumn: String = "text", labelColumn: String = "category") throws -> LabelledTexts {
        try parse(csv: Data(contentsOf: url), textColumn: textColumn, labelColumn: labelColumn)
    }

    /// Parses CSV bytes as ``read(csv:textColumn:labelColumn:)`` does.
    public static func parse(csv data: Data, textColumn: String = "text", labelColumn: String = "category") throws -> LabelledTexts {
        let rows = try CSVRows.parse(Array(data))
        guard let header = rows.first?.fields else { throw ReadError(line: 1, detail: "empty file") }
        guard let ti = header.firstIndex(of: textColumn), let li = header.firstIndex(of: labelColumn) else {
            throw ReadError(line: 1, detail: "header needs columns \(textColumn) and \(labelColumn), got \(header)")
        }
        var texts: [String] = [], labels: [String] = []
        for row in rows.dropFirst() {
            if row.fields.count == 1 && row.fields[0].isEmpty { continue }
            guard row.fields.count == header.count else {
                throw ReadError(line: row.line, detail: "expected \(header.count) fields, got \(row.fields.count)")
            }
            texts.append(row.fields[ti])
            labels.append(row.fields[li])
        }
        return LabelledTexts(texts: texts, labels: labels)
    }
}

/// A minimal RFC 4180 reader over bytes.
enum CSVRows {
    struct Row { var line: Int; var fields: [String] }

    static func parse(_ bytes: [UInt8]) throws -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1, rowLine = 1
        var i = 0
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true) }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 { field.append(0x22); i += 1 } else { inQuotes = false }
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
            } else if b == 0x22 && field.isEmpty {
                inQuotes = true
            } else if b == 0x2C {
                endField()
            } else if b == 0x0A || b == 0x0D {
                if b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                endField()
                rows.append(Row(line: rowLine, fields: fields))
                fields.removeAll(keepingCapacity: true)
                line += 1
                rowLine = line
            } else {
                field.append(b)
            }
            i += 1
        }
        if inQuotes { throw LabelledTexts.ReadError(line: rowLine, detail: "unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty { endField(); rows.append(Row(line: rowLine, fields: fields)) }
        return rows
    }
}
