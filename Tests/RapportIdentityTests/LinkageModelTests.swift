import Foundation
import Testing

@testable import RapportIdentity

@Suite("Linkage model training and scoring")
struct LinkageModelTests {
    private static let people = SyntheticPeople(people: 400, seed: 2024)

    private static func train() -> (LinkageModel, [CandidatePair]) {
        let candidates = Blocking.candidates(records: people.records)
        return (LinkageModel.train(records: people.records, candidates: candidates), candidates)
    }

    /// Trained once for the suite (a static is initialised once, thread-safely).
    private static let trained = train()

    private static func trainedModel() -> (LinkageModel, [CandidatePair]) { trained }

    @Test("on synthetic duplicates, default-threshold suggestions reach F1 ≥ 0.95")
    func separatesSyntheticDuplicates() {
        let (model, candidates) = Self.trainedModel()
        let truth = LinkageEvaluation.truePairs(entities: Self.people.entities)
        let suggested = model.suggestions(records: Self.people.records, candidates: candidates)
        let metrics = LinkageEvaluation.evaluate(predicted: suggested.map(\.pair), truth: truth)
        #expect(!truth.isEmpty)
        #expect(metrics.f1 >= 0.95, "precision \(metrics.precision) recall \(metrics.recall)")
        #expect(model.training.converged)
    }

    @Test("each additional agreeing field raises the match weight")
    func weightGrowsWithAgreement() {
        let (model, _) = Self.trainedModel()
        let a = PersonRecord(
            profileID: 1, givenName: "matilda", surname: "campbell", streetNumber: "12", address1: "ocean parade",
            suburb: "glebe", postcode: "2037", state: "nsw", dateOfBirth: "19840312", socialSecurityID: "4417283"
        )
        var b = PersonRecord(profileID: 2, givenName: "matilda", surname: "campbell")
        var weights = [model.score(a, b).weight]
        b.dateOfBirth = a.dateOfBirth
        weights.append(model.score(a, b).weight)
        b.postcode = a.postcode
        weights.append(model.score(a, b).weight)
        b.suburb = a.suburb
        weights.append(model.score(a, b).weight)
        b.socialSecurityID = a.socialSecurityID
        weights.append(model.score(a, b).weight)
        for (before, after) in zip(weights, weights.dropFirst()) { #expect(after > before) }
        // And a disagreeing date of birth weighs less than a missing one.
        var disagreeing = b
        disagreeing.dateOfBirth = "20010101"
        var missing = b
        missing.dateOfBirth = nil
        #expect(model.score(a, disagreeing).weight < model.score(a, missing).weight)
    }

    @Test("the weight is the prior plus the field weights, and the probability follows from it")
    func scoreIsExplained() throws {
        let (model, candidates) = Self.trainedModel()
        let pair = try #require(candidates.first)
        let records = Self.people.records
        let score = model.score(try #require(records[pair.left]), try #require(records[pair.right]))
        let sum = score.priorWeight + score.evidence.reduce(0) { $0 + $1.weight }
        #expect(abs(sum - score.weight) < 1e-9)
        #expect(abs(score.probability - 1 / (1 + exp2(-score.weight))) < 1e-12)
        #expect(!score.evidence.contains { $0.level == .missing })
        #expect(zip(score.evidence, score.evidence.dropFirst()).allSatisfy { $0.weight >= $1.weight })
        #expect(!score.evidence.contains { $0.field == .emails }, "no record has emails")
    }

    @Test("training is deterministic and the model survives a JSON round trip")
    func deterministicAndCodable() throws {
        let (first, candidates) = Self.trainedModel()
        let (second, _) = Self.train()
        #expect(first == second)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(first)
        #expect(json == (try encoder.encode(second)))
        let decoded = try JSONDecoder().decode(LinkageModel.self, from: json)
        let records = Self.people.records
        let before = first.score(records: records, candidates: candidates)
        let after = decoded.score(records: records, candidates: candidates)
        #expect(before == after)
    }

    @Test("suggestions are the pairs at or above the threshold, strongest first")
    func suggestionsRespectThreshold() {
        let (model, candidates) = Self.trainedModel()
        let records = Self.people.records
        let all = model.score(records: records, candidates: candidates)
        let suggested = model.suggestions(records: records, candidates: candidates)
        #expect(suggested.count == all.filter { $0.score.probability >= LinkageModel.defaultThreshold }.count)
        #expect(zip(suggested, suggested.dropFirst()).allSatisfy { $0.score.weight >= $1.score.weight })
        let strict = model.suggestions(records: records, candidates: candidates, minimumProbability: 0.999_999)
        #expect(strict.count <= suggested.count)
        #expect(strict.allSatisfy { $0.score.probability >= 0.999_999 })
    }

    @Test("training on no candidates falls back to the starting parameters instead of failing")
    func trainsOnEmptyInput() {
        let model = LinkageModel.train(records: [:], candidates: [])
        #expect(model.training.candidatePairs == 0)
        #expect(model.fields.count == ComparisonField.allCases.count)
        #expect(model.fields.allSatisfy { $0.levels.allSatisfy { $0.m > 0 && $0.u > 0 } })
    }
}
