import Testing

@testable import RapportIdentity

@Suite("A handle that looks like a name")
struct HandleNameEvidenceTests {
    private let jane = PersonRecord(profileID: 1, givenName: "Jane", surname: "Doe")

    private func handleLevel(_ handle: String, _ person: PersonRecord) -> ComparisonLevel {
        let social = PersonRecord(profileID: 2, handles: [handle])
        return FieldComparator.level(.handleName, PreparedRecord(social), PreparedRecord(person))
    }

    @Test("digits and underscores are ignored: janedoe88, jane_doe, doe_jane spell Jane Doe")
    func handleSpellsFullName() {
        #expect(handleLevel("janedoe88", jane) == .handleSpellsFullName)
        #expect(handleLevel("@Jane_Doe", jane) == .handleSpellsFullName)
        #expect(handleLevel("the.doe.jane", jane) == .handleSpellsFullName)
    }

    @Test("initial and surname is weaker evidence than the full name")
    func initialAndSurname() {
        let smith = PersonRecord(profileID: 1, givenName: "Olivia", surname: "Smith")
        #expect(handleLevel("osmith_1", smith) == .handleSpellsInitialAndSurname)
        #expect(handleLevel("smitho", smith) == .handleSpellsInitialAndSurname)
        #expect(handleLevel("smithfan99", smith) == .handleContainsSurname)
        #expect(handleLevel("gardenlover", smith) == .different)
    }

    @Test("a display name works as well as split names, in either direction")
    func displayNameAndDirection() {
        let display = PersonRecord(profileID: 1, fullName: "Jane Doe")
        #expect(handleLevel("janedoe88", display) == .handleSpellsFullName)
        let social = PersonRecord(profileID: 2, handles: ["janedoe88"])
        #expect(FieldComparator.level(.handleName, PreparedRecord(jane), PreparedRecord(social)) == .handleSpellsFullName)
    }

    @Test("no handle facing a name means no evidence")
    func missingWithoutHandle() {
        let other = PersonRecord(profileID: 2, givenName: "John", surname: "Doe")
        #expect(FieldComparator.level(.handleName, PreparedRecord(jane), PreparedRecord(other)) == .missing)
    }

    @Test("blocking pairs a name-like handle with the person it spells")
    func blockingFindsHandleSpellingName() {
        let records: [Int64: PersonRecord] = [
            1: jane,
            2: PersonRecord(profileID: 2, handles: ["janedoe88"]),
            3: PersonRecord(profileID: 3, handles: ["skywatcher"]),
        ]
        let rule = BlockingRule(name: "handle_spells_name", condition: .handleSpellsName)
        #expect(Blocking.candidates(records: records, rules: [rule]) == [CandidatePair(left: 1, right: 2)])
    }

    @Test("a trained model counts a name-like handle as evidence for the match")
    func trainedWeightIsPositive() {
        // CRM customers and social profiles (display name, handle, sometimes an email); each
        // customer is a candidate with its own social profile and with two other people's.
        var records: [Int64: PersonRecord] = [:]
        var candidates: [CandidatePair] = []
        let people = 240
        for person in 0..<people {
            let given = SyntheticPeople.givenNames[person % SyntheticPeople.givenNames.count]
            let surname = SyntheticPeople.surnames[(person / 24 * 7 + person) % SyntheticPeople.surnames.count]
            let crm = Int64(person * 2 + 1)
            let social = crm + 1
            records[crm] = PersonRecord(profileID: crm, givenName: given, surname: surname, emails: ["\(given).\(surname).\(person)@example.com"])
            let handle =
                person % 2 == 0 ? "\(given)\(surname)\(person % 90)" : person % 3 == 0 ? "\(given.prefix(1))\(surname)" : "fan\(person)"
            let emails: [String] =
                switch person % 3 {
                case 0: ["\(given).\(surname).\(person)@example.com"]
                case 1: []
                default: ["\(given).\(surname).\(person)@other.example"]
                }
            let displayName = person % 5 == 0 ? "\(given) \(surname.dropLast())" : "\(given) \(surname)"
            records[social] = PersonRecord(profileID: social, fullName: displayName, emails: emails, handles: [handle])
            candidates.append(CandidatePair(left: crm, right: social))
            for offset in [1, 24] {
                candidates.append(CandidatePair(left: crm, right: Int64(((person + offset) % people) * 2 + 2)))
            }
        }
        let model = LinkageModel.train(records: records, candidates: candidates)
        let weights = Dictionary(uniqueKeysWithValues: (model.parameters(for: .handleName)?.levels ?? []).map { ($0.level, $0.weight) })
        #expect((weights[.handleSpellsFullName] ?? 0) > 3)
        #expect((weights[.handleSpellsInitialAndSurname] ?? 0) > 1)
        #expect((weights[.different] ?? 0) < 0)
        let score = model.score(records[1] ?? jane, records[2] ?? jane)
        #expect(score.evidence.contains { $0.field == .handleName && $0.level == .handleSpellsFullName && $0.weight > 0 })
        #expect(score.probability > 0.9)
    }
}
