import ArgumentParser
import Foundation
import RapportInsight

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure Rapport's judgements against labelled data (figures for docs/benchmarks.md).",
        discussion: "`eval classify` and `eval themes` read files only; they need no database.",
        subcommands: [
            Classify.self,
            Themes.self,
            EvalFebrl.self,
        ]
    )

    struct Classify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score the message classifier against hand labels: precision, recall and F1 per kind.",
            discussion: """
                The labels file (tweet_id,kind[,split,...], rules in benchmarks/classification/LABELLING.md) holds no \
                text; the tweets come from the twcs CSV export, joined by tweet_id. Scores are printed per split \
                (`dev` may be tuned on, `test` is held out) and for all labels together.
                """
        )
        @Option(help: "The twcs CSV export with the tweets' text.") var data: String = "../shared/data/twcs_subset.csv"
        @Option(help: "The hand labels.") var labels: String = "benchmarks/classification/twcs_labels.csv"
        @Option(
            name: .customLong("kind-column"),
            help: "The labels column to score against: kind (the agreed label) or one labeller's pass (kind1, kind2).")
        var kindColumn: String = "kind"
        @Flag(help: "Also list the messages the classifier got wrong (ids and cues, no text).") var mistakes = false
        @Option(help: "Output format: text or json.") var format: SummaryFormat = .text

        func run() async throws {
            let messages: [LabelledMessage]
            do {
                messages = try LabelledTweets.load(
                    labels: URL(fileURLWithPath: labels), tweets: URL(fileURLWithPath: data), kindColumn: kindColumn)
            } catch {
                printError("\(labels) + \(data): \(error)")
                throw ExitCode.failure
            }
            let started = ContinuousClock.now
            let scores = ClassifierEvaluation.evaluateBySplit(messages)
            let seconds = (ContinuousClock.now - started).inSeconds
            let wrong = mistakes ? ClassifierEvaluation.mistakes(messages) : []
            if format == .json {
                return try JSONOutput.print(ClassifierEvaluationDocument(messages: messages.count, seconds: seconds, splits: scores, mistakes: mistakes ? wrong : nil))
            }
            print("\(messages.count) labelled messages from \(labels)")
            for split in scores.keys.sorted(by: { ($0 == "all" ? 1 : 0, $0) < ($1 == "all" ? 1 : 0, $1) }) {
                guard let score = scores[split] else { continue }
                print("\n== \(split) ==")
                print(score.description)
            }
            if mistakes {
                print("\nmistakes (id: label → predicted; cues)")
                for mistake in wrong {
                    print("  \(mistake.id): \(mistake.label.rawValue) → \(mistake.predicted.rawValue); \(mistake.cues.joined(separator: " | "))")
                }
            }
        }
    }

    struct Themes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score theme discovery against labelled texts: purity, NMI and adjusted Rand index.",
            discussion: """
                FILE is a CSV with `text` and `category` columns, e.g. ../shared/data/banking77_train.csv (77 bank \
                intents). Discovery runs on the texts without the labels, as on a first night; texts left without a \
                theme count as singletons.
                """
        )
        @Argument(help: "CSV file with text and category columns.") var file: String
        @Option(help: "Output format: text or json.") var format: SummaryFormat = .text

        func run() async throws {
            let data: LabelledTexts
            do {
                data = try LabelledTexts.read(csv: URL(fileURLWithPath: file))
            } catch {
                printError("\(file): \(error)")
                throw ExitCode.failure
            }
            let started = ContinuousClock.now
            let (scores, result) = ThemeEvaluation.evaluateDiscovery(on: data)
            let seconds = (ContinuousClock.now - started).inSeconds
            let unthemed = result.themeOfText.filter { $0 == nil }.count
            let document = ThemeEvaluationDocument(
                texts: data.texts.count, labels: scores.labelCount, purity: scores.purity, nmi: scores.normalizedMutualInformation,
                ari: scores.adjustedRandIndex, themes: result.themes.count, unthemed: unthemed, seconds: seconds
            )
            if format == .json { return try JSONOutput.print(document) }
            print("\(document.texts) texts, \(document.labels) labels in \(file)")
            print(String(format: "purity  %.3f", document.purity))
            print(String(format: "NMI     %.3f", document.nmi))
            print(String(format: "ARI     %.3f", document.ari))
            print("themes  \(document.themes) (\(document.unthemed) texts left without a theme)")
            print(String(format: "seconds %.2f", document.seconds))
        }
    }
}

/// `rapport eval classify --format json`.
struct ClassifierEvaluationDocument: Encodable {
    let messages: Int
    let seconds: Double
    let splits: [String: ClassifierScores]
    let mistakes: [ClassifierEvaluation.Mistake]?
}

/// `rapport eval themes --format json`.
struct ThemeEvaluationDocument: Encodable {
    let texts: Int
    let labels: Int
    let purity: Double
    let nmi: Double
    let ari: Double
    let themes: Int
    let unthemed: Int
    let seconds: Double
}

fileprivate extension Duration {
    /// The duration in seconds.
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
