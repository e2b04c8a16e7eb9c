import Foundation
import Hummingbird
import RapportCore

/// Reading path and query parameters, each mistake a 400 problem that names the parameter.
enum RequestInput {
    /// A path parameter, percent-decoded; control characters (`%00` and the like) are refused, as
    /// no name or identifier holds one and PostgreSQL cannot take NUL.
    static func pathText(_ name: String, _ context: some RequestContext) throws -> String {
        guard let raw = context.parameters.get(name) else { throw Problem(.invalidParameter, "the path needs {\(name)}") }
        guard let decoded = raw.removingPercentEncoding, !decoded.isEmpty else {
            throw Problem(.invalidParameter, "{\(name)} is not valid percent-encoded text")
        }
        guard !decoded.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw Problem(.invalidParameter, "{\(name)} holds a control character")
        }
        return decoded
    }

    /// `{identifier}` as a normalised identifier (`twitter:@jane`, `email:...`, `profile:12`).
    static func identifier(_ name: String, _ context: some RequestContext) throws -> Identifier {
        try Identifier.parse(try pathText(name, context))
    }

    /// A positive 64-bit id from the path.
    static func id(_ name: String, _ context: some RequestContext) throws -> Int64 {
        let text = try pathText(name, context)
        guard let id = Int64(text), id > 0 else { throw Problem(.invalidParameter, "{\(name)} must be a positive integer") }
        return id
    }

    /// The timeline's `limit`, `cursor`, `since`, `until` and `channel` query parameters.
    static func timelineQuery(_ request: Request) throws -> TimelineQuery {
        let parameters = request.uri.queryParameters
        var query = TimelineQuery()
        if let text = parameters.get("limit") {
            guard let limit = Int(text), (1...1000).contains(limit) else {
                throw Problem(.invalidParameter, "limit must be an integer from 1 to 1000")
            }
            query.limit = limit
        }
        if let text = parameters.get("cursor") {
            guard let cursor = TimelineCursor(text), cursorMicros.contains(cursor.occurredAtMicros) else {
                throw Problem(.invalidParameter, "cursor must be a next_cursor value from an earlier page")
            }
            query.after = cursor
        }
        query.since = try time("since", parameters.get("since"))
        query.until = try time("until", parameters.get("until"))
        var channels: [Channel] = []
        for value in parameters.getAll("channel") {
            for name in value.split(separator: ",") {
                guard let channel = Channel(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    throw Problem(
                        .invalidParameter, "channel must be one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                if !channels.contains(channel) { channels.append(channel) }
            }
        }
        query.channels = channels
        return query
    }

    /// The instants a stored interaction can have (0001-01-01 to 10001-01-01), in microseconds: a
    /// cursor outside them overflowed PostgreSQL's interval arithmetic, a 500.
    private static let cursorMicros: ClosedRange<Int64> = -62_135_596_800_000_000...253_433_923_200_000_000
    private static let earliest = Date(timeIntervalSince1970: -62_135_596_800)  // 0001-01-01
    private static let latest = Date(timeIntervalSince1970: 253_402_300_799)  // 9999-12-31

    private static func time(_ name: String, _ text: String?) throws -> Date? {
        guard let text else { return nil }
        guard let date = APITime.parse(text), date >= earliest, date <= latest else {
            throw Problem(.invalidParameter, "\(name) must be a date (2026-11-20) or an RFC 3339 time (2026-11-20T10:00:00Z)")
        }
        return date
    }
}
