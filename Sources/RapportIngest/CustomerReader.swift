import RapportCore

/// Reads CRM customer records from a CSV file, stdin or memory in batches, in bounded memory.
///
/// The header is read when the reader is made, so a header without `crm_source` or `crm_id`
/// fails at once (``InputError``). Bad rows come back in ``CustomerBatch/rejects`` with their
/// line and reason; reading goes on.
public struct CustomerReader: CustomerBatchSource {
    private var reader: CSVReader
    private let parser: CustomerCSVParser

    /// Opens `path` (stdin when nil or `-`) and reads its header.
    public init(path: String?, options: IngestOptions = .init()) throws(InputError) {
        try self.init(reader: try CSVReader(path: path, options: options), options: options)
    }

    /// Reads a CRM CSV held in memory.
    public init(bytes: [UInt8], options: IngestOptions = .init()) throws(InputError) {
        try self.init(reader: CSVReader(bytes: bytes, options: options), options: options)
    }

    private init(reader: CSVReader, options: IngestOptions) throws(InputError) {
        var reader = reader
        let header = try readHeader(&reader, format: "CRM customer CSV")
        self.parser = try CustomerCSVParser(header: header, options: options)
        self.reader = reader
    }

    /// Bytes read from the input so far, for progress.
    public var bytesRead: Int { reader.bytesRead }
    /// The input's size when it is a regular file, for a percentage.
    public var totalBytes: Int? { reader.totalBytes }

    /// The next batch of at most `maxRows` rows (records plus rejects); nil at the end.
    public mutating func nextBatch(maxRows: Int) throws(InputError) -> CustomerBatch? {
        var batch = CustomerBatch.empty
        let firstLine = reader.linesRead
        while batch.rowsRead < max(maxRows, 1), let row = try reader.next() {
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
