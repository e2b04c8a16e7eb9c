import Testing

@testable import RapportIdentity

@Suite("Blocking")
struct BlockingTests {
    private func rule(_ keys: BlockingKey...) -> BlockingRule {
        BlockingRule(name: keys.map(\.rawValue).joined(separator: "+"), condition: .equal(keys))
    }

    @Test("soundex of the surname plus postcode pairs spelling variants at one postcode")
    func soundexAndPostcode() {
        let records: [Int64: PersonRecord] = [
            1: PersonRecord(profileID: 1, surname: "Robert", postcode: "2000"),
            2: PersonRecord(profileID: 2, surname: "rupert", postcode: " 2000 "),
            3: PersonRecord(profileID: 3, surname: "Robert", postcode: "3000"),
            4: PersonRecord(profileID: 4, surname: "Robert"),
        ]
        #expect(Blocking.candidates(records: records, rules: [rule(.surnameSoundex, .postcode)]) == [CandidatePair(left: 1, right: 2)])
    }

    @Test("a missing key never blocks two records together")
    func missingKeysDoNotJoin() {
        let records: [Int64: PersonRecord] = [
            1: PersonRecord(profileID: 1, dateOfBirth: ""),
            2: PersonRecord(profileID: 2, dateOfBirth: nil),
            3: PersonRecord(profileID: 3, dateOfBirth: "  "),
        ]
        #expect(Blocking.candidates(records: records, rules: [rule(.dateOfBirth)]).isEmpty)
    }

    @Test("any shared email, phone or handle makes a candidate")
    func sharedIdentifiers() {
        let records: [Int64: PersonRecord] = [
            1: PersonRecord(profileID: 1, emails: ["a@x.example", "shared@x.example"], handles: ["@JaneD"]),
            2: PersonRecord(profileID: 2, emails: ["Shared@x.example"]),
            3: PersonRecord(profileID: 3, phones: ["+15551234567"], handles: ["janed"]),
            4: PersonRecord(profileID: 4, phones: ["+15551234567"]),
        ]
        let pairs = Blocking.candidates(records: records, rules: [rule(.email), rule(.phone), rule(.handle)])
        #expect(pairs == [CandidatePair(left: 1, right: 2), CandidatePair(left: 1, right: 3), CandidatePair(left: 3, right: 4)])
    }

    @Test("the name trigram rule pairs names at pg_trgm similarity ≥ 0.5 and not below")
    func nameTrigrams() {
        let records: [Int64: PersonRecord] = [
            1: PersonRecord(profileID: 1, givenName: "Jane", surname: "Doe"),
            2: PersonRecord(profileID: 2, fullName: "jane doe"),
            3: PersonRecord(profileID: 3, fullName: "janedoe"),
            4: PersonRecord(profileID: 4, fullName: "John Smith"),
        ]
        let rule = BlockingRule(name: "name_trigram", condition: .nameTrigramSimilarity(minimum: 0.5))
        #expect(
            Blocking.candidates(records: records, rules: [rule])
                == [CandidatePair(left: 1, right: 2), CandidatePair(left: 1, right: 3), CandidatePair(left: 2, right: 3)]
        )
    }

    @Test("the name soundex pair ignores name order and reads display names as first and last word")
    func nameSoundexPair() {
        let split = PersonRecord(profileID: 1, givenName: "Jane", surname: "Doe")
        #expect(Blocking.values(of: .nameSoundexPair, in: split) == ["D000 J500"])
        #expect(Blocking.values(of: .nameSoundexPair, in: PersonRecord(profileID: 2, givenName: "doe", surname: "jayne")) == ["D000 J500"])
        #expect(Blocking.values(of: .nameSoundexPair, in: PersonRecord(profileID: 3, fullName: "Jane  Q. Doe")) == ["D000 J500"])
        #expect(Blocking.values(of: .nameSoundexPair, in: PersonRecord(profileID: 4, givenName: "Jane", fullName: "Jane Doe")).isEmpty)
        #expect(Blocking.values(of: .nameSoundexPair, in: PersonRecord(profileID: 5, fullName: "Cher")).isEmpty)
    }

    @Test("linking keeps only pairs across the two sets")
    func linkModeCrossesSets() {
        let records: [Int64: PersonRecord] = [
            1: PersonRecord(profileID: 1, dateOfBirth: "19800101"),
            2: PersonRecord(profileID: 2, dateOfBirth: "19800101"),
            10: PersonRecord(profileID: 10, dateOfBirth: "19800101"),
        ]
        let pairs = Blocking.candidates(records: records, rules: [rule(.dateOfBirth)], mode: .link(left: [1, 2]))
        #expect(pairs == [CandidatePair(left: 1, right: 10), CandidatePair(left: 2, right: 10)])
    }

    @Test("the default rules find nearly every planted duplicate, each pair once and in order")
    func defaultRulesKeepTruePairs() {
        let people = SyntheticPeople(people: 300, seed: 99)
        let candidates = Blocking.candidates(records: people.records)
        let truth = LinkageEvaluation.truePairs(entities: people.entities)
        #expect(LinkageEvaluation.pairCompleteness(candidates: candidates, truth: truth) >= 0.99)
        #expect(candidates == candidates.sorted { ($0.left, $0.right) < ($1.left, $1.right) })
        #expect(Set(candidates).count == candidates.count)
        #expect(candidates.allSatisfy { $0.left < $0.right })
        let allPairs = people.records.count * (people.records.count - 1) / 2
        #expect(candidates.count < allPairs / 10)
    }

    @Test("rules describe themselves as SQL over aliases a and b")
    func sqlPredicates() {
        let predicate = rule(.surnameSoundex, .postcode).sqlPredicate
        #expect(predicate == "nullif(soundex(btrim(a.surname)), '') = nullif(soundex(btrim(b.surname)), '') AND nullif(lower(btrim(a.postcode)), '') = nullif(lower(btrim(b.postcode)), '')")
        let trigram = BlockingRule(name: "t", condition: .nameTrigramSimilarity(minimum: 0.5)).sqlPredicate
        #expect(trigram.hasPrefix("similarity(coalesce(nullif(btrim(a.full_name), '')"))
        #expect(trigram.hasSuffix(">= 0.5"))
    }
}
