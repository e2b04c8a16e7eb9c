import Testing
@testable import RapportInsight

@Suite struct ThemeDiscoveryTests {
    /// The theme most of `texts` landed in, and how many did.
    static func majorityTheme(_ result: ThemeDiscoveryResult, _ indexes: Range<Int>) -> (theme: Int?, count: Int) {
        var counts: [Int: Int] = [:]
        for i in indexes { if let t = result.themeOfText[i] { counts[t, default: 0] += 1 } }
        guard let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else { return (nil, 0) }
        return (best.key, best.value)
    }

    @Test func nearParaphrasesLandInOneThemeAndDistinctProblemsInOthers() throws {
        var features = ThemeFeatures()
        let result = ThemeDiscovery().discover(ComplaintFixtures.all, features: &features)
        var majorities: [Int] = []
        for p in 0..<4 {
            let (theme, count) = Self.majorityTheme(result, (p * 5)..<(p * 5 + 5))
            let t = try #require(theme)
            #expect(count >= 4, "problem \(p): only \(count) of 5 together")
            majorities.append(t)
        }
        #expect(Set(majorities).count == 4, "each problem has its own theme: \(majorities)")
        #expect(result.themes.count == 4)
    }

    @Test func namesThemesByTheirKeyPhrases() throws {
        var features = ThemeFeatures()
        let result = ThemeDiscovery().discover(ComplaintFixtures.all, features: &features)
        func name(_ p: Int) throws -> String {
            let t = try #require(Self.majorityTheme(result, (p * 5)..<(p * 5 + 5)).theme)
            return result.themes[t].name
        }
        let refund = try name(0), charged = try name(1), loggedOut = try name(2), dms = try name(3)
        #expect(refund.contains("refund") && refund.contains("received"), "\(refund)")
        #expect(charged.contains("charged twice"), "\(charged)")
        #expect(loggedOut.contains("logged out") || (loggedOut.contains("update") && loggedOut.contains("logged")), "\(loggedOut)")
        #expect(dms.contains("reply"), "\(dms)")
        // Names never lead with filler or stop words.
        for theme in result.themes {
            for filler in ["hi", "please", "thanks", "my", "the"] {
                #expect(!theme.keyPhrases.contains(filler), "\(theme.name)")
            }
        }
    }

    @Test func textsWithNothingLeftAfterNormalisationJoinNoTheme() {
        var features = ThemeFeatures()
        let texts = ComplaintFixtures.all + ["hi thanks!!", "https://t.co/abc @someone 12345"]
        let result = ThemeDiscovery().discover(texts, features: &features)
        #expect(result.themeOfText[texts.count - 2] == nil)
        #expect(result.themeOfText[texts.count - 1] == nil)
    }

    @Test func groupsTooSmallToBeThemesAreDissolved() {
        var features = ThemeFeatures()
        let texts = ComplaintFixtures.all + ["the lift in the lobby smells of paint", "lobby lift smells of fresh paint"]
        let result = ThemeDiscovery().discover(texts, features: &features)
        #expect(result.themes.allSatisfy { $0.size >= 3 })
        #expect(result.themeOfText[texts.count - 1] == nil)
    }

    /// Two wordings of "no reply to my DM", each repeated nearly word for word (as templates,
    /// macros and copied complaints are), beside three other problems.
    static let twoWordingsOfOneProblem = [
        "my DM has been sitting unanswered for 3 days",
        "my DM has been sitting unanswered for days now",
        "DM sitting unanswered for 5 days, really poor",
        "my DM is still sitting unanswered",
        "my DM sitting unanswered for a week",
        "you told me to DM you, I did, and then silence for 4 days",
        "you told me to DM you, I did, silence since",
        "you told me to DM you and then total silence",
        "told me to DM you, I did, then silence",
        "you told me to DM you, did it, silence for 2 days",
    ]

    @Test func groupsOfOneProblemInTwoWordingsAreMergedAndOtherProblemsAreNot() {
        // Groups as modularity leaves them among near-identical messages: one per wording.
        let texts = Array(ComplaintFixtures.all[0..<15]) + Self.twoWordingsOfOneProblem
        let groups = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4]
        var features = ThemeFeatures()
        let vectors = features.learnAndVectorise(texts)
        let clustering = ThemeClustering(options: ThemeDiscovery.Options())
        let merged = clustering.mergeClose(vectors, labels: groups)
        #expect(merged[15] == merged[20], "both wordings of no reply to a DM in one group")
        #expect(Set(merged[15..<25]).count == 1)
        #expect(Set([merged[0], merged[5], merged[10], merged[15]]).count == 4, "refund, charge and log-out stay apart: \(merged)")
        // Above 1, nothing is merged.
        let off = ThemeClustering(options: ThemeDiscovery.Options(mergeThreshold: 2))
        #expect(off.mergeClose(vectors, labels: groups) == groups)
    }
}
