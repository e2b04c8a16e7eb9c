import RapportCore

/// A format-specific producer of interaction batches behind ``InteractionReader``.
protocol InteractionRowSource: AnyObject {
    func nextBatch(maxRows: Int) throws(InputError) -> InteractionBatch?
}

/// JSONL: one interaction per line.
final class JSONLInteractionSource: InteractionRowSource {
    private let source: ByteSource
    private var lines: LineReader
    private var parser: InteractionJSONLParser
    private let options: IngestOptions

    init(source: ByteSource, options: IngestOptions) {
        self.source = source
        self.options = options
        self.lines = LineReader(source: source, maxLineBytes: options.maxLineBytes, keptPrefixBytes: options.maxRejectedRawBytes)
        self.parser = InteractionJSONLParser(options: options)
    }

    func nextBatch(maxRows: Int) throws(InputError) -> InteractionBatch? {
        var batch = InteractionBatch.empty
        batch.records.reserveCapacity(min(maxRows, 65_536))
        let firstLine = lines.lineNumber
        while batch.rowsRead < maxRows, let line = try lines.next() {
            switch line {
            case .text(let range, let number):
                source.buffer.withUnsafeBufferPointer { window in
                    let bytes = UnsafeBufferPointer(rebasing: window[range])
                    do throws(IngestError) {
                        if let record = try parser.parse(line: bytes, number: number) { batch.records.append(record) }
                    } catch {
                        batch.rejects.append(RejectedRow(error: error, raw: RejectedRow.rawText(bytes, limit: options.maxRejectedRawBytes)))
                    }
                }
            case .overlong(let number, let prefix, let length):
                let error = IngestError(
                    kind: .oversizeField, line: number,
                    detail: "the line is \(length) bytes, more than the limit of \(options.maxLineBytes); skipped unread"
                )
                batch.rejects.append(RejectedRow(error: error, raw: String(decoding: prefix, as: UTF8.self)))
            }
        }
        batch.linesRead = lines.lineNumber - firstLine
        return batch.linesRead == 0 ? nil : batch
    }
}

/// twcs CSV: one tweet per record after the header.
final class TwcsInteractionSource: InteractionRowSource {
    private var reader: CSVReader
    private let parser: TwcsParser

    init(source: ByteSource, options: IngestOptions) throws(InputError) {
        var reader = CSVReader(source: source, options: options)
        let header = try readHeader(&reader, format: "twcs")
        self.parser = try TwcsParser(header: header, options: options)
        self.reader = reader
    }

    func nextBatch(maxRows: Int) throws(InputError) -> InteractionBatch? {
        var batch = InteractionBatch.empty
        let firstLine = reader.linesRead
        while batch.rowsRead < maxRows, let row = try reader.next() {
            switch row {
            case .record(let record):
                do {
                    batch.records.append(try parser.parse(record))
                } catch {
                    batch.rejects.append(RejectedRow(error: error, raw: record.raw))
                }
            case .rejected(let rejected):
                batch.rejects.append(rejected)
            }
        }
        batch.linesRead = reader.linesRead - firstLine
        return batch.linesRead == 0 && batch.rowsRead == 0 ? nil : batch
    }
}
