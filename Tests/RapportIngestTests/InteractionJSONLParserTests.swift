import Foundation
import RapportCore
import Testing

@testable import RapportIngest

@Suite("Interaction JSONL parser")
struct InteractionJSONLParserTests {
    private func parse(_ line: String, options: IngestOptions = .init()) throws -> InteractionRecord? {
        var parser = InteractionJSONLParser(options: options)
        return try parser.parse(line: line, number: 7)
    }

    private func date(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return try #require(formatter.date(from: text))
    }

    @Test func readsEveryFixtureChannel() throws {
        var reader = try InteractionReader(bytes: try fixtureBytes("interactions.jsonl"), format: nil)
        #expect(reader.format == .jsonl)
        let (records, rejects) = try drain(&reader)
        #expect(rejects.isEmpty)
        #expect(records.map(\.channel) == [.twitter, .twitter, .facebook, .instagram, .email, .phone, .webchat, .sms, .store, .whatsapp])
        #expect(records.map(\.line) == [1, 2, 3, 4, 5, 6, 7, 9, 10, 11])
        #expect(records.map(\.visibility) == [.public, .private, .public, .public, .private, .private, .private, .private, .private, .private])
        #expect(records.map(\.direction) == [.inbound, .outbound, .inbound, .inbound, .inbound, .inbound, .outbound, .inbound, .inbound, .inbound])
        let customers = records.map { record -> String in
            if case .identifier(let identifier) = record.customer { return identifier.description }
            return "?"
        }
        #expect(
            customers == [
                "twitter:janedoe", "twitter:janedoe", "facebook:jane.doe.77", "instagram:jane_doe", "email:jane.doe@example.com",
                "phone:+442079460958", "webchat:visitor-8f2c", "phone:+447700900123", "crm:salesforce:0031x000004TmCq", "phone:+4930901820",
            ]
        )
        #expect(records[0].body == "@AcmeHelp my parcel says delivered but it never came 😡")
        #expect(records[0].attributesJSON == #"{"lang":"en"}"#)
        #expect(records[0].threadID == "1850000000000000001")
        #expect(records[1].inReplyTo == "dm-88212")
        #expect(records[1].occurredAt == (try date("2024-03-05T14:41:12.250Z")))
        #expect(records[2].occurredAt == (try date("2024-03-06T08:02:00Z")))
        #expect(records[3].occurredAt == (try date("2024-03-06T15:15:30Z")))
        #expect(records[4].body == "Order 5521 was marked delivered but never arrived.\nPlease help.")
        #expect(records[5].attributesJSON == #"{"duration_s":412,"agent":"A-118","tags":["refund","callback"]}"#)
        #expect(records[6].body == "I’ve escalated your refund to our payments team.")
        #expect(records[6].occurredAt == (try date("2024-03-08T16:45:10.500Z")))
        #expect(records[8].externalID == "40112")
        #expect(records[8].attributesJSON == "{}")
        #expect(records[8].account == "store-112")
        #expect(records.allSatisfy { $0.source.isEmpty == false })
    }

    @Test func defaultsVisibilityFromTheChannel() throws {
        let twitter = try #require(try parse(jsonlLine(replacing: ["channel": #""twitter""#, "customer": #""twitter:@jane""#])))
        #expect(twitter.visibility == .public)
        let email = try #require(try parse(jsonlLine()))
        #expect(email.visibility == .private)
        let explicit = try #require(try parse(jsonlLine(replacing: ["visibility": "null"])))
        #expect(explicit.visibility == .private)
    }

    @Test func matchesEnumsIgnoringCase() throws {
        let record = try #require(try parse(jsonlLine(replacing: ["channel": #""EMAIL""#, "direction": #""Outbound""#, "visibility": #""Public""#])))
        #expect(record.channel == .email)
        #expect(record.direction == .outbound)
        #expect(record.visibility == .public)
    }

    @Test func decodesEveryStringEscape() throws {
        let body = #""q\" b\\ s\/ \b\f\n\r\t \u00e9 \u20AC \ud83d\ude00 end""#
        let record = try #require(try parse(jsonlLine(replacing: ["body": body])))
        #expect(record.body == "q\" b\\ s/ \u{8}\u{c}\n\r\t é € 😀 end")
    }

    @Test func decodesEscapedKeysAndIgnoresUnknownOnes() throws {
        let line = jsonlLine(replacing: ["body": nil, "b\\u006fdy": #""via escape""#, "extra": #"{"deep":[1,{"x":null}],"n":-1.5e3}"#])
        let record = try #require(try parse(line))
        #expect(record.body == "via escape")
    }

    @Test func acceptsIntegerIDsAndOptionalNulls() throws {
        let line = jsonlLine(replacing: ["external_id": "12345", "thread_id": "77", "in_reply_to": "null", "account": "null", "body": "null"])
        let record = try #require(try parse(line))
        #expect(record.externalID == "12345")
        #expect(record.threadID == "77")
        #expect(record.inReplyTo == nil)
        #expect(record.account == nil)
        #expect(record.body == nil)
    }

    @Test func returnsNilForABlankLine() throws {
        #expect(try parse("   \t ") == nil)
        #expect(try parse("") == nil)
    }

    @Test func parsesTimestampsWithOffsetsAndFractions() throws {
        let cases: [(String, String)] = [
            ("2024-03-05T14:30:00Z", "2024-03-05T14:30:00Z"),
            ("2024-03-05T14:30:00.123456789+00:00", "2024-03-05T14:30:00.123Z"),
            ("2024-03-05T14:30:00+0530", "2024-03-05T09:00:00Z"),
            ("2024-03-05 14:30:00-08", "2024-03-05T22:30:00Z"),
            ("2024-02-29T23:59:59.5-01:00", "2024-03-01T00:59:59.5Z"),
            ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ]
        for (input, expected) in cases {
            let record = try #require(try parse(jsonlLine(replacing: ["occurred_at": "\"\(input)\""])), "\(input)")
            #expect(abs(record.occurredAt.timeIntervalSince(try date(expected))) < 0.001, "\(input)")
        }
    }

    // MARK: - Rejects, one per kind, each with its line and field

    @Test func rejectsAMissingRequiredField() {
        for field in ["source", "external_id", "channel", "direction", "occurred_at", "customer"] {
            let error = jsonlError(jsonlLine(replacing: [field: nil]), number: 12)
            #expect(error?.kind == .missingField, "\(field)")
            #expect(error?.field == field)
            #expect(error?.line == 12)
        }
        #expect(jsonlError(jsonlLine(replacing: ["external_id": #""""#]))?.kind == .missingField)
        #expect(jsonlError(jsonlLine(replacing: ["source": "null"]))?.kind == .missingField)
    }

    @Test func rejectsBadTimestamps() {
        for bad in ["2024-03-05", "2024-03-05T14:30:00", "2024-13-05T14:30:00Z", "2023-02-29T10:00:00Z", "2024-03-05T24:00:00Z", "yesterday", "2024-03-05T14:30:00+25:00"] {
            let error = jsonlError(jsonlLine(replacing: ["occurred_at": "\"\(bad)\""]), number: 3)
            #expect(error?.kind == .badTimestamp, "\(bad)")
            #expect(error?.field == "occurred_at")
            #expect(error?.line == 3)
        }
        #expect(jsonlError(jsonlLine(replacing: ["occurred_at": #""2024-03-05T14:30:00""#]))?.detail.contains("offset") == true)
    }

    @Test func rejectsUnknownChannelDirectionAndVisibility() {
        let channel = jsonlError(jsonlLine(replacing: ["channel": #""telegraph""#]))
        #expect(channel?.kind == .unknownChannel)
        #expect(channel?.detail.contains("telegraph") == true)
        #expect(channel?.detail.contains("twitter") == true)
        #expect(jsonlError(jsonlLine(replacing: ["direction": #""sideways""#]))?.kind == .unknownDirection)
        #expect(jsonlError(jsonlLine(replacing: ["visibility": #""secret""#]))?.kind == .unknownVisibility)
    }

    @Test func rejectsInvalidUTF8NamingTheField() throws {
        var line = Array(jsonlLine(replacing: ["body": #""ok XX""#]).utf8)
        let marker = try #require(line.firstIndex(of: UInt8(ascii: "X")))
        line[marker] = 0xFF
        var parser = InteractionJSONLParser()
        let bytes = line
        let error = bytes.withUnsafeBufferPointer { buffer -> IngestError? in
            do throws(IngestError) {
                _ = try parser.parse(line: buffer, number: 4)
                return nil
            } catch { return error }
        }
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.field == "body")
        #expect(error?.line == 4)
    }

    @Test func rejectsMalformedIdentifiersSayingWhatWasExpected() {
        let error = jsonlError(jsonlLine(replacing: ["customer": #""email:not-an-address""#]), number: 9)
        #expect(error?.kind == .malformedIdentifier)
        #expect(error?.field == "customer")
        #expect(error?.line == 9)
        #expect(error?.detail.contains("jane@example.com") == true)
        #expect(jsonlError(jsonlLine(replacing: ["customer": #""janedoe""#]))?.kind == .malformedIdentifier)
        #expect(jsonlError(jsonlLine(replacing: ["customer": #""myspace:jane""#]))?.kind == .malformedIdentifier)
        #expect(jsonlError(jsonlLine(replacing: ["customer": #""profile:12""#]))?.kind == .malformedIdentifier)
    }

    @Test func rejectsAnOversizeBody() {
        let options = IngestOptions(maxBodyBytes: 10)
        let error = jsonlError(jsonlLine(replacing: ["body": #""more than ten bytes""#]), options: options)
        #expect(error?.kind == .oversizeField)
        #expect(error?.field == "body")
        #expect(jsonlError(jsonlLine(replacing: ["body": #""\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9""#]), options: options)?.kind == .oversizeField)
        #expect(jsonlError(jsonlLine(replacing: ["body": #""ten bytes!""#]), options: options) == nil)
    }

    @Test func rejectsOversizeAttributes() {
        let options = IngestOptions(maxAttributesBytes: 16)
        let error = jsonlError(jsonlLine(replacing: ["attributes": #"{"key":"a long value here"}"#]), options: options)
        #expect(error?.kind == .oversizeField)
        #expect(error?.field == "attributes")
    }

    @Test func rejectsMalformedJSON() {
        let bad = [
            #"{"source":"x""#, #"["not","an","object"]"#, #"{"source":"x",}"#, #"{"source":'x'}"#, #"{"source":"x"} trailing"#,
            #"{"body":"raw"#, "{\"body\":\"tab\there\"}", #"{"body":"\x"}"#, #"{"body":"\ud83d"}"#, #"{"body":"\ude00"}"#,
            #"{"n":01}"#, #"{"n":1.}"#, #"{"n":-}"#, #"{"t":tru}"#, "{\"a\":1}\u{0}",
        ]
        for line in bad {
            let error = jsonlError(line, number: 2)
            #expect(error?.kind == .malformedRow, "\(line)")
            #expect(error?.line == 2)
        }
    }

    @Test func rejectsWrongValueTypes() {
        let cases: [(String, String)] = [("channel", "5"), ("body", "true"), ("attributes", "[1]"), ("attributes", #""text""#), ("source", "12")]
        for (field, value) in cases {
            let error = jsonlError(jsonlLine(replacing: [field: value]))
            #expect(error?.kind == .malformedRow, "\(field)=\(value)")
            #expect(error?.field == field)
        }
    }

    @Test func rejectsADuplicatedKey() {
        let error = jsonlError(String(jsonlLine().dropLast()) + #","channel":"sms"}"#)
        #expect(error?.kind == .malformedRow)
        #expect(error?.field == "channel")
    }

    @Test func rejectsEscapedNulThatPostgreSQLCannotStore() {
        #expect(jsonlError(jsonlLine(replacing: ["body": #""a\u0000b""#]))?.kind == .malformedRow)
        #expect(jsonlError(jsonlLine(replacing: ["attributes": #"{"k":"a\u0000b"}"#]))?.field == "attributes")
    }

    @Test func rejectsAttributesNestedTooDeeply() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = jsonlError(jsonlLine(replacing: ["attributes": #"{"a":"# + deep + "}"]))
        #expect(error?.kind == .malformedRow)
        #expect(error?.detail.contains("nesting") == true)
        let allowed = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(jsonlError(jsonlLine(replacing: ["attributes": #"{"a":"# + allowed + "}"])) == nil)
    }
}
