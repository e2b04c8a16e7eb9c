/// The synthetic people behind the demo data, and the CRM's view of them.
///
/// Most people are CRM customers (with one or two emails and phones, some with social handles the
/// CRM knows and some it does not); others are known only by a social handle or as an anonymous
/// web-chat visitor. The first ``DemoPopulation/castSize`` people are fully identified CRM customers
/// the planted stories are played by.
struct DemoPopulation {
    /// How many leading people are reserved for the showcase and planted-flaw stories.
    static let castSize = 8

    var people: [DemoPerson]
    /// CRM records that are not one-to-one with a person: a duplicate record of a cast member.
    var duplicateRecords: [DuplicateCRMRecord]
    /// Two different CRM customers who list the same household landline.
    var sharedLandline: (phone: String, people: [Int])?

    struct DuplicateCRMRecord {
        let person: Int
        let crmID: String
        let name: String
        let email: String
    }

    static func build(count: Int, random: inout DemoRandom) -> DemoPopulation {
        var names = NameRegistry()
        var people: [DemoPerson] = []
        people.reserveCapacity(count)
        var nextCRM = 1000
        for index in 0..<count {
            var person = DemoPerson(
                index: index, firstName: random.pick(DemoNames.first), lastName: random.pick(DemoNames.last))
            let segment: Int
            if index < castSize {
                segment = 0
            } else {
                segment = random.weightedIndex([0.62, 0.28, 0.10])
            }
            switch segment {
            case 0:
                nextCRM += random.int(in: 1...40)
                person.crmID = "C\(String(nextCRM).leftPadded(to: 5))"
                person.emails = [names.email(for: person, random: &random)]
                if random.chance(0.2) { person.emails.append(names.email(for: person, random: &random)) }
                let phoneCount = index < castSize ? 1 : random.weightedIndex([0.2, 0.65, 0.15])
                for _ in 0..<phoneCount { person.phones.append(names.mobile(random: &random)) }
                if index < castSize || random.chance(0.4) {
                    person.twitter = names.handle(for: person, random: &random)
                    person.crmListsTwitter = index < castSize || random.chance(0.7)
                }
                if index < castSize || random.chance(0.25) {
                    person.facebook = names.facebookName(for: person, random: &random)
                    person.crmListsFacebook = index < castSize || random.chance(0.6)
                }
                if random.chance(0.2) {
                    person.instagram = names.handle(for: person, random: &random)
                    person.crmListsInstagram = random.chance(0.5)
                }
                if random.chance(0.25) { person.webchatVisitor = names.visitor(random: &random) }
                person.tier = random.pick(["standard", "standard", "standard", "plus", "plus", "gold"])
                person.city = random.pick(DemoNames.cities)
                let (year, month, day) = (random.int(in: 2016...2025), random.int(in: 1...12), random.int(in: 1...28))
                person.customerSince = "\(year)-\(String(month).leftPadded(to: 2))-\(String(day).leftPadded(to: 2))"
            case 1:
                let kinds = random.weightedIndex([0.6, 0.2, 0.2])
                if kinds == 0 || random.chance(0.25) { person.twitter = names.handle(for: person, random: &random) }
                if kinds == 1 || random.chance(0.2) { person.facebook = names.facebookName(for: person, random: &random) }
                if kinds == 2 || random.chance(0.25) { person.instagram = names.handle(for: person, random: &random) }
                if random.chance(0.15) { person.webchatVisitor = names.visitor(random: &random) }
            default:
                person.webchatVisitor = names.visitor(random: &random)
            }
            people.append(person)
        }
        var population = DemoPopulation(people: people, duplicateRecords: [], sharedLandline: nil)
        population.plantStewardshipCases(names: &names, nextCRM: nextCRM, random: &random)
        return population
    }

    /// A duplicate CRM record for one cast member (same phone, an old email) and a landline two
    /// different customers share: the cases a steward must see and the importer must not auto-merge.
    private mutating func plantStewardshipCases(names: inout NameRegistry, nextCRM: Int, random: inout DemoRandom) {
        let duplicated = DemoPopulation.castSize - 1
        let person = people[duplicated]
        duplicateRecords.append(
            DuplicateCRMRecord(
                person: duplicated, crmID: "C\(String(nextCRM + 7).leftPadded(to: 5))",
                name: "\(person.firstName.prefix(1)). \(person.lastName)",
                email: names.email(for: person, random: &random)))
        let crmPeople = people.indices.filter {
            people[$0].isInCRM && !people[$0].phones.isEmpty && $0 >= DemoPopulation.castSize
        }
        if crmPeople.count >= 2 {
            let firstPosition = random.below(crmPeople.count)
            var secondPosition = random.below(crmPeople.count - 1)
            if secondPosition >= firstPosition { secondPosition += 1 }
            let (first, second) = (crmPeople[firstPosition], crmPeople[secondPosition])
            let landline = names.landline(random: &random)
            people[first].phones.append(landline)
            people[second].phones.append(landline)
            sharedLandline = (landline, [first, second])
        }
    }
}

/// Hands out unique, plausible emails, handles, phone numbers and visitor ids.
struct NameRegistry {
    private var taken: Set<String> = []

    mutating func email(for person: DemoPerson, random: inout DemoRandom) -> String {
        let first = DemoNames.slug(person.firstName)
        let last = DemoNames.slug(person.lastName)
        let domains = ["example.com", "example.net", "example.org", "mail.example", "inbox.example"]
        for attempt in 0..<50 {
            let local: String
            switch random.below(5) {
            case 0: local = "\(first).\(last)"
            case 1: local = "\(first)\(last)\(random.int(in: 1...99))"
            case 2: local = "\(first.prefix(1)).\(last)"
            case 3: local = "\(first)_\(last.prefix(1))\(random.int(in: 10...99))"
            default: local = "\(last).\(first)\(attempt > 0 ? String(random.int(in: 1...999)) : "")"
            }
            let address = "\(local)@\(random.pick(domains))"
            if taken.insert(address).inserted { return address }
        }
        return unique("\(first).\(last)", suffix: "@example.com", random: &random)
    }

    mutating func handle(for person: DemoPerson, random: inout DemoRandom) -> String {
        let first = DemoNames.slug(person.firstName)
        let last = DemoNames.slug(person.lastName)
        for _ in 0..<50 {
            let handle: String
            switch random.below(6) {
            case 0: handle = "\(person.firstName.asciiCapitalised)\(person.lastName.asciiCapitalised)"
            case 1: handle = "\(first)\(last)\(random.int(in: 1...99))"
            case 2: handle = "\(first)_\(last)"
            case 3: handle = "\(first.prefix(1))\(last)\(random.int(in: 70...99))"
            case 4: handle = "\(random.pick(DemoNames.handleWords))_\(random.pick(DemoNames.handleWords))\(random.int(in: 1...999))"
            default: handle = "\(person.firstName.asciiCapitalised)_\(last.prefix(3))"
            }
            let clipped = String(handle.prefix(15))
            if taken.insert("handle:" + clipped.lowercased()).inserted { return clipped }
        }
        return unique("u", suffix: "", random: &random)
    }

    mutating func facebookName(for person: DemoPerson, random: inout DemoRandom) -> String {
        let base = "\(DemoNames.slug(person.firstName)).\(DemoNames.slug(person.lastName))"
        for _ in 0..<50 {
            let name = random.chance(0.3) ? base : "\(base).\(random.int(in: 1...999))"
            if taken.insert("fb:" + name).inserted { return name }
        }
        return unique(base + ".", suffix: "", random: &random)
    }

    mutating func mobile(random: inout DemoRandom) -> String {
        unique("+4477009", digits: 5, random: &random)
    }

    mutating func landline(random: inout DemoRandom) -> String {
        unique("+4420794", digits: 5, random: &random)
    }

    mutating func visitor(random: inout DemoRandom) -> String {
        let hex = Array("0123456789abcdef")
        while true {
            let id = "visitor-" + String((0..<8).map { _ in hex[random.below(16)] })
            if taken.insert(id).inserted { return id }
        }
    }

    private mutating func unique(_ prefix: String, digits: Int, random: inout DemoRandom) -> String {
        var limit = 1
        for _ in 0..<digits { limit *= 10 }
        while true {
            let candidate = prefix + String(random.below(limit)).leftPadded(to: digits, with: "0")
            if taken.insert(candidate).inserted { return candidate }
        }
    }

    private mutating func unique(_ prefix: String, suffix: String, random: inout DemoRandom) -> String {
        while true {
            let candidate = "\(prefix)\(random.int(in: 1000...99_999_999))\(suffix)"
            if taken.insert(candidate).inserted { return candidate }
        }
    }
}

extension String {
    /// The string left-padded with `pad` (default `0`) to `width` characters.
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }

    /// The ASCII slug of a name with its first letter upper-cased (`siobhán` → `Siobhan`).
    var asciiCapitalised: String {
        let slug = DemoNames.slug(self)
        return slug.prefix(1).uppercased() + slug.dropFirst()
    }
}
