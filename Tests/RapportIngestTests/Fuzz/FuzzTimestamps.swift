import Foundation
import RapportFuzzSupport

/// Timestamps for the fuzz generators, with the instant Foundation's calendar gives for them (an
/// oracle independent of Rapport's hand-written parser).
struct FuzzTimestamp {
    var text: String
    /// The instant, when the text is valid and Foundation can tell it (years from 1600 on, where its
    /// Gregorian calendar is proleptic); nil when valid but not checked.
    var instant: Date?
    var isValid: Bool

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// A valid ISO-8601 timestamp in one of the accepted spellings.
    static func iso(_ random: inout FuzzRandom) -> FuzzTimestamp {
        let year = random.chance(0.05) ? random.int(in: 1...1599) : random.int(in: 1600...9998)
        let month = random.int(in: 1...12)
        let day = random.int(in: 1...28)
        let (hour, minute, second) = (random.int(in: 0...23), random.int(in: 0...59), random.int(in: 0...59))
        let fractionDigits = random.chance(0.3) ? random.int(in: 1...12) : 0
        let fraction = String((0..<fractionDigits).map { _ in Character(String(random.int(in: 0...9))) })
        let offsetMinutes = random.chance(0.4) ? 0 : random.int(in: -(23 * 60 + 59)...(23 * 60 + 59))
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + random.pick(["T", "t", " "])
        text += pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if fractionDigits > 0 { text += random.pick([".", ","]) + fraction }
        if offsetMinutes == 0 && random.chance(0.7) {
            text += random.pick(["Z", "z"])
        } else {
            let sign = offsetMinutes < 0 ? "-" : "+"
            let (hours, minutes) = (abs(offsetMinutes) / 60, abs(offsetMinutes) % 60)
            if minutes == 0 && random.chance(0.3) {
                text += sign + pad(hours, 2)
            } else {
                text += sign + pad(hours, 2) + random.pick([":", ""]) + pad(minutes, 2)
            }
        }
        var instant: Date?
        if year >= 1600,
            let civil = utc.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
        {
            let nanoseconds = Double(Int(fraction.prefix(9).padding(toLength: 9, withPad: "0", startingAt: 0)) ?? 0)
            instant = civil.addingTimeInterval(nanoseconds / 1e9 - Double(offsetMinutes * 60))
        }
        return FuzzTimestamp(text: text, instant: instant, isValid: true)
    }

    /// A timestamp that must be refused: out-of-range parts, a missing offset, broken syntax, an
    /// instant before year 1 in UTC (which PostgreSQL cannot store).
    static func invalid(_ random: inout FuzzRandom) -> FuzzTimestamp {
        let text = random.pick([
            "2024-13-05T14:30:00Z", "2024-00-05T14:30:00Z", "2024-02-30T14:30:00Z", "2023-02-29T14:30:00Z", "2024-04-31T00:00:00Z",
            "2024-03-05T24:00:00Z", "2024-03-05T14:60:00Z", "2024-03-05T14:30:60Z", "2024-03-05T14:30:00+24:00",
            "2024-03-05T14:30:00+01:60", "2024-03-05T14:30:00", "2024-03-05T14:30Z", "2024-03-05", "24-03-05T14:30:00Z",
            "2024-03-05T14:30:00.Z", "2024-03-05T14:30:00ZZ", "2024-03-05T14:30:00+1", "2024-03-05T14:30:00 +01:00",
            "0000-06-01T00:00:00Z", "0001-01-01T00:30:00+01:00", "0001-01-01T00:00:00+00:01", "٢٠٢٤-03-05T14:30:00Z",
            "2024-03-05T14:30:00Z\u{0301}", "Tue Oct 31 22:10:47 +0000 2017", "2024-03-05T14:30:00+01:00:00", "-2024-03-05T14:30:00Z",
            "+12024-03-05T14:30:00Z", "2024/03/05T14:30:00Z", "'; DROP TABLE interactions; --", "<script>alert(1)</script>",
        ])
        return FuzzTimestamp(text: text, instant: nil, isValid: false)
    }

    /// Twitter's `created_at` form (`Tue Oct 31 22:10:47 +0000 2017`), valid.
    static func twitter(_ random: inout FuzzRandom) -> FuzzTimestamp {
        let year = random.int(in: 2006...2030)
        let month = random.int(in: 1...12)
        let day = random.int(in: 1...28)
        let (hour, minute, second) = (random.int(in: 0...23), random.int(in: 0...59), random.int(in: 0...59))
        let offsetMinutes = random.chance(0.8) ? 0 : random.int(in: -(12 * 60)...(14 * 60))
        guard let civil = utc.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
        else {
            return FuzzTimestamp(text: "Tue Oct 31 22:10:47 +0000 2017", instant: Date(timeIntervalSince1970: 1_509_487_847), isValid: true)
        }
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][utc.component(.weekday, from: civil) - 1]
        let monthName = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]
        let sign = offsetMinutes < 0 ? "-" : "+"
        let offset = sign + pad(abs(offsetMinutes) / 60, 2) + pad(abs(offsetMinutes) % 60, 2)
        let text = "\(weekday) \(monthName) \(pad(day, 2)) \(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)) \(offset) \(year)"
        return FuzzTimestamp(text: text, instant: civil.addingTimeInterval(-Double(offsetMinutes * 60)), isValid: true)
    }
}
