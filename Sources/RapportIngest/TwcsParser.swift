import Foundation
import RapportCore

/// Maps the "Customer Support on Twitter" CSV (twcs) onto interactions.
///
/// Columns: `tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id`
/// (any order; `response_tweet_id` optional). Every tweet is a public `twitter` interaction of
/// source `twcs` whose external id is the tweet id. A customer's tweet (`inbound=True`) belongs to
/// `twitter:<author_id>`. A brand's tweet (`inbound=False`) belongs to the customer of the tweet it
/// answers (``CustomerReference/customerOf(externalID:)``), with the brand as `account`; a brand
/// tweet that answers nothing has no customer and is rejected (`unresolved_reply`).
public struct TwcsParser {
    /// The `source` of every twcs interaction.
    public static let source = "twcs"
    /// The columns a twcs header must have.
    public static let requiredColumns = ["tweet_id", "author_id", "inbound", "created_at", "text", "in_response_to_tweet_id"]

    public let options: IngestOptions
    private let columnCount: Int
    private let tweetID: Int, authorID: Int, inbound: Int, createdAt: Int, text: Int, inResponseTo: Int
    private let responseTweetID: Int?
    private let asciiIdentifiers: ASCIIIdentifierParser

    /// Resolves the columns from the header row's fields.
    public init(header: [String], options: IngestOptions = .init()) throws(InputError) {
        try self.init(header: try CSVHeader(header), options: options)
    }

    init(header: CSVHeader, options: IngestOptions) throws(InputError) {
        let indexes = try header.require(Self.requiredColumns, format: "twcs")
        (tweetID, authorID, inbound, createdAt, text, inResponseTo) = (indexes[0], indexes[1], indexes[2], indexes[3], indexes[4], indexes[5])
        responseTweetID = header.index(of: "response_tweet_id")
        columnCount = header.names.count
        self.options = options
        self.asciiIdentifiers = ASCIIIdentifierParser(options: options.normalisation)
    }

    /// Maps one data record; throws the row's first problem.
    public func parse(_ record: CSVRecord) throws(IngestError) -> InteractionRecord {
        let line = record.line
        guard record.fields.count == columnCount else {
            throw IngestError(kind: .malformedRow, line: line, detail: "expected \(columnCount) fields, found \(record.fields.count)")
        }
        let fields = record.fields
        let tweet = try required(fields[tweetID], "tweet_id", line: line)
        let author = try required(fields[authorID], "author_id", line: line)
        let isInbound = try direction(fields[inbound], line: line)
        let occurredAt = try timestamp(fields[createdAt], line: line)
        let body = fields[text]
        guard body.utf8.count <= options.maxBodyBytes else {
            throw IngestError(kind: .oversizeField, line: line, field: "text", detail: "\(body.utf8.count) bytes, more than the limit of \(options.maxBodyBytes)")
        }
        let answered = fields[inResponseTo].split(separator: ",").first.map { $0.trimmingWhitespaceQuickly() }.flatMap { $0.isEmpty ? nil : $0 }
        if let answered, answered.utf8.count > options.maxShortFieldBytes {
            throw IngestError(kind: .oversizeField, line: line, field: "in_response_to_tweet_id", detail: "longer than \(options.maxShortFieldBytes) bytes")
        }
        let customer: CustomerReference
        var account: String?
        if isInbound {
            do {
                customer = .identifier(try asciiIdentifiers.identifier(kind: .twitter, rawValue: author, options: options.normalisation))
            } catch {
                throw IngestError(kind: .malformedIdentifier, line: line, field: "author_id", detail: error.description)
            }
        } else {
            guard let answered else {
                throw IngestError(
                    kind: .unresolvedReply, line: line, field: "in_response_to_tweet_id",
                    detail: "a brand tweet (inbound=False) that answers no tweet: no customer to attach it to"
                )
            }
            customer = .customerOf(externalID: answered)
            account = author
        }
        var attributes = "{}"
        if let responseTweetID {
            let responses = fields[responseTweetID].trimmingWhitespaceQuickly()
            if !responses.isEmpty { attributes = JSONText.object([("response_tweet_id", responses)]) }
        }
        return InteractionRecord(
            source: Self.source, externalID: tweet, channel: .twitter, direction: isInbound ? .inbound : .outbound,
            visibility: .public, occurredAt: occurredAt, customer: customer, inReplyTo: answered, account: account,
            body: body.isEmpty ? nil : body, attributesJSON: attributes, line: line
        )
    }

    private func required(_ value: String, _ field: String, line: Int) throws(IngestError) -> String {
        let trimmed = value.trimmingWhitespaceQuickly()
        guard !trimmed.isEmpty else { throw IngestError(kind: .missingField, line: line, field: field, detail: "required, but empty") }
        guard trimmed.utf8.count <= options.maxShortFieldBytes else {
            throw IngestError(kind: .oversizeField, line: line, field: field, detail: "longer than \(options.maxShortFieldBytes) bytes")
        }
        return trimmed
    }

    private func direction(_ value: String, line: Int) throws(IngestError) -> Bool {
        switch value.trimmingWhitespace().lowercased() {
        case "true": return true
        case "false": return false
        case "": throw IngestError(kind: .missingField, line: line, field: "inbound", detail: "required, but empty")
        default:
            throw IngestError(kind: .unknownDirection, line: line, field: "inbound", detail: "'\(value.prefix(40))' is not True (customer) or False (brand)")
        }
    }

    private func timestamp(_ value: String, line: Int) throws(IngestError) -> Date {
        var text = value.trimmingWhitespaceQuickly()
        guard !text.isEmpty else { throw IngestError(kind: .missingField, line: line, field: "created_at", detail: "required, but empty") }
        let parsed = text.withUTF8 { bytes in
            switch TimestampParser.twitter(bytes) {
            case .success(let date): Result<Date, TimestampParser.Failure>.success(date)
            case .failure(let failure): TimestampParser.iso8601(bytes).mapError { _ in failure }
            }
        }
        switch parsed {
        case .success(let date): return date
        case .failure(let failure):
            throw IngestError(kind: .badTimestamp, line: line, field: "created_at", detail: "'\(value.prefix(40))': \(failure.detail)")
        }
    }
}
