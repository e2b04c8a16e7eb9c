import Foundation

/// A date that encodes as ISO-8601 text (`2024-03-05T14:02:11Z`) whatever the encoder's date
/// strategy, so the report's JSON keeps its documented shape even when the caller uses a plain
/// `JSONEncoder`. Decoding accepts the same text with or without fractional seconds.
@propertyWrapper
public struct ISO8601Date: Sendable, Hashable, Codable {
    public var wrappedValue: Date

    public init(wrappedValue: Date) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = Self.parse(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected an ISO-8601 date, got '\(text)'")
            )
        }
        wrappedValue = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Self.format(wrappedValue))
    }

    /// `2024-03-05T14:02:11Z` (UTC, whole seconds).
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// Parses ISO-8601 text with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(timeZone: .gmt)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
