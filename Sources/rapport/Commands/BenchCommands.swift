import ArgumentParser
import Foundation
import RapportBench
import RapportStore

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print Rapport's figures as a ratio against raw PostgreSQL in the same run.",
        discussion: "They create and drop their own databases on the configured server. Figures: docs/benchmarks.md.",
        subcommands: [IngestBench.self, MergeBench.self, NightlyBench.self]
    )

    struct IngestBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "rapport ingest against a raw COPY of the same rows into the same tables (target ≥ 0.8×)."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Interactions to generate and load.") var rows: Int = 1_000_000
        @Option(help: "Distinct customers among them.") var profiles: Int = 100_000
        @Option(help: "Scratch folder for the generated file.") var workDirectory: String = NSTemporaryDirectory()
        @Option(help: "Output format: text or json.") var format: SummaryFormat = .text

        func run() async throws {
            let (rows, profiles, format) = (self.rows, self.profiles, self.format)
            let work = URL(fileURLWithPath: workDirectory)
            try await reportingErrors {
                let server = try await database.resolveURL()
                let benchmark = IngestBenchmark(
                    server: server, rows: rows, profiles: profiles, workDirectory: work,
                    schemaDirectory: try Migrator.locateSchemaDirectory(), logger: database.logger()
                )
                let result = try await benchmark.run { FileHandle.standardError.write(Data("… \($0)\n".utf8)) }
                if format == .json { return try JSONOutput.print(result) }
                print("rows            \(result.rows)")
                print(String(format: "raw COPY        %8.2f s  %10.0f rows/s", result.rawSeconds, result.rawRowsPerSecond))
                print(String(format: "rapport ingest  %8.2f s  %10.0f rows/s", result.rapportSeconds, result.rapportRowsPerSecond))
                print(String(format: "ratio           %8.2f × raw COPY (target ≥ 0.80)", result.ratio))
            }
        }
    }

    struct MergeBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge and unmerge cost with a small and a large history (target: large/small ≤ 1.2)."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Interactions of the small history.") var small: Int = 10
        @Option(help: "Interactions of the large history.") var large: Int = 100_000
        @Option(help: "Merges (and unmerges) timed per size.") var repetitions: Int = 30
        @Option(help: "Output format: text or json.") var format: SummaryFormat = .text

        func run() async throws {
            let (small, large, repetitions, format) = (self.small, self.large, self.repetitions, self.format)
            try await reportingErrors {
                let benchmark = MergeBenchmark(
                    server: try await database.resolveURL(), small: small, large: large, repetitions: repetitions,
                    schemaDirectory: try Migrator.locateSchemaDirectory(), logger: database.logger()
                )
                let result = try await benchmark.run { FileHandle.standardError.write(Data("… \($0)\n".utf8)) }
                if format == .json { return try JSONOutput.print(result) }
                print(String(format: "merge    %6d interactions: %7.2f ms   %6d interactions: %7.2f ms   ratio %.2f (target ≤ 1.2)",
                    result.smallInteractions, result.smallMergeMilliseconds, result.largeInteractions, result.largeMergeMilliseconds, result.mergeRatio))
                print(String(format: "unmerge  %6d interactions: %7.2f ms   %6d interactions: %7.2f ms   ratio %.2f",
                    result.smallInteractions, result.smallUnmergeMilliseconds, result.largeInteractions, result.largeUnmergeMilliseconds, result.unmergeRatio))
                print("medians of \(result.repetitions) runs each")
            }
        }
    }
}
