/// A small RFC 4180 reader for the evaluation inputs (the hand-labels file and the twcs export):
/// comma-separated, fields optionally in double quotes, `""` inside quotes for a quote, line breaks
/// allowed inside quoted fields, `\n` or `\r\n` between records.
///
/// RapportInsight does not depend on RapportIngest, so it keeps this reader for its own benchmark
/// files; ingest has the full, validating one.
enum QuotedCSV {
    /// One record: its fields and the 1-based line it starts on.
    struct Record {
        var fields: [String]
        var line: Int
    }

    /// Every record in `text`, the header included. A trailing empty line is not a record.
    static func records(in text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var fieldStarted = false
        let bytes = Array(text.utf8)
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(fields: fields, line: recordLine)) }
            fields.removeAll(keepingCapacity: true)
            recordLine = line
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
            } else {
                switch b {
                case 0x22 where !fieldStarted && field.isEmpty:
                    inQuotes = true
                    fieldStarted = true
                case 0x2C:
                    endField()
                case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                    break
                case 0x0A:
                    line += 1
                    endRecord()
                default:
                    field.append(b)
                    fieldStarted = true
                }
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty || fieldStarted { endRecord() }
        return records
    }
}
