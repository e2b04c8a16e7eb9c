/// How well the classifier agrees with hand labels: per-kind precision, recall, F1 and support,
/// overall accuracy, and the confusion matrix.
public struct ClassifierScores: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The scores of one kind.
    public struct KindScore: Sendable, Hashable, Codable {
        public var kind: InteractionKind
        /// Of the messages the classifier called this kind, the share a person did too (0 when it called none).
        public var precision: Double
        /// Of the messages a person labelled this kind, the share the classifier found (0 when there were none).
        public var recall: Double
        /// Harmonic mean of precision and recall (0 when both are 0).
        public var f1: Double
        /// How many messages a person labelled this kind.
        public var support: Int
        /// How many messages the classifier called this kind.
        public var predicted: Int
    }

    /// The order of ``confusion``'s rows and columns.
    public var kinds: [InteractionKind]
    /// One entry per kind, in ``kinds`` order.
    public var perKind: [KindScore]
    /// Share of messages classified as labelled.
    public var accuracy: Double
    /// Unweighted mean of the per-kind F1 scores.
    public var macroF1: Double
    /// Number of messages scored.
    public var count: Int
    /// `confusion[a][p]`: messages labelled `kinds[a]` that the classifier called `kinds[p]`.
    public var confusion: [[Int]]

    /// Scores predictions against labels (the two arrays pair up by position).
    public init(labels: [InteractionKind], predictions: [InteractionKind]) {
        precondition(labels.count == predictions.count, "one prediction per label")
        let kinds = InteractionKind.allCases
        var confusion = Array(repeating: Array(repeating: 0, count: kinds.count), count: kinds.count)
        for (label, prediction) in zip(labels, predictions) {
            guard let a = kinds.firstIndex(of: label), let p = kinds.firstIndex(of: prediction) else { continue }
            confusion[a][p] += 1
        }
        var perKind: [KindScore] = []
        for (k, kind) in kinds.enumerated() {
            let truePositives = confusion[k][k]
            let support = confusion[k].reduce(0, +)
            let predicted = confusion.reduce(0) { $0 + $1[k] }
            let precision = predicted == 0 ? 0 : Double(truePositives) / Double(predicted)
            let recall = support == 0 ? 0 : Double(truePositives) / Double(support)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            perKind.append(
                KindScore(kind: kind, precision: precision, recall: recall, f1: f1, support: support, predicted: predicted))
        }
        let correct = kinds.indices.reduce(0) { $0 + confusion[$1][$1] }
        self.kinds = kinds
        self.perKind = perKind
        self.count = labels.count
        self.accuracy = labels.isEmpty ? 0 : Double(correct) / Double(labels.count)
        self.macroF1 = perKind.isEmpty ? 0 : perKind.map(\.f1).reduce(0, +) / Double(perKind.count)
        self.confusion = confusion
    }

    /// The score of one kind.
    public subscript(kind: InteractionKind) -> KindScore? {
        perKind.first { $0.kind == kind }
    }

    /// A plain-text table for terminals and `docs/benchmarks.md`.
    public var description: String {
        func fixed(_ x: Double) -> String {
            let scaled = Int((x * 1000).rounded())
            let fraction = String(scaled % 1000)
            return "\(scaled / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
        }
        func pad(_ s: String, _ width: Int) -> String {
            s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
        }
        func padLeft(_ s: String, _ width: Int) -> String {
            s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
        }
        var lines: [String] = []
        lines.append(pad("kind", 12) + padLeft("precision", 10) + padLeft("recall", 8) + padLeft("F1", 7) + padLeft("support", 9))
        for score in perKind {
            lines.append(
                pad(score.kind.rawValue, 12) + padLeft(fixed(score.precision), 10) + padLeft(fixed(score.recall), 8)
                    + padLeft(fixed(score.f1), 7) + padLeft(String(score.support), 9))
        }
        lines.append("accuracy \(fixed(accuracy)), macro F1 \(fixed(macroF1)), \(count) messages")
        lines.append("")
        lines.append("confusion (rows: hand label, columns: classifier)")
        lines.append(pad("", 12) + kinds.map { padLeft($0.rawValue, 11) }.joined())
        for (a, kind) in kinds.enumerated() {
            lines.append(pad(kind.rawValue, 12) + confusion[a].map { padLeft(String($0), 11) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
