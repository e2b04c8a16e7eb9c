import Foundation

/// Formats instants as PostgreSQL timestamptz input (`2017-10-31 22:10:47.123456+00`) without
/// Foundation's date formatters, which are slow enough to matter in bulk loads.
/// ``CopyRowWriter/field(timestamp:)`` writes the same text straight into a COPY buffer.
enum TimestampText {
    /// The UTC calendar fields of an instant, to the microsecond.
    struct Parts {
        var year: Int64, month: Int64, day: Int64
        var hour: Int64, minute: Int64, second: Int64
        var micros: Int64

        init(_ date: Date) {
            let totalMicros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
            var seconds = totalMicros / 1_000_000
            var micros = totalMicros % 1_000_000
            if micros < 0 {
                micros += 1_000_000
                seconds -= 1
            }
            var days = seconds / 86_400
            var secondOfDay = seconds % 86_400
            if secondOfDay < 0 {
                secondOfDay += 86_400
                days -= 1
            }
            // Howard Hinnant's civil_from_days.
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthIndex = (5 * dayOfYear + 2) / 153
            day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
            month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
            hour = secondOfDay / 3600
            minute = secondOfDay / 60 % 60
            second = secondOfDay % 60
            self.micros = micros
        }
    }

    static func format(_ date: Date) -> String {
        let p = Parts(date)
        var text = ""
        text.reserveCapacity(32)
        text += pad(p.year, 4) + "-" + pad(p.month, 2) + "-" + pad(p.day, 2) + " "
        text += pad(p.hour, 2) + ":" + pad(p.minute, 2) + ":" + pad(p.second, 2)
        if p.micros != 0 { text += "." + pad(p.micros, 6) }
        return text + "+00"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
