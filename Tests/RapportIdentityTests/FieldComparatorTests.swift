import Testing

@testable import RapportIdentity

@Suite("Field comparison levels")
struct FieldComparatorTests {
    private func level(_ field: ComparisonField, _ a: PersonRecord, _ b: PersonRecord) -> ComparisonLevel {
        FieldComparator.level(field, PreparedRecord(a), PreparedRecord(b))
    }

    private func person(_ id: Int64 = 1) -> PersonRecord { PersonRecord(profileID: id) }

    @Test("names: exact ignores case, diacritics and spacing; typos fall to Jaro–Winkler levels")
    func nameLevels() {
        var a = person(1)
        var b = person(2)
        a.givenName = "  Zoë "
        b.givenName = "ZOE"
        #expect(level(.givenName, a, b) == .exact)
        a.surname = "martha"
        b.surname = "marhta"
        #expect(level(.surname, a, b) == .jaroWinkler92)
        a.surname = "dwayne"
        b.surname = "duane"
        #expect(level(.surname, a, b) == .jaroWinkler70)
        a.surname = "nguyen"
        b.surname = "appleby"
        #expect(level(.surname, a, b) == .different)
    }

    @Test("given name and surname exchanged is its own level on both fields")
    func swappedNames() {
        let a = PersonRecord(profileID: 1, givenName: "jack", surname: "mitchell")
        let b = PersonRecord(profileID: 2, givenName: "mitchell", surname: "jack")
        #expect(level(.givenName, a, b) == .swappedNames)
        #expect(level(.surname, a, b) == .swappedNames)
    }

    @Test("a field missing on either side is missing, not different")
    func missingIsNotDifferent() {
        let a = PersonRecord(profileID: 1, givenName: "jack", dateOfBirth: "19800101")
        let b = PersonRecord(profileID: 2, givenName: "", dateOfBirth: nil)
        #expect(level(.givenName, a, b) == .missing)
        #expect(level(.dateOfBirth, a, b) == .missing)
        #expect(level(.emails, a, b) == .missing)
    }

    @Test("date of birth: exact, day and month swapped, one-digit typo, two edits, different")
    func dateOfBirthLevels() {
        func dob(_ x: String, _ y: String) -> ComparisonLevel {
            level(.dateOfBirth, PersonRecord(profileID: 1, dateOfBirth: x), PersonRecord(profileID: 2, dateOfBirth: y))
        }
        #expect(dob("19560409", "1956-04-09") == .exact)
        #expect(dob("19560409", "19560904") == .dayMonthSwapped)
        #expect(dob("19560409", "19560408") == .oneEdit)
        #expect(dob("19560409", "19650409") == .oneEdit)
        #expect(dob("19560409", "19570419") == .twoEdits)
        #expect(dob("19560409", "20011231") == .different)
    }

    @Test("social security id and postcode count edits")
    func editLevels() {
        let a = PersonRecord(profileID: 1, postcode: "2119", socialSecurityID: "1804974")
        var b = PersonRecord(profileID: 2, postcode: "2191", socialSecurityID: "1804947")
        #expect(level(.socialSecurityID, a, b) == .oneEdit)
        #expect(level(.postcode, a, b) == .oneEdit)
        b.socialSecurityID = "1840947"
        b.postcode = "3119"
        #expect(level(.socialSecurityID, a, b) == .twoEdits)
        #expect(level(.postcode, a, b) == .oneEdit)
        b.postcode = "3000"
        #expect(level(.postcode, a, b) == .different)
    }

    @Test("address lines: spaces do not matter, exchanged lines are recognised")
    func addressLevels() {
        let a = PersonRecord(profileID: 1, address1: "goodwin street", address2: "kinross farm")
        let b = PersonRecord(profileID: 2, address1: "goodwinstreet", address2: "kinross farm")
        #expect(level(.address1, a, b) == .jaroWinkler92)
        #expect(level(.address2, a, b) == .exact)
        let swapped = PersonRecord(profileID: 3, address1: "kinross farm", address2: "goodwin street")
        #expect(level(.address1, a, swapped) == .swappedAddressLines)
        #expect(level(.address2, a, swapped) == .swappedAddressLines)
    }

    @Test("emails: any shared address, else the same local part at another domain")
    func emailLevels() {
        let a = PersonRecord(profileID: 1, emails: ["jane.doe@example.com", "jd@work.example"])
        #expect(level(.emails, a, PersonRecord(profileID: 2, emails: ["JD@work.example"])) == .exact)
        #expect(level(.emails, a, PersonRecord(profileID: 2, emails: ["jane.doe@mail.example"])) == .sameEmailLocalPart)
        #expect(level(.emails, a, PersonRecord(profileID: 2, emails: ["someone@example.com"])) == .different)
    }

    @Test("phones: any shared number, else the same last seven digits")
    func phoneLevels() {
        let a = PersonRecord(profileID: 1, phones: ["+442079460958"])
        #expect(level(.phones, a, PersonRecord(profileID: 2, phones: ["+44 20 7946 0958"])) == .exact)
        #expect(level(.phones, a, PersonRecord(profileID: 2, phones: ["+1 212 794 60958"])) == .sameLastSevenDigits)
        #expect(level(.phones, a, PersonRecord(profileID: 2, phones: ["+12125550100"])) == .different)
    }

    @Test("the full name is compared only when a side has no separate name fields")
    func fullNameOnlyWithoutSplitNames() {
        let split = PersonRecord(profileID: 1, givenName: "Jane", surname: "Doe")
        let display = PersonRecord(profileID: 2, fullName: "Doe, Jane")
        #expect(level(.fullName, split, display) == .exact)
        #expect(level(.givenName, split, display) == .missing)
        let otherSplit = PersonRecord(profileID: 3, givenName: "Jane", surname: "Doe")
        #expect(level(.fullName, split, otherSplit) == .missing)
        #expect(level(.fullName, display, PersonRecord(profileID: 4, fullName: "Mary Jane Doe Smith")) == .tokenOverlap)
    }

    @Test("level positions follow the declared order, with missing at 0")
    func levelIndexTable() {
        for field in ComparisonField.allCases {
            #expect(ComparisonVector.index(of: .missing, in: field) == 0)
            for (offset, level) in field.levels.enumerated() {
                #expect(ComparisonVector.index(of: level, in: field) == offset + 1)
            }
            #expect(field.levels.last == .different)
            #expect(field.levels.count < 16)
        }
        for (offset, level) in ComparisonLevel.allCases.enumerated() { #expect(level.ordinal == offset) }
    }
}
