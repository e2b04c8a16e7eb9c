import RapportFuzzSupport

@testable import RapportIngest

/// A deliberately naive CSV reader written from docs/formats.md ("CSV rules"), the oracle the fuzz
/// tests hold the streaming `CSVReader` to: the whole input in memory, one byte at a time, no
/// limits while reading, every rule applied afterwards.
struct ReferenceCSV {
    /// Why a record must be refused, in the order the rules are applied.
    enum Problem: Equatable {
        /// Text after a closing quote, too many fields, or a field or record over its limit.
        case structure
        /// A quote still open at the end of the input.
        case unterminated
        /// A field that is not UTF-8 on its own, or holds a NUL byte (the first such field).
        case invalidUTF8(field: Int)
        case nul(field: Int)
    }

    struct Record {
        /// The line the record starts on.
        var line: Int
        var fields: [[UInt8]]
        var problem: Problem?
    }

    /// The records of `bytes` (blank lines left out) and the number of lines.
    static func records(_ bytes: [UInt8], options: IngestOptions) -> (records: [Record], lines: Int) {
        var input = bytes[...]
        if input.starts(with: HostileText.byteOrderMark) { input = input.dropFirst(3) }
        var records: [Record] = []
        var line = 1
        var index = input.startIndex
        while index < input.endIndex {
            let start = line
            var fields: [[UInt8]] = [[]]
            var quoted = [false]
            var structural = false
            var inQuotes = false
            var afterQuote = false
            var ended = false
            var atFieldStart = true
            while index < input.endIndex {
                let byte = input[index]
                index += 1
                if inQuotes {
                    if byte == 0x22 {
                        inQuotes = false
                        afterQuote = true
                    } else {
                        if byte == 0x0A { line += 1 }
                        fields[fields.count - 1].append(byte)
                    }
                    continue
                }
                if afterQuote {
                    switch byte {
                    case 0x22:
                        fields[fields.count - 1].append(0x22)
                        inQuotes = true
                        afterQuote = false
                        continue
                    case 0x0D:
                        continue
                    case 0x2C, 0x0A:
                        afterQuote = false
                    default:
                        structural = true
                        afterQuote = false
                        fields[fields.count - 1].append(byte)
                        atFieldStart = false
                        continue
                    }
                }
                if atFieldStart && byte == 0x22 {
                    inQuotes = true
                    quoted[quoted.count - 1] = true
                    atFieldStart = false
                    continue
                }
                atFieldStart = false
                if byte == 0x2C {
                    fields.append([])
                    quoted.append(false)
                    atFieldStart = true
                } else if byte == 0x0A {
                    line += 1
                    ended = true
                    break
                } else {
                    fields[fields.count - 1].append(byte)
                }
            }
            if !ended && index >= input.endIndex && inQuotes {
                records.append(Record(line: start, fields: fields, problem: .unterminated))
                return (records, line)
            }
            // A record's line end may be `\r\n`: the `\r` is not part of an unquoted last field.
            if !quoted[quoted.count - 1], fields[fields.count - 1].last == 0x0D { fields[fields.count - 1].removeLast() }
            if fields.count == 1, fields[0].isEmpty, !quoted[0], !structural { continue }
            let tooLong = fields.contains { $0.count > options.maxFieldBytes } || fields.reduce(0) { $0 + $1.count } > options.maxLineBytes
            var problem: Problem?
            if structural || tooLong || fields.count > CSVReader.maximumFieldCount {
                problem = .structure
            } else if let bad = fields.firstIndex(where: { String(validating: $0, as: UTF8.self) == nil }) {
                problem = .invalidUTF8(field: bad)
            } else if let nul = fields.firstIndex(where: { $0.contains(0) }) {
                problem = .nul(field: nul)
            }
            records.append(Record(line: start, fields: fields, problem: problem))
        }
        // Lines as `wc -l` counts them, plus a last line without its `\n`.
        let lines = line - 1 + (input.last.map { $0 == 0x0A ? 0 : 1 } ?? 0)
        return (records, lines)
    }
}
