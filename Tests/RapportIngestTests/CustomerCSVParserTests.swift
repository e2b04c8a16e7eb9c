import Foundation
import RapportCore
import Testing

@testable import RapportIngest

@Suite("CRM customer CSV")
struct CustomerCSVParserTests {
    private func read(_ bytes: [UInt8], options: IngestOptions = .init()) throws -> (records: [CustomerRecord], rejects: [RejectedRow]) {
        var reader = try CustomerReader(bytes: bytes, options: options)
        var records: [CustomerRecord] = []
        var rejects: [RejectedRow] = []
        while let batch = try reader.nextBatch(maxRows: 2) {
            records += batch.records
            rejects += batch.rejects
        }
        return (records, rejects)
    }

    private func read(_ text: String) throws -> (records: [CustomerRecord], rejects: [RejectedRow]) {
        try read(Array(text.utf8))
    }

    @Test func readsListsHandlesAndExtraColumns() throws {
        let (records, rejects) = try read(try fixtureBytes("customers.csv"))
        #expect(rejects.isEmpty)
        #expect(records.count == 3)
        let jane = records[0]
        #expect(jane.crmSource == "salesforce")
        #expect(jane.crmID == "0031x000004TmCq")
        #expect(jane.crmIdentifier.description == "crm:salesforce:0031x000004TmCq")
        #expect(jane.name == "Jane Doe")
        #expect(jane.emails.map(\.value) == ["jane.doe@example.com", "jane@work.example"])
        #expect(jane.phones.map(\.value) == ["+442079460958"])
        #expect(jane.handles.map(\.description) == ["twitter:janedoe", "facebook:jane.doe.77", "instagram:jane_doe"])
        #expect(jane.attributes == ["tier": "gold", "notes": "Prefers email; \"do not call\" after 6pm"])
        #expect(jane.line == 2)

        let sam = records[1]
        #expect(sam.phones.map(\.value) == ["+14155550132"])
        #expect(sam.emails.isEmpty)
        #expect(sam.attributes.isEmpty)

        let kim = records[2]
        #expect(kim.name == "Ng, Kim")
        #expect(kim.handles.map(\.description) == ["twitter:kimng", "twitter:kim_ng_support"])
        #expect(kim.attributes == ["tier": "silver"])
    }

    @Test func acceptsColumnsInAnyOrderWithOnlyTheRequiredOnes() throws {
        let (records, _) = try read("Phones,CRM_ID,crm_source\n020 7946 0958;+1 212 555 0100,42,zendesk\n")
        #expect(records.first?.crmID == "42")
        #expect(records.first?.phones.map(\.value) == ["+12079460958", "+12125550100"])
    }

    @Test func usesTheConfiguredDefaultCountryCode() throws {
        let options = IngestOptions(normalisation: NormalisationOptions(defaultCountryCode: "44"))
        let (records, _) = try read(Array("crm_source,crm_id,phones\ncrm,1,020 7946 0958\n".utf8), options: options)
        #expect(records.first?.phones.map(\.value) == ["+442079460958"])
    }

    @Test func dropsRepeatedIdentifiersInOneCell() throws {
        let (records, _) = try read("crm_source,crm_id,emails\ncrm,1,a@example.com;A@Example.com; a@example.com ;\n")
        #expect(records.first?.emails.map(\.value) == ["a@example.com"])
    }

    @Test func rejectsMalformedIdentifiersWithLineAndField() throws {
        let text =
            "crm_source,crm_id,name,emails,phones,twitter\n"
            + "crm,1,Ok,ok@example.com,,\n"
            + "crm,2,\"Bad\nEmail\",nobody-at-example.com,,\n"
            + "crm,3,Bad Phone,,call me maybe,\n"
            + "crm,4,Bad Handle,,,@has space\n"
            + "crm,,No Id,,,\n"
            + "bad source!,5,Bad Source,,,\n"
            + "crm,6,Too,Many,Fields,,,\n"
        let (records, rejects) = try read(text)
        #expect(records.map(\.crmID) == ["1"])
        let summary = rejects.map { "\($0.error.line) \($0.error.kind.rawValue) \($0.error.field ?? "-")" }
        #expect(
            summary == [
                "3 malformed_identifier emails", "5 malformed_identifier phones", "6 malformed_identifier twitter",
                "7 missing_field crm_id", "8 malformed_identifier crm_source", "9 malformed_row -",
            ]
        )
        #expect(rejects[0].error.detail.contains("expected an email address"))
    }

    @Test func refusesAHeaderWithoutTheCRMColumns() {
        #expect(throws: InputError.self) { _ = try CustomerReader(bytes: Array("name,emails\nJane,jane@example.com\n".utf8)) }
        #expect(throws: InputError.self) { _ = try CustomerReader(bytes: Array("crm_source,crm_id,CRM_ID\n".utf8)) }
        #expect(throws: InputError.self) { _ = try CustomerReader(bytes: []) }
    }
}
