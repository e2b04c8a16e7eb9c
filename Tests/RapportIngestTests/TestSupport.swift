import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// The bytes of a fixture shipped in Fixtures/.
func fixtureBytes(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return [UInt8](try Data(contentsOf: url))
}

/// Writes `bytes` to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], suffix: String = ".txt") throws -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("rapport-ingest-\(UUID().uuidString)\(suffix)").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

/// Every record and reject of an interaction input, read in batches of `batchSize`.
func readInteractions(_ text: String, format: InputFormat? = nil, options: IngestOptions = .init(), batchSize: Int = 1_000) throws
    -> (records: [InteractionRecord], rejects: [RejectedRow])
{
    var reader = try InteractionReader(bytes: Array(text.utf8), format: format, options: options)
    return try drain(&reader, batchSize: batchSize)
}

func drain(_ reader: inout InteractionReader, batchSize: Int = 1_000) throws -> (records: [InteractionRecord], rejects: [RejectedRow]) {
    var records: [InteractionRecord] = []
    var rejects: [RejectedRow] = []
    while let batch = try reader.nextBatch(maxRows: batchSize) {
        records += batch.records
        rejects += batch.rejects
    }
    return (records, rejects)
}

/// Parses one JSONL line, expecting it to be rejected, and returns the error.
func jsonlError(_ line: String, number: Int = 1, options: IngestOptions = .init()) -> IngestError? {
    var parser = InteractionJSONLParser(options: options)
    do {
        _ = try parser.parse(line: line, number: number)
        return nil
    } catch {
        return error
    }
}

/// A valid JSONL object as key/value JSON fragments, so tests can swap or drop one field.
func jsonlLine(replacing replacements: [String: String?] = [:]) -> String {
    var fields: [(String, String)] = [
        ("source", #""test""#),
        ("external_id", #""e-1""#),
        ("channel", #""email""#),
        ("direction", #""inbound""#),
        ("occurred_at", #""2024-03-05T14:30:00Z""#),
        ("customer", #""email:jane@example.com""#),
        ("body", #""hello""#),
    ]
    for (key, value) in replacements {
        if let index = fields.firstIndex(where: { $0.0 == key }) {
            if let value { fields[index].1 = value } else { fields.remove(at: index) }
        } else if let value {
            fields.append((key, value))
        }
    }
    return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
}

/// A fixed-seed generator so randomised tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
