/// Whether a flaw report found one planted flaw, and why (not).
public struct PlantedFlawVerdict: Sendable, Hashable, Codable {
    /// The planted theme's key, e.g. `refund_not_received`.
    public var key: String
    public var expectedFlags: [DemoFlag]
    /// The report theme most of the planted complaints were assigned to (nil when none was).
    public var themeID: Int64?
    /// Share of the planted complaints assigned to that theme.
    public var themeShare: Double
    /// The flags the report raised for that theme, sorted.
    public var raisedFlags: [String]
    /// True when at least half the planted complaints share one theme and it carries every expected flag.
    public var found: Bool

    enum CodingKeys: String, CodingKey {
        case key, found
        case expectedFlags = "expected_flags"
        case themeID = "theme_id"
        case themeShare = "theme_share"
        case raisedFlags = "raised_flags"
    }

    /// One line for a person: `refund_not_received: found (theme 4, 7/7 complaints, flags repeated, escalated)`.
    public var explanation: String {
        let expected = expectedFlags.map(\.rawValue).joined(separator: ", ")
        guard let themeID else { return "\(key): not found — none of its complaints was assigned a theme" }
        let share = "\(Int((themeShare * 100).rounded()))% of its complaints in theme \(themeID)"
        let raised = raisedFlags.isEmpty ? "no flags" : "flags " + raisedFlags.joined(separator: ", ")
        return found ? "\(key): found (\(share), \(raised))" : "\(key): NOT found — expected \(expected); \(share), \(raised)"
    }
}

extension DemoSummary {
    /// Checks a flaw report against the planted flaws.
    ///
    /// - Parameters:
    ///   - themeOfInteraction: the theme the insight module assigned to an interaction, by
    ///     `source` and `external_id` (e.g. from `rapport insight export`); nil when none.
    ///   - flagsOfTheme: the flags the report raised for a theme (e.g. from `rapport report flaws
    ///     --format json`); empty when the theme is not in the report.
    public func verify(
        themeOfInteraction: (_ source: String, _ externalID: String) -> Int64?,
        flagsOfTheme: (Int64) -> Set<String>
    ) -> [PlantedFlawVerdict] {
        plantedFlaws.map { flaw in
            var counts: [Int64: Int] = [:]
            for complaint in flaw.complaints {
                if let theme = themeOfInteraction(complaint.source, complaint.externalID) { counts[theme, default: 0] += 1 }
            }
            // Most complaints first, then the lower id, so ties resolve the same way every run.
            guard let (theme, count) = counts.min(by: { ($1.value, $0.key) < ($0.value, $1.key) }) else {
                return PlantedFlawVerdict(
                    key: flaw.key, expectedFlags: flaw.expectedFlags, themeID: nil, themeShare: 0, raisedFlags: [], found: false)
            }
            let share = flaw.complaints.isEmpty ? 0 : Double(count) / Double(flaw.complaints.count)
            let raised = flagsOfTheme(theme)
            let found = share >= 0.5 && flaw.expectedFlags.allSatisfy { raised.contains($0.rawValue) }
            return PlantedFlawVerdict(
                key: flaw.key, expectedFlags: flaw.expectedFlags, themeID: theme, themeShare: share,
                raisedFlags: raised.sorted(), found: found)
        }
    }
}
