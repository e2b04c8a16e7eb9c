import Foundation

/// Parses the timestamps Rapport's inputs carry straight from UTF-8 bytes, without a
/// `DateFormatter` (which would cost more than the rest of a row's parsing).
enum TimestampParser {
    /// Why a timestamp was refused, worded for the rejects file.
    enum Failure: Error {
        case syntax
        case twitterSyntax
        case missingOffset
        case outOfRange(String)
        case beforeYearOne

        var detail: String {
            switch self {
            case .syntax:
                "expected an ISO-8601 timestamp with an offset, like 2024-03-05T14:30:00Z or 2024-03-05T14:30:00.250+01:00"
            case .twitterSyntax:
                "expected a Twitter timestamp like Tue Oct 31 22:10:47 +0000 2017"
            case .missingOffset:
                "the timestamp has no UTC offset; add Z or ±HH:MM, like 2024-03-05T14:30:00+01:00"
            case .outOfRange(let what): "the timestamp's \(what) is out of range"
            case .beforeYearOne:
                "the timestamp is before 0001-01-01T00:00:00Z once its UTC offset is applied, which PostgreSQL cannot store"
            }
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM|±HH)`; `t` or a space may stand for `T`.
    static func iso8601(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Date, Failure> {
        var cursor = ByteCursor(bytes: bytes)
        guard let year = cursor.digits(4), cursor.take(0x2D), let month = cursor.digits(2), cursor.take(0x2D),
            let day = cursor.digits(2)
        else { return .failure(.syntax) }
        guard cursor.take(0x54) || cursor.take(0x74) || cursor.take(0x20) else { return .failure(.syntax) }
        guard let hour = cursor.digits(2), cursor.take(0x3A), let minute = cursor.digits(2), cursor.take(0x3A),
            let second = cursor.digits(2)
        else { return .failure(.syntax) }
        var nanoseconds = 0
        if cursor.take(0x2E) || cursor.take(0x2C) {
            var count = 0
            while let digit = cursor.digit() {
                if count < 9 { nanoseconds = nanoseconds * 10 + digit }
                count += 1
            }
            guard count > 0 else { return .failure(.syntax) }
            for _ in min(count, 9)..<9 { nanoseconds *= 10 }
        }
        var offsetSeconds = 0
        if cursor.take(0x5A) || cursor.take(0x7A) {
            // UTC
        } else if cursor.peek == 0x2B || cursor.peek == 0x2D {
            let sign = cursor.peek == 0x2D ? -1 : 1
            cursor.advance()
            guard let offsetHours = cursor.digits(2) else { return .failure(.syntax) }
            var offsetMinutes = 0
            if cursor.take(0x3A) {
                guard let minutes = cursor.digits(2) else { return .failure(.syntax) }
                offsetMinutes = minutes
            } else if let minutes = cursor.digits(2) {
                offsetMinutes = minutes
            }
            guard offsetHours <= 23, offsetMinutes <= 59 else { return .failure(.outOfRange("UTC offset")) }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else if cursor.isAtEnd {
            return .failure(.missingOffset)
        } else {
            return .failure(.syntax)
        }
        guard cursor.isAtEnd else { return .failure(.syntax) }
        return civilDate(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            nanoseconds: nanoseconds, offsetSeconds: offsetSeconds
        )
    }

    private static let monthNames: [(UInt8, UInt8, UInt8)] = [
        (0x4A, 0x61, 0x6E), (0x46, 0x65, 0x62), (0x4D, 0x61, 0x72), (0x41, 0x70, 0x72), (0x4D, 0x61, 0x79), (0x4A, 0x75, 0x6E),
        (0x4A, 0x75, 0x6C), (0x41, 0x75, 0x67), (0x53, 0x65, 0x70), (0x4F, 0x63, 0x74), (0x4E, 0x6F, 0x76), (0x44, 0x65, 0x63),
    ]
    private static let weekdayNames: [(UInt8, UInt8, UInt8)] = [
        (0x4D, 0x6F, 0x6E), (0x54, 0x75, 0x65), (0x57, 0x65, 0x64), (0x54, 0x68, 0x75), (0x46, 0x72, 0x69), (0x53, 0x61, 0x74),
        (0x53, 0x75, 0x6E),
    ]

    /// Twitter's `created_at`: `Tue Oct 31 22:10:47 +0000 2017`.
    static func twitter(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Date, Failure> {
        var cursor = ByteCursor(bytes: bytes)
        guard let weekday = cursor.word3(), weekdayNames.contains(where: { $0 == weekday }), cursor.take(0x20),
            let monthName = cursor.word3(), let monthIndex = monthNames.firstIndex(where: { $0 == monthName }), cursor.take(0x20)
        else { return .failure(.twitterSyntax) }
        _ = cursor.take(0x20)
        guard let day = cursor.digits(2) ?? cursor.digits(1), cursor.take(0x20),
            let hour = cursor.digits(2), cursor.take(0x3A), let minute = cursor.digits(2), cursor.take(0x3A),
            let second = cursor.digits(2), cursor.take(0x20)
        else { return .failure(.twitterSyntax) }
        guard cursor.peek == 0x2B || cursor.peek == 0x2D else { return .failure(.twitterSyntax) }
        let sign = cursor.peek == 0x2D ? -1 : 1
        cursor.advance()
        guard let offsetHours = cursor.digits(2), let offsetMinutes = cursor.digits(2), cursor.take(0x20),
            let year = cursor.digits(4), cursor.isAtEnd
        else { return .failure(.twitterSyntax) }
        guard offsetHours <= 23, offsetMinutes <= 59 else { return .failure(.outOfRange("UTC offset")) }
        return civilDate(
            year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second,
            nanoseconds: 0, offsetSeconds: sign * (offsetHours * 3600 + offsetMinutes * 60)
        )
    }

    private static func civilDate(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanoseconds: Int, offsetSeconds: Int
    ) -> Result<Date, Failure> {
        guard year >= 1 else { return .failure(.outOfRange("year")) }
        guard month >= 1, month <= 12 else { return .failure(.outOfRange("month")) }
        guard day >= 1, day <= daysInMonth(month, year: year) else { return .failure(.outOfRange("day")) }
        guard hour <= 23 else { return .failure(.outOfRange("hour")) }
        guard minute <= 59 else { return .failure(.outOfRange("minute")) }
        guard second <= 59 else { return .failure(.outOfRange("second")) }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offsetSeconds
        guard seconds >= earliestSeconds else { return .failure(.beforeYearOne) }
        return .success(Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1_000_000_000))
    }

    /// 0001-01-01T00:00:00Z: PostgreSQL refuses year 0 in text input, so `0001-01-01T00:30:00+01:00`
    /// (year 0 in UTC) would fail a whole batch's load.
    static let earliestSeconds = -62_135_596_800

    private static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// A read position over bytes with the few matchers the timestamp grammars need.
private struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var isAtEnd: Bool { index >= bytes.count }
    var peek: UInt8 { index < bytes.count ? bytes[index] : 0 }

    mutating func advance() { index += 1 }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int? {
        let byte = peek
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        index += 1
        return Int(byte - 0x30)
    }

    /// Exactly `count` digits as a number; consumes nothing when they are not all there.
    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<count {
            let byte = bytes[index + offset]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        index += count
        return value
    }

    mutating func word3() -> (UInt8, UInt8, UInt8)? {
        guard index + 3 <= bytes.count else { return nil }
        defer { index += 3 }
        return (bytes[index], bytes[index + 1], bytes[index + 2])
    }
}
