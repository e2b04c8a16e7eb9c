import Foundation
import Testing
@testable import RapportInsight

@Suite struct ThemeAssignerTests {
    /// A first night: discover themes on the fixtures and give them ids 100, 200, ...
    static func firstNight() -> (themes: [Theme], features: ThemeFeatures) {
        var features = ThemeFeatures()
        let found = ThemeDiscovery().discover(ComplaintFixtures.all, features: &features)
        let themes = found.themes.enumerated().map { $0.element.theme(id: Int64(($0.offset + 1) * 100), vocabulary: features.vocabulary) }
        return (themes, features)
    }

    /// The existing theme most of a fixture problem's complaints join (on a copy of the features).
    static func id(of problem: Int, in themes: [Theme], features: ThemeFeatures) -> Int64? {
        var features = features
        let assignment = ThemeAssigner(themes: themes).assign(ComplaintFixtures.problems[problem], features: &features)
        let ids = assignment.placements.compactMap { p -> Int64? in if case .existing(let id)? = p { return id } else { return nil } }
        return Dictionary(grouping: ids, by: { $0 }).max { $0.value.count < $1.value.count }?.key
    }

    @Test func newComplaintsJoinExistingThemesAndKeepTheirIDsAcrossNights() throws {
        var (themes, features) = Self.firstNight()
        let refundID = try #require(Self.id(of: 0, in: themes, features: features))
        let chargedID = try #require(Self.id(of: 1, in: themes, features: features))
        #expect(refundID != chargedID)

        let night2 = ["my refund still not received", "charged twice again for one order", "I was charged twice yesterday"]
        let second = ThemeAssigner(themes: themes).assign(night2, features: &features)
        #expect(second.placements == [.existing(id: refundID), .existing(id: chargedID), .existing(id: chargedID)])
        #expect(second.newThemes.isEmpty)
        #expect(Set(second.changedThemeIDs) == [refundID, chargedID])
        themes = second.themes
        let charged = try #require(themes.first { $0.id == chargedID })
        #expect(charged.size == 7)

        let night3 = ["refund never received", "you charged me twice"]
        let third = ThemeAssigner(themes: themes).assign(night3, features: &features)
        #expect(third.placements == [.existing(id: refundID), .existing(id: chargedID)])
        #expect(third.themes.map(\.id) == themes.map(\.id))
        #expect(features.vocabulary.documentCount == 20 + 3 + 2)
    }

    @Test func anUnseenProblemIsBornAsANewThemeWithoutTouchingOldOnes() throws {
        var (themes, features) = Self.firstNight()
        let parcels = [
            "parcel marked delivered but never arrived",
            "tracking says delivered, parcel not here",
            "my parcel shows delivered but I never got it",
            "parcel delivered to the wrong address apparently, never arrived",
        ]
        let result = ThemeAssigner(themes: themes).assign(parcels, features: &features)
        let born = try #require(result.newThemes.first)
        #expect(result.newThemes.count == 1)
        #expect(born.size >= 3)
        #expect(born.name.contains("parcel") || born.name.contains("delivered"), "\(born.name)")
        #expect(result.joinedExisting == 0)
        #expect(result.themes == themes)
        for m in born.members { #expect(result.placements[m] == .new(index: 0)) }
        themes.append(born.theme(id: 900))
        // Next night, the born theme is an existing one like any other.
        let next = ThemeAssigner(themes: themes).assign(["parcel says delivered but never arrived"], features: &features)
        #expect(next.placements == [.existing(id: 900)])
    }

    @Test func backlogIsPlacedButNotCountedAgainInTheVocabulary() {
        var (themes, features) = Self.firstNight()
        let before = features.vocabulary.documentCount
        let result = ThemeAssigner(themes: themes).assign(["refund not received"], backlog: ["still no refund received"], features: &features)
        #expect(features.vocabulary.documentCount == before + 1)
        #expect(result.placements.count == 2)
        #expect(result.placements[0] == result.placements[1])
        themes = result.themes
        #expect(themes.count == 4)
    }

    @Test func taxonomyExamplesPullMatchingComplaintsIntoTheNamedTheme() throws {
        var (themes, features) = Self.firstNight()
        let taxonomy = ThemeTaxonomy(themes: [
            .init(key: "card_not_arrived", name: "Card not arrived", examples: ["my new card has not arrived", "still waiting for my card"])
        ])
        let complaints = ["new card still has not arrived", "I am still waiting for my card", "my refund has not been received"]
        let first = ThemeAssigner(themes: themes, taxonomy: taxonomy).assign(complaints, features: &features)
        let named = try #require(first.newThemes.first { $0.taxonomyKey == "card_not_arrived" })
        #expect(named.name == "Card not arrived")
        let index = try #require(first.newThemes.firstIndex(of: named))
        #expect(first.placements[0] == .new(index: index))
        #expect(first.placements[1] == .new(index: index))
        #expect(first.placements[2] != .new(index: index))
        themes = first.themes + [named.theme(id: 555)]
        let second = ThemeAssigner(themes: themes, taxonomy: taxonomy).assign(["card has not arrived yet"], features: &features)
        #expect(second.placements == [.existing(id: 555)])
        #expect(second.themes.first { $0.id == 555 }?.size == 3)
    }

    @Test func taxonomyFileIsValidated() throws {
        let good = #"{"themes":[{"key":"refund_not_received","name":"Refund not received","examples":["where is my refund"]}]}"#
        let taxonomy = try ThemeTaxonomy.decode(json: Data(good.utf8))
        #expect(taxonomy.themes.first?.key == "refund_not_received")
        let duplicate = #"{"themes":[{"key":"a","name":"A","examples":["refund"]},{"key":"a","name":"B","examples":["card"]}]}"#
        #expect(throws: ThemeTaxonomy.InvalidTaxonomy.self) { try ThemeTaxonomy.decode(json: Data(duplicate.utf8)) }
        let onlyStopWords = #"{"themes":[{"key":"a","name":"A","examples":["hi thanks please"]}]}"#
        #expect(throws: ThemeTaxonomy.InvalidTaxonomy.self) { try ThemeTaxonomy.decode(json: Data(onlyStopWords.utf8)) }
    }

    @Test func vocabularyAndThemesRoundTripThroughJSON() throws {
        let (themes, features) = Self.firstNight()
        let vocabulary = try JSONDecoder().decode(ThemeVocabulary.self, from: JSONEncoder().encode(features.vocabulary))
        #expect(vocabulary == features.vocabulary)
        let decoded = try JSONDecoder().decode([Theme].self, from: JSONEncoder().encode(themes))
        #expect(decoded == themes)
        for theme in themes {
            let norm = theme.centroid.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-6)
        }
    }
}
