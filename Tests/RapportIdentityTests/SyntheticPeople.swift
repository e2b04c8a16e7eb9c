@testable import RapportIdentity

/// A deterministic, made-up population with planted duplicates (typos, missing and swapped fields),
/// a small stand-in for Febrl so the tests need no downloaded data.
struct SyntheticPeople {
    var records: [Int64: PersonRecord] = [:]
    /// Profile id → the person it describes.
    var entities: [Int64: String] = [:]

    static let givenNames = [
        "olivia", "liam", "amelia", "noah", "isla", "oliver", "mia", "jack", "grace", "william", "chloe", "james",
        "zoe", "thomas", "ruby", "henry", "lucy", "samuel", "ella", "leo", "harper", "lachlan", "matilda", "ethan",
    ]
    static let surnames = [
        "nguyen", "smith", "jones", "williams", "brown", "wilson", "taylor", "johnson", "white", "martin", "anderson",
        "thompson", "walker", "harris", "ryan", "robinson", "kelly", "king", "campbell", "clarke", "mitchell", "young",
    ]
    static let streets = [
        "wattle street", "banksia avenue", "ocean parade", "hill road", "jacaranda crescent", "river terrace",
        "station street", "park lane", "mountain view road", "kookaburra court", "harbour drive", "lake circuit",
    ]
    static let suburbs = [
        "ashfield", "brunswick", "carlton", "dulwich hill", "elwood", "fitzroy", "glebe", "hawthorn", "kew",
        "leichhardt", "marrickville", "newtown", "paddington", "richmond", "st kilda", "toowong",
    ]
    static let states = ["nsw", "vic", "qld", "wa", "sa", "tas"]

    /// `people` originals, each with up to two duplicates carrying one or two errors.
    init(people: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        func number(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
        var nextID: Int64 = 1
        for person in 0..<people {
            let original = PersonRecord(
                profileID: nextID, givenName: pick(Self.givenNames), surname: pick(Self.surnames),
                streetNumber: String(number(1...200)), address1: pick(Self.streets), suburb: pick(Self.suburbs),
                postcode: String(number(2000...7999)), state: pick(Self.states),
                dateOfBirth: String(number(1930...2005)) + format2(number(1...12)) + format2(number(1...28)),
                socialSecurityID: String(number(1_000_000...9_999_999))
            )
            add(original, person: person, nextID: &nextID)
            for _ in 0..<number(0...2) {
                var duplicate = original
                for _ in 0..<number(1...2) { corrupt(&duplicate, random: &random) }
                add(duplicate, person: person, nextID: &nextID)
            }
        }
    }

    private mutating func add(_ record: PersonRecord, person: Int, nextID: inout Int64) {
        var copy = record
        copy.profileID = nextID
        records[nextID] = copy
        entities[nextID] = String(person)
        nextID += 1
    }

    /// One Febrl-style error: a typo, a missing value, swapped names, or a changed postcode digit.
    private func corrupt(_ record: inout PersonRecord, random: inout SplitMix64) {
        func typo(_ text: String?) -> String? {
            guard var characters = text.map(Array.init), characters.count > 2 else { return text }
            let position = 1 + Int(random.next() % UInt64(characters.count - 2))
            characters.swapAt(position, position - 1)
            return String(characters)
        }
        switch random.next() % 6 {
        case 0: record.givenName = typo(record.givenName)
        case 1: record.surname = typo(record.surname)
        case 2: record.dateOfBirth = nil
        case 3: (record.givenName, record.surname) = (record.surname, record.givenName)
        case 4: record.address1 = typo(record.address1)
        default: record.socialSecurityID = typo(record.socialSecurityID)
        }
    }
}

private func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
