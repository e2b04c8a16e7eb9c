import Foundation

/// ISO-8601 UTC timestamps (`2026-11-20T14:03:11Z`) written straight from Unix seconds.
///
/// The generators write millions of timestamps; a formatter object per row would dominate the
/// cost, so this converts days to a civil date with integer arithmetic (Hinnant's algorithm).
enum UTCTimestamp {
    static let secondsPerDay: Int64 = 86_400

    /// Appends `seconds` (since 1970-01-01T00:00:00Z) as `YYYY-MM-DDTHH:MM:SSZ`.
    static func append(_ seconds: Int64, to bytes: inout [UInt8]) {
        let days = floorDivide(seconds, secondsPerDay)
        let secondOfDay = seconds - days * secondsPerDay
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        appendDigits(year, count: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// The same text as a `String`.
    static func string(_ seconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        append(seconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `date` as whole Unix seconds (rounded down).
    static func seconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// Midnight UTC at the start of the day that contains `date`.
    static func startOfDay(containing date: Date) -> Date {
        let days = floorDivide(seconds(date), secondsPerDay)
        return Date(timeIntervalSince1970: TimeInterval(days * secondsPerDay))
    }

    /// The weekday name of the UTC day containing `seconds` (1970-01-01 was a Thursday).
    static func weekdayName(_ seconds: Int64) -> String {
        let names = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]
        let days = floorDivide(seconds, secondsPerDay)
        return names[Int(((days % 7) + 7) % 7)]
    }

    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    private static func appendDigits(_ value: Int64, count: Int, to bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(truncatingIfNeeded: 48 + (rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
