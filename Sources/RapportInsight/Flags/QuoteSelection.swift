import Foundation
import RapportCore

/// Chooses a theme's representative quotes.
///
/// The rule (documented in `docs/report.md`): among the theme's complaints in the period that have a
/// body, the most *typical* are those closest to the theme's median sentiment and median body
/// length, scored `|sentiment − median sentiment| + |ln(length) − median ln(length)|` (length in
/// UTF-8 bytes), lower is better. Quotes come from distinct customers — each customer's most typical
/// complaint — and only when the theme has fewer customers than quotes wanted does a customer appear
/// twice. Ties go to the more recent complaint, then the lower interaction id.
enum QuoteSelection {
    static func pick(_ indices: [Int], in events: [ComplaintEvent], count: Int, maxCharacters: Int) -> [FlawQuote] {
        guard count > 0 else { return [] }
        var candidates: [Int] = []
        candidates.reserveCapacity(indices.count)
        for i in indices where !events[i].body.utf8.isEmpty { candidates.append(i) }
        guard !candidates.isEmpty else { return [] }

        var sentiments = candidates.map { finite(events[$0].sentiment) }
        var lengths = candidates.map { log(Double(events[$0].body.utf8.count)) }
        // The medians reorder their arrays, so the scores read the events again.
        let medianSentiment = median(&sentiments)
        let medianLength = median(&lengths)
        let scores = candidates.map { i in
            abs(finite(events[i].sentiment) - medianSentiment) + abs(log(Double(events[i].body.utf8.count)) - medianLength)
        }

        var best: [Scored] = []  // sorted, best first, distinct profiles
        for (k, i) in candidates.enumerated() {
            // Most complaints lose to a full list's worst on score alone; skip them cheaply.
            if best.count == count, let worst = best.last, scores[k] > worst.score { continue }
            let scored = Scored(
                index: i, score: scores[k], time: events[i].occurredAt, id: events[i].interactionID,
                profile: events[i].profileID
            )
            if let existing = best.firstIndex(where: { $0.profile == scored.profile }) {
                if scored.isBetter(than: best[existing]) {
                    best.remove(at: existing)
                    insert(scored, into: &best, limit: count)
                }
            } else {
                insert(scored, into: &best, limit: count)
            }
        }
        if best.count < count {
            // Fewer customers than quotes: add each customer's next most typical complaints.
            var rest: [Scored] = []
            let chosen = Set(best.map(\.index))
            for (k, i) in candidates.enumerated() where !chosen.contains(i) {
                let scored = Scored(
                    index: i, score: scores[k], time: events[i].occurredAt, id: events[i].interactionID,
                    profile: events[i].profileID
                )
                insert(scored, into: &rest, limit: count - best.count)
            }
            best += rest
        }
        return best.map { scored in
            let e = events[scored.index]
            let text = ReportEscaping.truncated(ReportEscaping.oneLine(e.body), limit: maxCharacters)
            return FlawQuote(
                interactionID: e.interactionID, customer: e.customer, channel: e.channel, visibility: e.visibility,
                occurredAt: e.occurredAt, text: text, sentiment: e.sentiment
            )
        }
    }

    struct Scored {
        var index: Int
        var score: Double
        var time: Date
        var id: Int64
        var profile: Int64

        func isBetter(than other: Scored) -> Bool {
            if score != other.score { return score < other.score }
            if time != other.time { return time > other.time }
            return id < other.id
        }
    }

    /// Inserts into a best-first list kept at most `limit` long.
    private static func insert(_ scored: Scored, into list: inout [Scored], limit: Int) {
        if list.count == limit, let last = list.last, !scored.isBetter(than: last) { return }
        let position = list.firstIndex { scored.isBetter(than: $0) } ?? list.count
        list.insert(scored, at: position)
        if list.count > limit { list.removeLast() }
    }

    private static func finite(_ value: Double) -> Double { value.isFinite ? value : 0 }

    /// The lower median, by quickselect (the array is reordered).
    static func median(_ values: inout [Double]) -> Double {
        precondition(!values.isEmpty, "median of no values")
        let k = (values.count - 1) / 2
        var low = 0
        var high = values.count - 1
        while low < high {
            let pivot = medianOfThree(values[low], values[(low + high) / 2], values[high])
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return values[k]
            }
        }
        return values[k]
    }

    private static func medianOfThree(_ a: Double, _ b: Double, _ c: Double) -> Double {
        max(min(a, b), min(max(a, b), c))
    }
}
