import Foundation
import PostgresNIO

/// Writes one record per classified interaction — `source`, `external_id`, `occurred_at`, `kind`,
/// `sentiment`, `theme_id`, `theme_name`, `cues` — for BI tools and audits, streamed in the order
/// the interactions occurred, so any size fits in little memory.
public struct InsightExport: Sendable {
    /// The output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// One JSON object per line.
        case jsonl
        /// RFC 4180 CSV with a header; text that a spreadsheet would run as a formula gets a leading `'`.
        case csv
    }

    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Streams the insights of interactions that occurred at or after `since` (all when nil) to
    /// `write` in chunks of about `chunkBytes`; returns the number of records.
    public func write(
        since: Date?, format: Format, chunkBytes: Int = 1 << 20, to write: ([UInt8]) async throws -> Void
    ) async throws -> Int {
        let rows = try await database.client.query(
            """
            SELECT x.source, x.external_id, x.occurred_at, n.kind, n.sentiment::float8, n.theme_id, t.name, n.cues
            FROM interactions x
            JOIN (
                SELECT interaction_id, kind, sentiment, cues, theme_id FROM interaction_insights
                WHERE \(since)::timestamptz IS NULL OR occurred_at >= \(since)::timestamptz
                UNION ALL
                SELECT u.interaction_id, u.kind, u.sentiment, string_to_array(u.cues, E'\\x1f'), NULL::int8
                FROM insight_batches b
                CROSS JOIN LATERAL unnest(b.interaction_ids, b.kinds, b.sentiments, b.cues) AS u(interaction_id, kind, sentiment, cues)
                WHERE \(since)::timestamptz IS NULL OR b.last_occurred_at >= \(since)::timestamptz
            ) n ON n.interaction_id = x.id
            LEFT JOIN themes t ON t.id = n.theme_id
            WHERE \(since)::timestamptz IS NULL OR x.occurred_at >= \(since)::timestamptz
            ORDER BY x.occurred_at, x.id
            """,
            logger: database.logger
        )
        var buffer: [UInt8] = []
        buffer.reserveCapacity(chunkBytes + 4096)
        if format == .csv {
            buffer.append(contentsOf: "source,external_id,occurred_at,kind,sentiment,theme_id,theme_name,cues\r\n".utf8)
        }
        var count = 0
        for try await (source, externalID, occurredAt, kind, sentiment, themeID, themeName, cues) in rows.decode(
            (String, String, Date, String, Double, Int64?, String?, [String]).self
        ) {
            let record = ExportRecord(
                source: source, externalID: externalID, occurredAt: ExportRecord.iso8601(occurredAt), kind: kind,
                sentiment: String(Float(sentiment)), themeID: themeID.map(String.init), themeName: themeName, cues: cues
            )
            switch format {
            case .jsonl: record.appendJSON(to: &buffer)
            case .csv: record.appendCSV(to: &buffer)
            }
            count += 1
            if buffer.count >= chunkBytes {
                try await write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try await write(buffer) }
        return count
    }
}

/// One exported record, its values already as text.
struct ExportRecord {
    var source: String
    var externalID: String
    var occurredAt: String
    var kind: String
    var sentiment: String
    var themeID: String?
    var themeName: String?
    var cues: [String]

    /// `2017-10-31T22:10:47Z` (fractional seconds when there are any), UTC.
    static func iso8601(_ date: Date) -> String {
        var text = TimestampText.format(date)
        text.removeLast(3)  // "+00"
        return text.replacingOccurrences(of: " ", with: "T") + "Z"
    }

    func appendJSON(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"source":"#.utf8)
        ExportJSON.appendString(source, to: &out)
        out.append(contentsOf: #","external_id":"#.utf8)
        ExportJSON.appendString(externalID, to: &out)
        out.append(contentsOf: #","occurred_at":"#.utf8)
        ExportJSON.appendString(occurredAt, to: &out)
        out.append(contentsOf: #","kind":"#.utf8)
        ExportJSON.appendString(kind, to: &out)
        out.append(contentsOf: #","sentiment":"#.utf8)
        out.append(contentsOf: sentiment.utf8)
        out.append(contentsOf: #","theme_id":"#.utf8)
        out.append(contentsOf: (themeID ?? "null").utf8)
        out.append(contentsOf: #","theme_name":"#.utf8)
        if let themeName { ExportJSON.appendString(themeName, to: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","cues":["#.utf8)
        for (index, cue) in cues.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            ExportJSON.appendString(cue, to: &out)
        }
        out.append(contentsOf: "]}\n".utf8)
    }

    func appendCSV(to out: inout [UInt8]) {
        ExportCSV.appendField(source, guardFormula: true, to: &out)
        out.append(UInt8(ascii: ","))
        ExportCSV.appendField(externalID, guardFormula: true, to: &out)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: occurredAt.utf8)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: kind.utf8)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: sentiment.utf8)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: (themeID ?? "").utf8)
        out.append(UInt8(ascii: ","))
        ExportCSV.appendField(themeName ?? "", guardFormula: true, to: &out)
        out.append(UInt8(ascii: ","))
        ExportCSV.appendField(cues.joined(separator: " | "), guardFormula: true, to: &out)
        out.append(contentsOf: "\r\n".utf8)
    }
}

/// JSON string literals, escaped byte by byte (control characters as `\u00XX`).
enum ExportJSON {
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// CSV fields (RFC 4180).
enum ExportCSV {
    /// Quotes the field when it holds a comma, quote or line break; with `guardFormula`, text starting
    /// with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` so a spreadsheet shows it
    /// instead of running it.
    static func appendField(_ text: String, guardFormula: Bool, to out: inout [UInt8]) {
        var value = text
        if guardFormula, let first = value.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first) {
            value = "'" + value
        }
        let needsQuotes = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out.append(contentsOf: value.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
