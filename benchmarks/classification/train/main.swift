// Trains and measures the complaint word model (see ../RESULTS.md). Built and run by ../train_words.sh.
//
//   train_words.sh cv [options]     one fold per tuning split (dev … dev6, test … test3): fit on the others, score it
//   train_words.sh train [options]  fit on every tuning split (and dev7, dev8) and write Sources/.../ComplaintWordWeights.swift
//   train_words.sh score            score the built-in classifier on the tuning splits and dev7, dev8 (never `test4`)
//   train_words.sh held-out         score the built-in classifier on `test4` (held out: once per version)
//   train_words.sh speed [options]  µs per message with the options' feature groups and without (CONFIG=release)
//   train_words.sh rule-mistakes    tuning tweets the rules alone call a complaint against their label, with cues
//   train_words.sh cue-labels       per rules cue, how the tuning tweets carrying it are labelled
//   train_words.sh explain TEXT...  the shipped classifier on each TEXT: kind, cues, model score, weighted features
//   train_words.sh uncertain        unlabelled tweets the shipped model is least sure of (how `active1` was picked)
//   train_words.sh names            the words --no-names keeps out of the model
//
// Until v7, `test`, `test2` and `test3` were held out; from v8 they are tuning splits and `test4` is
// the held-out split (LABELLING.md, "test4").
//
// Options: --twcs W (weight of weak twcs labels, 0 = none), --ibm W (weight of IBM first client
// messages), --banking W (weight of banking77 messages labelled by their intent), --l2 X, --epochs N,
// --min-count N, --clip C, --threshold T (log-odds), --features F (ComplaintWordModel.Features raw
// value, summed: 1 stems, 2 skip pairs, 4 length, 8 sentiment,
// 16 negation), --sweep (several thresholds), --mistakes (cv: print each tuning tweet the fold's model
// gets wrong on complaint or not, at the last threshold), --veto-grid (cv: F1 if a low score could take back
// a rule complaint), --active (add the `active1` labels to every fit; not used by the shipped weights),
// --margin M (uncertain: how far from the threshold a score may lie), --no-names (keep names of brands,
// products and places out of the model: ComplaintModelTraining.properNouns over the unlabelled texts;
// mode `names` lists them), --name-share S (the share of capitalised uses that makes a name, 0.8),
// --fold-splits-only (leave out `dev7` and `dev8`, which every fit has otherwise), --fraction F (fit
// on a fixed share F of the hand labels, for a learning curve), --extra SPLIT (add a training-only
// split to every fit, never a fold; repeatable), --kind-column C (the labels column to fit and score
// against: `kind`, the agreed label, by default; `kind1` for the first labeller's, which every version
// up to v10 was fitted and scored on).
// Defaults are the trainer's own (threshold 1.5, l2 0.1, no banking77, features 0), not the shipped
// weights' settings: those are in RESULTS.md, with the command that regenerates them.
import Foundation

@testable import RapportInsight

let args = CommandLine.arguments
let mode = args.count > 1 ? args[1] : "score"
func option(_ name: String, _ fallback: Double) -> Double {
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Double(args[i + 1]) else { return fallback }
    return v
}
let root = URL(fileURLWithPath: ProcessInfo.processInfo.environment["RAPPORT_ROOT"] ?? FileManager.default.currentDirectoryPath)
let data = URL(fileURLWithPath: ProcessInfo.processInfo.environment["RAPPORT_DATA"] ?? root.appendingPathComponent("../shared/data").path)
let labelsURL = root.appendingPathComponent("benchmarks/classification/twcs_labels.csv")
let tweetsURL = data.appendingPathComponent("twcs_subset.csv")
let ibmURL = data.appendingPathComponent("ibm_twitter_customer_care.csv")

let kindColumn = args.firstIndex(of: "--kind-column").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } ?? "kind"
let all = try LabelledTweets.load(labels: labelsURL, tweets: tweetsURL, kindColumn: kindColumn)
/// Each labelled tweet's sampling subset (`threads`, `random`, `spotify`), from the labels file.
let subsets: [String: String] = {
    let records = (try? String(contentsOf: labelsURL, encoding: .utf8)).map { QuotedCSV.records(in: $0) } ?? []
    guard let header = records.first?.fields, let i = header.firstIndex(of: "tweet_id"), let j = header.firstIndex(of: "subset") else { return [:] }
    return Dictionary(records.dropFirst().compactMap { $0.fields.count > max(i, j) ? ($0.fields[i], $0.fields[j]) : nil }, uniquingKeysWith: { a, _ in a })
}()
let tuningSplits = ["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "test", "test2", "test3"]
let heldOutSplits: Set<String> = ["test4"]
// `dev7` and `dev8` (session 16) are added to every fit but are never a fold, so that the
// cross-validation figures stay comparable with those of v10 and earlier (`--fold-splits-only` leaves
// them out, as every version up to v10 had them).
let newSplits = args.contains("--fold-splits-only") ? [] : ["dev7", "dev8"]
let trainingOnlySplits =
    newSplits + (args.contains("--active") ? ["active1"] : [])
    + args.indices.filter { args[$0] == "--extra" && $0 + 1 < args.count }.map { args[$0 + 1] }
let unusedSplits: Set<String> = Set((args.contains("--active") ? [] : ["active1"]) + (newSplits.isEmpty ? ["dev7", "dev8"] : []))
// Every labelled id, `test4` included, is kept out of the weak labels, except those of unused splits
// (so that without `--active` the shipped weights are reproduced byte for byte).
let labelledIDs = Set(all.filter { !unusedSplits.contains($0.split ?? "") }.map(\.id))

var options = ComplaintModelTraining.Options()
options.l2 = Float(option("--l2", Double(options.l2)))
options.epochs = Int(option("--epochs", Double(options.epochs)))
options.minCount = Int(option("--min-count", Double(options.minCount)))
options.threshold = Float(option("--threshold", Double(options.threshold)))
options.clip = Float(option("--clip", Double(options.clip)))
options.features = Int(option("--features", Double(options.features)))
let twcsWeight = Float(option("--twcs", 0.3))
let ibmWeight = Float(option("--ibm", 0))
let bankingWeight = Float(option("--banking", 0))
let bankingURL = data.appendingPathComponent("banking77_train.csv")

/// The unlabelled text of twcs_subset.csv (every tweet but the held-out split's), banking77 and the
/// IBM conversations.
func unlabelledTexts() throws -> [String] {
    let heldOutIDs = Set(all.filter { heldOutSplits.contains($0.split ?? "") }.map(\.id))
    var texts = try LabelledTweets.tweetTexts(String(contentsOf: tweetsURL, encoding: .utf8)).texts.filter { !heldOutIDs.contains($0.key) }
        .sorted { $0.key < $1.key }.map(\.value)
    for (url, column) in [(bankingURL, "text"), (ibmURL, "message")] {
        let records = QuotedCSV.records(in: try String(contentsOf: url, encoding: .utf8))
        guard let i = records.first?.fields.firstIndex(of: column) else { continue }
        texts += records.dropFirst().compactMap { $0.fields.count > i ? $0.fields[i] : nil }
    }
    return texts
}
var properNouns: [UInt64: String] = [:]
if args.contains("--no-names") || mode == "names" {
    properNouns = ComplaintModelTraining.properNouns(in: try unlabelledTexts(), share: option("--name-share", 0.8))
    options.excludedWords = Set(properNouns.keys)
    print("names kept out of the model: \(properNouns.count)")
}

func weakExamples() throws -> [ComplaintModelTraining.Example] {
    var weak: [ComplaintModelTraining.Example] = []
    if twcsWeight > 0 {
        weak += try ComplaintModelTraining.weakTwcsExamples(
            tweetsCSV: String(contentsOf: tweetsURL, encoding: .utf8), excluding: labelledIDs, weight: twcsWeight)
    }
    if ibmWeight > 0 {
        weak += ComplaintModelTraining.ibmFirstClientExamples(csv: try String(contentsOf: ibmURL, encoding: .utf8), weight: ibmWeight)
    }
    if bankingWeight > 0 {
        weak += ComplaintModelTraining.banking77Examples(csv: try String(contentsOf: bankingURL, encoding: .utf8), weight: bankingWeight)
    }
    return weak
}

/// Hand labels of `splits`, plus (with `--active`) the training-only split `active1`: tweets picked
/// because the model was unsure of them, so never a fold of their own (LABELLING.md, "active1").
/// With `--fraction F` (a learning curve), only a fixed share F of them, chosen by a hash of the id.
func handExamples(_ splits: [String]) -> [ComplaintModelTraining.Example] {
    let wanted = splits + trainingOnlySplits
    let fraction = option("--fraction", 1)
    return all.filter { wanted.contains($0.split ?? "") && (fraction >= 1 || idShare($0.id) < fraction) }
        .map { .init(text: $0.text, complaint: $0.kind == .complaint) }
}

/// A stable number in [0, 1) per id (FNV-1a), so that `--fraction` keeps the same tweets in every run.
func idShare(_ id: String) -> Double {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    h = (h ^ (h >> 33)) &* 0xff51_afd7_ed55_8ccd  // mixes the high bits, which short ids barely reach
    h ^= h >> 33
    return Double(h >> 11) / Double(1 << 53)
}

func f(_ x: Double) -> String { String(format: "%.3f", x) }
func line(_ name: String, _ s: ClassifierScores?) -> String {
    guard let s, let c = s[.complaint] else { return "\(name): no messages" }
    let others = [InteractionKind.compliment, .question, .comment].map { f(s[$0]?.f1 ?? 0) }.joined(separator: " / ")
    return
        "\(name): complaint P/R/F1 \(f(c.precision)) / \(f(c.recall)) / \(f(c.f1)); compliment/question/comment F1 \(others); accuracy \(f(s.accuracy))"
}

// Sentences written for the unit tests (Tests/RapportInsightTests), not from any data set: a check that
// the model does not override the rules on plain wording outside twcs (expected: comment, compliment,
// question, question, question, comment, compliment, question).
let probes = [
    "Honestly the new menu is not bad", "thanks so much for helping me reset my password",
    "Is the shuffle button meant to repeat songs?", "Is there a student discount on the family plan?",
    "How do I change the email address on my account?", "I'm on iOS 11", "Thanks, that fixed it!",
    "I'll try another cable. If that doesn't work, what do you suggest?",
]

switch mode {
case "cv":
    let weak = try weakExamples()
    print("weak examples: \(weak.count) (\(weak.filter(\.complaint).count) complaints)")
    let thresholds: [Float] = args.contains("--sweep") ? [-1, -0.5, -0.25, 0, 0.25, 0.5, 1, 1.5, 2] : [options.threshold]
    var models: [String: ComplaintModelTraining.Model] = [:]
    for heldOut in tuningSplits {
        models[heldOut] = ComplaintModelTraining.train(handExamples(tuningSplits.filter { $0 != heldOut }) + weak, options: options)
    }
    if var probeModel = models["dev4"] {
        probeModel.threshold = options.threshold
        let probeClassifier = probeModel.classifier()
        print("probes (model without dev4): " + probes.map { probeClassifier.classify($0).kind.rawValue }.joined(separator: ", "))
    }
    if args.contains("--veto-grid") {
        // Would letting a very low score take back a rule complaint help? Complaint F1 over the pooled
        // folds for each threshold and veto (a rule complaint scoring below the veto is not one).
        let rulesOnly = InteractionClassifier(wordModel: nil)
        var scored: [(complaint: Bool, ruleComplaint: Bool, score: Float)] = []
        for heldOut in tuningSplits {
            guard let model = models[heldOut] else { continue }
            let runtime = model.runtime
            for m in all where m.split == heldOut {
                let ruleKind = rulesOnly.classify(m.text).kind
                let s = rulesOnly.withScanned(m.text) { tokens, count, evidence, kind, _ in
                    runtime.score(tokens, count: count, evidence: evidence, kind: kind)
                }
                scored.append((m.kind == .complaint, ruleKind == .complaint, s))
            }
        }
        for t: Float in [0, 0.25, 0.5, 0.75] {
            var row = "threshold \(t):"
            for v: Float in [-.infinity, -3, -2.5, -2, -1.5, -1, -0.5] {
                var tp = 0, fp = 0, fn = 0
                for x in scored {
                    let predicted = x.ruleComplaint ? x.score >= v : x.score >= t
                    if predicted && x.complaint { tp += 1 } else if predicted { fp += 1 } else if x.complaint { fn += 1 }
                }
                row += " veto \(v) \(f(2 * Double(tp) / Double(2 * tp + fp + fn)))"
            }
            print(row)
        }
    }
    let rules = InteractionClassifier(wordModel: nil)
    var pooledRules: [LabelledMessage] = []
    for heldOut in tuningSplits { pooledRules += all.filter { $0.split == heldOut } }
    print(line("rules only, pooled tuning splits", ClassifierEvaluation.evaluate(pooledRules, with: rules)))
    for t in thresholds {
        do {
            var labels: [InteractionKind] = []
            var predictions: [InteractionKind] = []
            var perSplit: [String] = []
            var ids: [String] = []
            for heldOut in tuningSplits {
                guard var model = models[heldOut] else { continue }
                model.threshold = t
                let messages = all.filter { $0.split == heldOut }
                let classifier = model.classifier()
                let p = messages.map { classifier.classify($0.text).kind }
                if args.contains("--mistakes") && t == thresholds.last {
                    // Tuning splits only: what the model fitted without this split gets wrong on it.
                    for (m, k) in zip(messages, p) where (m.kind == .complaint) != (k == .complaint) {
                        let flat = m.text.replacingOccurrences(of: "\n", with: " ")
                        print("MISS \(heldOut) \(m.id) label=\(m.kind.rawValue) got=\(k.rawValue) | \(flat)")
                    }
                }
                labels += messages.map(\.kind)
                predictions += p
                ids += messages.map(\.id)
                let s = ClassifierScores(labels: messages.map(\.kind), predictions: p)
                perSplit.append("\(heldOut) \(f(s[.complaint]?.f1 ?? 0))")
            }
            print(
                line("cv threshold \(t)", ClassifierScores(labels: labels, predictions: predictions)) + "  ["
                    + perSplit.joined(separator: ", ") + "]")
            if t == options.threshold {
                // The same pooled figure per sampling subset: `spotify` tweets are mostly replies in
                // support threads, the hardest kind.
                let bySubset = ["threads", "random", "spotify"].map { subset in
                    let keep = ids.indices.filter { subsets[ids[$0]] == subset }
                    let s = ClassifierScores(labels: keep.map { labels[$0] }, predictions: keep.map { predictions[$0] })
                    return "\(subset) \(f(s[.complaint]?.f1 ?? 0))"
                }
                print("  complaint F1 by subset at \(t): " + bySubset.joined(separator: ", "))
            }
        }
    }
case "names":
    // The words --no-names keeps out of the model (names of brands, products, places).
    print(properNouns.values.sorted().joined(separator: " "))
case "train":
    let weak = try weakExamples()
    let hand = handExamples(tuningSplits)
    let model = ComplaintModelTraining.train(hand + weak, options: options)
    let header = [
        "Fitted on the hand labels (column \(kindColumn)) of \((tuningSplits + trainingOnlySplits).joined(separator: ", ")) in",
        "benchmarks/classification/twcs_labels.csv (\(hand.count) tweets",
        "of twcs_subset.csv, CC BY-NC-SA 4.0: these weights derive from that data) plus \(weak.count) weak labels",
        "(twcs customer tweets, not hand-labelled, whose brand reply apologises / thanks / answers, weight \(twcsWeight)"
            + (ibmWeight > 0 ? "; first customer messages of ibm_twitter_customer_care.csv, Apache-2.0, weight \(ibmWeight)" : "")
            + (bankingWeight > 0
                ? "; banking77_train.csv messages, CC BY 4.0, labelled by their intent (ComplaintModelTraining.banking77ComplaintIntents), weight \(bankingWeight))."
                : ")."),
        "Options: epochs \(options.epochs), l2 \(options.l2), min count \(options.minCount), clip \(options.clip), threshold \(options.threshold), features \(options.features).",
        properNouns.isEmpty
            ? "No words kept out."
            : "\(properNouns.count) names kept out (--no-names): words capitalised in at least \(option("--name-share", 0.8)) of their mid-sentence uses in the unlabelled texts (twcs_subset.csv but test4, banking77_train.csv, ibm_twitter_customer_care.csv).",
        "\(model.names.count) weights.",
    ]
    let probeClassifier = model.classifier()
    print("probes: " + probes.map { "\(probeClassifier.classify($0).kind.rawValue)" }.joined(separator: ", "))
    if args.contains("--dry-run") { break }
    let out = root.appendingPathComponent("Sources/RapportInsight/Classification/ComplaintWordWeights.swift")
    try model.swiftSource(header: header).write(to: out, atomically: true, encoding: .utf8)
    print("wrote \(out.path): \(model.names.count) weights, bias \(model.bias), rules \(model.rules)")
case "score":
    // --rules: the rules alone (no word model), for comparison.
    let classifier = args.contains("--rules") ? InteractionClassifier(wordModel: nil) : InteractionClassifier()
    let by = ClassifierEvaluation.evaluateBySplit(all.filter { !heldOutSplits.contains($0.split ?? "") }, with: classifier)
    let byContext = ClassifierEvaluation.evaluateBySplit(all.filter { !heldOutSplits.contains($0.split ?? "") }, with: classifier, context: true)
    for split in tuningSplits + newSplits {
        print(line(split, by[split]))
        print(line(split + " with context", byContext[split]))
    }
    if !newSplits.isEmpty {
        // Labelled after v10 was fitted: for v10 they are fresh data, a larger sample than `test4`.
        let fresh = all.filter { newSplits.contains($0.split ?? "") }
        print(line("dev7 + dev8", ClassifierEvaluation.evaluate(fresh, with: classifier)))
        print(line("dev7 + dev8 with context", ClassifierEvaluation.evaluate(fresh, with: classifier, context: true)))
        for subset in ["threads", "random", "spotify"] {
            let ids = Set(subsets.filter { $0.value == subset }.map(\.key))
            print(line("dev7 + dev8, \(subset)", ClassifierEvaluation.evaluate(fresh.filter { ids.contains($0.id) }, with: classifier)))
        }
    }
    if args.contains("--tables") { for split in tuningSplits { print("\n\(split)\n" + (by[split]?.description ?? "")) } }
case "held-out":
    for split in heldOutSplits.sorted() {
        let test = all.filter { $0.split == split }
        let s = ClassifierEvaluation.evaluate(test)
        let sc = ClassifierEvaluation.evaluate(test, context: true)
        print(line(split, s))
        print(line(split + " with context", sc))
        print("\n\(split)\n" + s.description + "\n\n\(split) with context\n" + sc.description + "\n")
    }
case "speed":
    // What the feature groups cost: the model fitted with the given options against the same weights
    // read without any group, classifying every hand-labelled tweet 20 times per round, alternating.
    let model = ComplaintModelTraining.train(handExamples(tuningSplits) + (try weakExamples()), options: options)
    var plain = model
    plain.features = 0
    let classifiers = [("features \(model.features)", model.classifier()), ("features 0", plain.classifier())]
    let texts = all.map(\.text)
    var times: [String: [Double]] = [:]
    var complaints = 0
    for _ in 0..<7 {
        for (name, classifier) in classifiers {
            let start = ContinuousClock.now
            for _ in 0..<20 { for text in texts where classifier.classify(text).kind == .complaint { complaints += 1 } }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            times[name, default: []].append(seconds / Double(20 * texts.count) * 1e6)
        }
    }
    for (name, _) in classifiers {
        let sorted = times[name]!.sorted()
        print("\(name): median \(f(sorted[sorted.count / 2])) µs per message (\(sorted.map(f).joined(separator: ", ")))")
    }
    print("(\(texts.count) tweets, \(complaints) complaint calls in all)")
case "rule-mistakes":
    // Tuning tweets the rules alone call a complaint that are labelled otherwise, with the cues.
    let rulesOnly = InteractionClassifier(wordModel: nil)
    for m in all where tuningSplits.contains(m.split ?? "") {
        let c = rulesOnly.classify(m.text)
        guard c.kind == .complaint, m.kind != .complaint else { continue }
        print("\(m.split ?? "") \(m.id) label=\(m.kind.rawValue) | \(c.cues.filter { $0.hasPrefix("complaint") }.joined(separator: "; ")) | \(m.text.replacingOccurrences(of: "\n", with: " "))")
    }
case "cue-labels":
    // For each rules cue (its rule, surface text dropped), how the tuning tweets carrying it are labelled.
    let rulesOnly = InteractionClassifier(wordModel: nil)
    var table: [String: [InteractionKind: Int]] = [:]
    for m in all where tuningSplits.contains(m.split ?? "") {
        let c = rulesOnly.classify(m.text)
        for cue in Set(c.cues.flatMap { $0.split(separator: ";") }.map { $0.split(separator: "\"")[0].trimmingCharacters(in: .whitespaces) + " -> " + c.kind.rawValue }) {
            table[cue, default: [:]][m.kind, default: 0] += 1
        }
    }
    for (cue, counts) in table.sorted(by: { $0.key < $1.key }) {
        print(cue + ": " + InteractionKind.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", "))
    }
case "explain":
    // The shipped classifier on each text given after the mode: kind, cues, the model's score and
    // the weighted features behind it (for reading mistakes on the tuning splits).
    let classifier = InteractionClassifier()
    for text in args.dropFirst(2) where !text.hasPrefix("--") {
        let c = classifier.classify(text)
        let analysed = ComplaintModelTraining.analyse(text, features: ComplaintWordWeights.features)
        let score = classifier.withScanned(text) { tokens, count, evidence, kind, _ in
            ComplaintWordModel.standard.score(tokens, count: count, evidence: evidence, kind: kind)
        }
        let parts = analysed.features.compactMap { x -> String? in
            let w = ComplaintWordModel.standard.weight(x.key)
            return w == 0 ? nil : "\(x.name) \(f(Double(w)))"
        }
        print("\(c.kind.rawValue) score \(f(Double(score))) rules \(analysed.rules.map { f(Double($0)) }) | \(c.cues.joined(separator: "; "))")
        print("   " + parts.joined(separator: ", "))
    }
case "uncertain":
    // Unlabelled inbound tweets the shipped classifier is least sure of (the rules did not say
    // complaint and the model's log-odds lie within --margin of its threshold): id, rules' kind and
    // score, tab-separated, for a person to label as training data (LABELLING.md, "active1").
    let margin = Float(option("--margin", 1))
    let rulesOnly = InteractionClassifier(wordModel: nil)
    let csv = try String(contentsOf: tweetsURL, encoding: .utf8)
    let records = QuotedCSV.records(in: csv)
    let tweets = try LabelledTweets.tweetTexts(csv)
    let everyLabelled = Set(all.map(\.id))
    let header = records[0].fields
    let idColumn = header.firstIndex(of: "tweet_id")!, inboundColumn = header.firstIndex(of: "inbound")!
    for record in records.dropFirst() where record.fields.count > max(idColumn, inboundColumn) {
        let id = record.fields[idColumn]
        guard record.fields[inboundColumn] == "True", !everyLabelled.contains(id), let text = tweets.texts[id] else { continue }
        // One scan gives both the rules' kind and the model's score.
        let (ruleKind, score) = rulesOnly.withScanned(text) { tokens, count, evidence, kind, _ in
            (kind, ComplaintWordModel.standard.score(tokens, count: count, evidence: evidence, kind: kind))
        }
        if ruleKind != .complaint && abs(score - ComplaintWordWeights.threshold) <= margin {
            print("\(id)\t\(ruleKind.rawValue)\t\(f(Double(score)))")
        }
    }
default:
    print("unknown mode \(mode)")
}
