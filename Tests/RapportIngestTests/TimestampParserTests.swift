import Foundation
import Testing

@testable import RapportIngest

@Suite("Timestamp parsing")
struct TimestampParserTests {
    private func iso(_ text: String) -> Date? {
        var copy = text
        return copy.withUTF8 { try? TimestampParser.iso8601($0).get() }
    }

    private func twitter(_ text: String) -> Date? {
        var copy = text
        return copy.withUTF8 { try? TimestampParser.twitter($0).get() }
    }

    @Test func agreesWithFoundationOnManyInstants() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var generator = SeededGenerator(state: 99)
        for _ in 0..<2_000 {
            let seconds = Double(Int64.random(in: -2_000_000_000...4_000_000_000, using: &generator))
            let date = Date(timeIntervalSince1970: seconds)
            let text = formatter.string(from: date)
            #expect(iso(text) == date, "\(text)")
        }
    }

    @Test func readsTwitterDates() {
        #expect(twitter("Tue Oct 31 22:10:47 +0000 2017") == Date(timeIntervalSince1970: 1_509_487_847))
        #expect(twitter("Wed Nov 01 09:00:00 -0130 2017") == Date(timeIntervalSince1970: 1_509_532_200))
        #expect(twitter("Thu Feb 29 12:00:00 +0000 2024") == Date(timeIntervalSince1970: 1_709_208_000))
        for bad in ["Tue Oct 31 22:10:47 2017", "Tue Foo 31 22:10:47 +0000 2017", "Tue Feb 30 22:10:47 +0000 2017", "", "Xyz Oct 31 22:10:47 +0000 2017"] {
            #expect(twitter(bad) == nil, "\(bad)")
        }
    }
}
