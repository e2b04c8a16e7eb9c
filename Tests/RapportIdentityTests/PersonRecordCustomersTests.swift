import RapportCore
import Testing

@testable import RapportIdentity

@Suite("Person records from CRM customers")
struct PersonRecordCustomersTests {
    @Test("CRM attributes fill the fields, the first record wins, identities are gathered once")
    func buildsFromCustomers() throws {
        let email = try Identifier(kind: .email, rawValue: "Isla.Harris@example.com")
        let first = CustomerRecord(
            crmSource: "febrl", crmID: "rec-7-org", name: "Isla Harris", emails: [email],
            attributes: ["given_name": "isla", "surname": "harris", "postcode": " 2037 ", "date_of_birth": "19840312"]
        )
        let second = CustomerRecord(
            crmSource: "shop", crmID: "42", emails: [email],
            attributes: ["first_name": "Isabel", "suburb": "glebe", "soc_sec_id": ""]
        )
        let handle = try Identifier(kind: .twitter, rawValue: "@IslaH")
        let record = PersonRecord(profileID: 9, customers: [first, second], identities: [handle])
        #expect(record.givenName == "isla")
        #expect(record.surname == "harris")
        #expect(record.fullName == nil)
        #expect(record.postcode == "2037")
        #expect(record.suburb == "glebe")
        #expect(record.dateOfBirth == "19840312")
        #expect(record.socialSecurityID == nil)
        #expect(record.emails == ["isla.harris@example.com"])
        #expect(record.handles == ["islah"])
        #expect(record.crmKeys == ["febrl:rec-7-org", "shop:42"])
    }

    @Test("without a given name or surname the CRM name is the full name")
    func usesNameAsFullName() {
        let customer = CustomerRecord(crmSource: "crm", crmID: "1", name: "  Jane Doe ")
        let record = PersonRecord(profileID: 1, customers: [customer])
        #expect(record.fullName == "Jane Doe")
        #expect(record.givenName == nil)
    }
}
