import ArgumentParser
import Foundation
import RapportDemo

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic demo data set: a CRM export and an interactions JSONL.",
        discussion: """
            Writes DIR/customers.csv (CRM export), DIR/interactions.jsonl (every channel, inbound and brand \
            replies), DIR/summary.json (counts, the showcase customer, the planted process flaws) and \
            DIR/showcase.txt (the identifier whose timeline `make demo` prints). Deterministic for a seed and \
            an end date. The data spans --days days ending at --end (default: the start of today, UTC) and \
            plants known flaws: one repeated by a customer across channels, one escalating from email to \
            Twitter, one rising, one widespread.
            """
    )
    @Option(help: "How many customers.") var customers: Int = 300
    @Option(help: "Random seed: the same seed and end date give the same files.") var seed: UInt64 = 42
    @Option(help: "Where to write the files (created if missing).") var out: String
    @Option(help: "End of the period (ISO-8601 date or time; default: start of today, UTC).") var end: String?
    @Option(help: "Days of history to generate.") var days: Int = 30
    @Option(help: "Summary format: text or json.") var format: SummaryFormat = .text

    func validate() throws {
        guard (DemoGenerator.minimumCustomers...DemoGenerator.maximumCustomers).contains(customers) else {
            throw ValidationError("--customers must be between \(DemoGenerator.minimumCustomers) and \(DemoGenerator.maximumCustomers)")
        }
        if let end, parseTime(end) == nil { throw ValidationError("--end: expected an ISO-8601 date or time") }
        guard (DemoGenerator.minimumDays...DemoGenerator.maximumDays).contains(days) else {
            throw ValidationError("--days must be between \(DemoGenerator.minimumDays) and \(DemoGenerator.maximumDays)")
        }
    }

    func run() async throws {
        let endDate = end.flatMap { parseTime($0) } ?? DemoGenerator.defaultEnd()
        let generator = DemoGenerator(customers: customers, seed: seed, end: endDate, days: days)
        let directory = URL(fileURLWithPath: out)
        let summary: DemoSummary
        do {
            summary = try generator.write(to: directory)
            try Data((summary.showcase.identifier + "\n").utf8).write(to: directory.appendingPathComponent("showcase.txt"))
        } catch {
            printError("could not write the demo data to \(out): \(error)")
            throw ExitCode.failure
        }
        if format == .json { return try JSONOutput.print(summary) }
        print("wrote \(summary.crmRecords) CRM records and \(summary.interactions) interactions (\(summary.inbound) inbound, \(summary.outbound) outbound) to \(out)")
        print("channels: " + summary.channels.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print("showcase customer: \(summary.showcase.identifier) (\(summary.showcase.name)) across \(summary.showcase.channels.joined(separator: ", "))")
        print("planted flaws: " + summary.plantedFlaws.map { "\($0.theme) [\($0.expectedFlags.map(\.rawValue).joined(separator: ", "))]" }.joined(separator: "; "))
    }
}
