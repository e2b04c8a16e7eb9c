import Foundation
import RapportCore
import RapportFuzzSupport
import Testing

@testable import RapportIngest

/// What one planned CSV row must come out as.
enum CSVRowExpectation<Expected> {
    case accept(Expected)
    /// Rejected naming `field` (nil: no field), with one of `kinds` (nil: any).
    case reject(field: String?, kinds: Set<IngestError.Kind>?)
}

/// A planned CSV row: its cells as written, their content once read, and its outcome.
struct CSVRowPlan<Expected> {
    var cells: [[UInt8]]
    var contents: [[UInt8]]
    var expectation: CSVRowExpectation<Expected>
    var mutation: String

    /// A row of plain cells, quoted when they need it (or at random).
    init(_ values: [String], expectation: CSVRowExpectation<Expected>, mutation: String, _ random: inout FuzzRandom) {
        contents = values.map { Array($0.utf8) }
        cells = contents.map { content in
            let needsQuotes = content.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D } || content.first == 0x22
            return needsQuotes || random.chance(0.2) ? CSVReaderFuzzTests.quoted(content) : content
        }
        self.expectation = expectation
        self.mutation = mutation
    }
}

/// A CSV document built from a header and planned or mangled rows, and the check that holds a
/// reader's outcomes to ``ReferenceCSV`` and to the plans.
struct CSVFuzzDocument<Expected> {
    var bytes: [UInt8] = []
    /// Planned rows by the line they start on.
    var planned: [Int: CSVRowPlan<Expected>] = [:]
    var rows = 0
    private var line = 1

    init(header: [String], _ random: inout FuzzRandom) {
        if random.chance(0.05) { bytes += HostileText.byteOrderMark }
        bytes += Array(header.map { random.chance(0.2) ? "\"\($0)\"" : $0 }.joined(separator: ",").utf8)
        endRow(&random)
    }

    /// Appends a planned row.
    mutating func append(_ plan: CSVRowPlan<Expected>, _ random: inout FuzzRandom) {
        planned[line] = plan
        appendBytes(Array(plan.cells.joined(separator: [0x2C])), &random)
    }

    /// Appends a row mangled byte by byte (its outcome is unknown).
    mutating func appendMangled(_ cells: [[UInt8]], _ random: inout FuzzRandom, hugeRun: Int) {
        var row = Array(cells.joined(separator: [0x2C]))
        ByteMutator.csv(hugeRun: hugeRun).mutate(&row, &random)
        appendBytes(row, &random)
    }

    /// Appends blank lines (skipped, but counted).
    mutating func appendBlank(_ random: inout FuzzRandom) {
        appendBytes(random.pick([[], [0x0D]]), &random)
    }

    private mutating func appendBytes(_ row: [UInt8], _ random: inout FuzzRandom) {
        rows += 1
        bytes += row
        line += row.count { $0 == 0x0A }
        endRow(&random)
    }

    private mutating func endRow(_ random: inout FuzzRandom) {
        bytes += random.chance(0.2) ? [0x0D, 0x0A] : [0x0A]
        line += 1
    }

    /// What a reader produced for one record.
    enum Outcome<Record> {
        case accepted(Record)
        case rejected(RejectedRow)
    }

    struct Counts {
        var checkedValues = 0
        var checkedReasons = 0
        var goodAfterGarbage = 0
    }

    /// Holds `outcomes` (by line) to the reference reader's records after the header, and to the
    /// plans of the rows that came through intact. `columnNames` are the header's names as written
    /// (the CSV reader names columns by them).
    func check<Record>(
        _ outcomes: [Int: Outcome<Record>], options: IngestOptions, columnNames: [String], origin: String,
        compare: (Record, Expected, () -> String) -> Void, invariants: (Record, () -> String) -> Void
    ) -> Counts {
        var counts = Counts()
        let reference = Array(ReferenceCSV.records(bytes, options: options).records.dropFirst())
        #expect(
            outcomes.keys.sorted() == reference.map(\.line),
            "\(origin): outcomes on lines \(outcomes.keys.sorted()) for records on \(reference.map(\.line))")
        var sawGarbage = false
        for record in reference {
            guard let outcome = outcomes[record.line] else { continue }
            let plan = planned[record.line].flatMap { $0.contents == record.fields ? $0 : nil }
            let shown = {
                "\(origin) line \(record.line) [\(plan?.mutation ?? "mangled")]: \(record.fields.map { FuzzDisplay.bytes($0, limit: 40) })"
            }
            if let problem = record.problem {
                sawGarbage = true
                guard case .rejected(let rejected) = outcome else {
                    Issue.record("\(shown()): accepted, but the CSV rules refuse it (\(problem))")
                    continue
                }
                FuzzInvariants.checkReject(rejected, lines: 1...Int.max, options: options, shown())
                switch problem {
                case .invalidUTF8(let field):
                    #expect(
                        rejected.error.kind == .invalidUTF8 && rejected.error.field == Self.name(field, columnNames),
                        "\(shown()): \(rejected.error)")
                case .nul(let field):
                    #expect(rejected.error.field == Self.name(field, columnNames), "\(shown()): \(rejected.error)")
                case .structure, .unterminated:
                    #expect(rejected.error.kind == .malformedRow || rejected.error.kind == .oversizeField, "\(shown()): \(rejected.error)")
                }
                if let plan, case .reject(let field, let kinds) = plan.expectation {
                    #expect(
                        rejected.error.field == field && (kinds?.contains(rejected.error.kind) ?? true), "\(shown()): \(rejected.error)")
                    counts.checkedReasons += 1
                }
                continue
            }
            switch outcome {
            case .accepted(let accepted): invariants(accepted, shown)
            case .rejected(let rejected): FuzzInvariants.checkReject(rejected, lines: record.line...record.line, options: options, shown())
            }
            guard let plan else {
                sawGarbage = true
                continue
            }
            switch (plan.expectation, outcome) {
            case (.accept(let expected), .accepted(let accepted)):
                compare(accepted, expected, shown)
                counts.checkedValues += 1
                if sawGarbage { counts.goodAfterGarbage += 1 }
            case (.accept, .rejected(let rejected)):
                Issue.record("\(shown()): a valid row was rejected: \(rejected.error)")
            case (.reject(let field, let kinds), .rejected(let rejected)):
                #expect(
                    rejected.error.field == field,
                    "\(shown()): rejected naming \(rejected.error.field ?? "no field"), expected \(field ?? "none"): \(rejected.error)")
                #expect(kinds?.contains(rejected.error.kind) ?? true, "\(shown()): \(rejected.error)")
                counts.checkedReasons += 1
                sawGarbage = true
            case (.reject, .accepted):
                Issue.record("\(shown()): a broken row was accepted")
            }
        }
        return counts
    }

    static func name(_ index: Int, _ names: [String]) -> String {
        index < names.count ? names[index] : "column \(index + 1)"
    }
}
