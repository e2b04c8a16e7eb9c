import RapportCore

/// Maps a CRM export CSV onto ``CustomerRecord``s.
///
/// Header: `crm_source,crm_id,name,emails,phones,twitter,facebook,instagram`, in any order; only
/// `crm_source` and `crm_id` are required. A cell may hold several values separated by `;`. Every
/// other column is kept, by its header name, in ``CustomerRecord/attributes`` (empty cells are
/// left out). `crm_source` is lower-cased (it is part of the CRM identity); `crm_id` keeps its case.
public struct CustomerCSVParser {
    /// The columns a CRM CSV must have.
    public static let requiredColumns = ["crm_source", "crm_id"]
    /// The columns Rapport understands; any other is an attribute.
    public static let knownColumns = ["crm_source", "crm_id", "name", "emails", "phones", "twitter", "facebook", "instagram"]

    public let options: IngestOptions
    private let names: [String]
    private let source: Int, id: Int
    private let name: Int?, emails: Int?, phones: Int?
    private let handleColumns: [(index: Int, kind: IdentifierKind)]
    private let attributeColumns: [Int]
    private let asciiIdentifiers: ASCIIIdentifierParser

    /// Resolves the columns from the header row's fields.
    public init(header: [String], options: IngestOptions = .init()) throws(InputError) {
        try self.init(header: try CSVHeader(header), options: options)
    }

    init(header: CSVHeader, options: IngestOptions) throws(InputError) {
        let required = try header.require(Self.requiredColumns, format: "CRM customer CSV")
        source = required[0]
        id = required[1]
        name = header.index(of: "name")
        emails = header.index(of: "emails")
        phones = header.index(of: "phones")
        handleColumns = [IdentifierKind.twitter, .facebook, .instagram].compactMap { kind in
            header.index(of: kind.rawValue).map { (index: $0, kind: kind) }
        }
        let known = Set(Self.knownColumns.compactMap { header.index(of: $0) })
        attributeColumns = header.names.indices.filter { !known.contains($0) }
        names = header.names
        self.options = options
        self.asciiIdentifiers = ASCIIIdentifierParser(options: options.normalisation)
    }

    /// Maps one data record; throws the row's first problem.
    public func parse(_ record: CSVRecord) throws(IngestError) -> CustomerRecord {
        let line = record.line
        let fields = record.fields
        guard fields.count == names.count else {
            throw IngestError(kind: .malformedRow, line: line, detail: "expected \(names.count) fields, found \(fields.count)")
        }
        let crmSource = try required(fields[source], "crm_source", line: line).lowercased()
        let crmID = try required(fields[id], "crm_id", line: line)
        // The source must be one token: with a ':' in it, `crm:a:b` + `1` and `crm:a` + `b:1` would be
        // one identity, and two CRM records would be linked to one profile.
        guard crmSource.utf8.allSatisfy(Self.isSourceByte) else {
            throw IngestError(
                kind: .malformedIdentifier, line: line, field: "crm_source",
                detail: "'\(crmSource.prefix(40))' is not a CRM source name (letters, digits, _ - . only), like salesforce or hubspot"
            )
        }
        do {
            _ = try asciiIdentifiers.identifier(kind: .crm, rawValue: "\(crmSource):\(crmID)", options: options.normalisation)
        } catch {
            throw IngestError(kind: .malformedIdentifier, line: line, field: "crm_id", detail: error.description)
        }
        var displayName: String?
        if let name {
            let text = fields[name].trimmingWhitespaceQuickly()
            guard text.utf8.count <= options.maxShortFieldBytes else {
                throw IngestError(kind: .oversizeField, line: line, field: "name", detail: "longer than \(options.maxShortFieldBytes) bytes")
            }
            displayName = text.isEmpty ? nil : text
        }
        let emailList = try identifiers(emails.map { fields[$0] }, kind: .email, field: "emails", line: line)
        let phoneList = try identifiers(phones.map { fields[$0] }, kind: .phone, field: "phones", line: line)
        var handles: [Identifier] = []
        for column in handleColumns {
            handles += try identifiers(fields[column.index], kind: column.kind, field: column.kind.rawValue, line: line)
        }
        var attributes: [String: String] = [:]
        for index in attributeColumns where !fields[index].trimmingWhitespaceQuickly().isEmpty {
            attributes[names[index]] = fields[index]
        }
        return CustomerRecord(
            crmSource: crmSource, crmID: crmID, name: displayName, emails: emailList, phones: phoneList,
            handles: handles, attributes: attributes, line: line
        )
    }

    /// ASCII letters, digits, `_`, `-` and `.`: what a CRM source name may hold (lower-cased already).
    private static func isSourceByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte == 0x2D
            || byte == 0x2E
    }

    private func required(_ value: String, _ field: String, line: Int) throws(IngestError) -> String {
        let trimmed = value.trimmingWhitespaceQuickly()
        guard !trimmed.isEmpty else { throw IngestError(kind: .missingField, line: line, field: field, detail: "required, but empty") }
        guard trimmed.utf8.count <= options.maxShortFieldBytes else {
            throw IngestError(kind: .oversizeField, line: line, field: field, detail: "longer than \(options.maxShortFieldBytes) bytes")
        }
        return trimmed
    }

    /// The `;`-separated identifiers of one cell, normalised, without repeats, in order.
    private func identifiers(_ cell: String?, kind: IdentifierKind, field: String, line: Int) throws(IngestError) -> [Identifier] {
        guard let cell, !cell.isEmpty else { return [] }
        var found: [Identifier] = []
        // A linear search for the usual handful; a set once a cell holds many (a hostile 1 MiB cell
        // of distinct emails made the search quadratic: minutes for one row).
        var seen: Set<Identifier>?
        for part in cell.utf8.split(separator: 0x3B) {
            let text = Substring(part)
            if text.trimmingWhitespaceQuickly().isEmpty { continue }
            do {
                let identifier = try asciiIdentifiers.identifier(kind: kind, rawValue: text, options: options.normalisation)
                if seen != nil {
                    if seen?.insert(identifier).inserted == true { found.append(identifier) }
                } else if !found.contains(identifier) {
                    found.append(identifier)
                    if found.count == 16 { seen = Set(found) }
                }
            } catch {
                throw IngestError(kind: .malformedIdentifier, line: line, field: field, detail: error.description)
            }
        }
        return found
    }
}
