import Foundation
import RapportCore
import Testing

@testable import RapportIngest

@Suite("twcs (Customer Support on Twitter) CSV")
struct TwcsParserTests {
    private let header = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"

    @Test func mapsCustomerAndBrandTweets() throws {
        var reader = try InteractionReader(bytes: try fixtureBytes("twcs_sample.csv"), format: nil)
        #expect(reader.format == .twcs)
        let (records, rejects) = try drain(&reader)
        #expect(records.map(\.externalID) == ["101", "102", "103", "104", "106"])
        #expect(records.allSatisfy { $0.source == "twcs" && $0.channel == .twitter && $0.visibility == .public })

        let brandReply = records[0]
        #expect(brandReply.direction == .outbound)
        #expect(brandReply.customer == .customerOf(externalID: "103"))
        #expect(brandReply.account == "AcmeHelp")
        #expect(brandReply.inReplyTo == "103")
        #expect(brandReply.attributesJSON == #"{"response_tweet_id":"102"}"#)
        #expect(brandReply.occurredAt == Date(timeIntervalSince1970: 1_509_487_847))
        #expect(brandReply.line == 2)

        let customerTweet = records[2]
        #expect(customerTweet.direction == .inbound)
        #expect(customerTweet.customer == .identifier(Identifier(kind: .twitter, normalisedValue: "900001")))
        #expect(customerTweet.account == nil)
        #expect(customerTweet.inReplyTo == nil)
        #expect(customerTweet.body == "@AcmeHelp my parcel was \"delivered\" yesterday\nbut it is not here.\nAgain!")
        #expect(customerTweet.attributesJSON == #"{"response_tweet_id":"101,104"}"#)
        #expect(customerTweet.line == 4)

        // The record after the three-line tweet starts on line 7.
        #expect(records[3].line == 7)
        #expect(records[4].customer == .identifier(Identifier(kind: .twitter, normalisedValue: "jane_smith")))
        #expect(records[4].body == "@AcmeHelp thanks, all sorted 👍")

        let unresolved = try #require(rejects.first)
        #expect(rejects.count == 1)
        #expect(unresolved.error.kind == .unresolvedReply)
        #expect(unresolved.error.line == 8)
        #expect(unresolved.error.field == "in_response_to_tweet_id")
        #expect(unresolved.raw.hasPrefix("105,AcmeHelp,False"))
    }

    @Test func acceptsColumnsInAnyOrderAndWithoutResponseIDs() throws {
        let text = "inbound,tweet_id,text,author_id,in_response_to_tweet_id,created_at\nTrue,7,hi,4242,,Mon Jan 01 00:00:00 +0100 2018\n"
        let (records, rejects) = try readInteractions(text, format: .twcs)
        #expect(rejects.isEmpty)
        #expect(records.first?.externalID == "7")
        #expect(records.first?.attributesJSON == "{}")
        #expect(records.first?.occurredAt == Date(timeIntervalSince1970: 1_514_761_200))
    }

    @Test func rejectsEachBadRowKindWithItsLine() throws {
        let text =
            header
            + "1,111,True,Tue Oct 31 22:10:47 +0000 2017,ok,,\n"
            + "2,111,Maybe,Tue Oct 31 22:10:47 +0000 2017,bad inbound,,\n"
            + "3,111,True,31/10/2017 22:10,bad date,,\n"
            + "4,,True,Tue Oct 31 22:10:47 +0000 2017,no author,,\n"
            + "5,bad handle!,True,Tue Oct 31 22:10:47 +0000 2017,bad author,,\n"
            + "6,111,True,Tue Oct 31 22:10:47 +0000 2017,too,many,fields,\n"
            + "7,Brand,False,Tue Oct 31 22:10:47 +0000 2017,answers nothing,,\n"
            + "8,111,True,Tue Oct 31 22:10:47 +0000 2017,\"multi\nline\",,\n"
            + "9,111,True,Tue Oct 31 22:10:47 +0000 2017,\"" + String(repeating: "x", count: 40) + "\",,\n"
            + "10,111,True,Tue Oct 31 22:10:47 +0000 2017,\"never closed,,\n"
        let (records, rejects) = try readInteractions(text, options: IngestOptions(maxBodyBytes: 32))
        #expect(records.map(\.externalID) == ["1", "8"])
        let summary = rejects.map { "\($0.error.line) \($0.error.kind.rawValue) \($0.error.field ?? "-")" }
        #expect(
            summary == [
                "3 unknown_direction inbound", "4 bad_timestamp created_at", "5 missing_field author_id",
                "6 malformed_identifier author_id", "7 malformed_row -", "8 unresolved_reply in_response_to_tweet_id",
                "11 oversize_field text", "12 malformed_row text",
            ]
        )
    }

    @Test func refusesAHeaderWithoutRequiredColumns() {
        #expect(throws: InputError.self) {
            _ = try InteractionReader(bytes: Array("tweet_id,author_id,inbound\n1,2,True\n".utf8), format: .twcs)
        }
    }
}
