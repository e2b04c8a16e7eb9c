import Foundation
import RapportCore

/// Writes the demo data set in Rapport's input formats (docs/formats.md): the CRM export CSV and
/// the interactions JSONL, plus the ground-truth labels.
enum DemoFileWriter {
    static let customersHeader = "crm_source,crm_id,name,emails,phones,twitter,facebook,instagram,tier,city,customer_since"

    /// One row per CRM record; identifiers are written as a CRM would hold them (mixed case,
    /// assorted phone formats, handles with or without `@`), which normalisation must reconcile.
    /// Returns the bytes written.
    static func writeCustomers(_ population: DemoPopulation, to url: URL, seed: UInt64) throws -> Int {
        var random = DemoRandom(seed: seed, stream: 8)
        let writer = try ByteFileWriter(url: url)
        writer.bytes.append(contentsOf: customersHeader.utf8)
        writer.bytes.append(10)
        for person in population.people {
            guard let crmID = person.crmID else { continue }
            let fields: [String] = [
                DemoBrand.crmSource, crmID, person.fullName,
                person.emails.map { crmEmail($0, random: &random) }.joined(separator: ";"),
                person.phones.map { crmPhone($0, random: &random) }.joined(separator: ";"),
                person.crmListsTwitter ? crmHandle(person.twitter, random: &random) : "",
                person.crmListsFacebook ? (person.facebook ?? "") : "",
                person.crmListsInstagram ? crmHandle(person.instagram, random: &random) : "",
                person.tier, person.city, person.customerSince,
            ]
            appendRow(fields, to: writer)
            try writer.flushIfFull()
        }
        for record in population.duplicateRecords {
            let person = population.people[record.person]
            let fields: [String] = [
                DemoBrand.crmSource, record.crmID, record.name, record.email,
                person.phones.map { crmPhone($0, random: &random) }.joined(separator: ";"), "", "", "", "standard",
                person.city, "2017-03-09",
            ]
            appendRow(fields, to: writer)
        }
        try writer.close()
        return writer.bytesWritten
    }

    private static func appendRow(_ fields: [String], to writer: ByteFileWriter) {
        for (index, field) in fields.enumerated() {
            if index > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            writer.bytes.append(contentsOf: TextEscaping.csvField(field).utf8)
        }
        writer.bytes.append(10)
    }

    /// One JSON object per line, fields in a fixed order, optional ones omitted when absent.
    static func writeInteractions(_ drafts: [InteractionDraft], to url: URL) throws -> Int {
        let writer = try ByteFileWriter(url: url)
        for draft in drafts {
            appendJSONLine(draft, to: &writer.bytes)
            try writer.flushIfFull()
        }
        try writer.close()
        return writer.bytesWritten
    }

    static func appendJSONLine(_ draft: InteractionDraft, to bytes: inout [UInt8]) {
        func field(_ name: String, _ value: String?, first: Bool = false) {
            guard let value else { return }
            bytes.append(contentsOf: (first ? "{\"" : ",\"").utf8)
            bytes.append(contentsOf: name.utf8)
            bytes.append(contentsOf: "\":".utf8)
            TextEscaping.appendJSONString(value, to: &bytes)
        }
        field("source", draft.source, first: true)
        field("external_id", draft.externalID)
        field("channel", draft.channel.rawValue)
        field("direction", draft.direction.rawValue)
        field("visibility", draft.visibility.rawValue)
        field("occurred_at", UTCTimestamp.string(draft.occurredAt))
        field("customer", draft.customer)
        field("thread_id", draft.threadID)
        field("in_reply_to", draft.inReplyTo)
        field("account", draft.account)
        field("body", draft.body)
        if !draft.attributes.isEmpty {
            bytes.append(contentsOf: ",\"attributes\":{".utf8)
            for (index, (name, value)) in draft.attributes.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                TextEscaping.appendJSONString(name, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                switch value {
                case .text(let text): TextEscaping.appendJSONString(text, to: &bytes)
                case .number(let number): TextEscaping.appendInteger(Int64(number), to: &bytes)
                }
            }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(contentsOf: "}\n".utf8)
    }

    /// `source,external_id,kind,theme` for every inbound interaction. Returns rows and bytes.
    static func writeLabels(_ drafts: [InteractionDraft], to url: URL) throws -> (rows: Int, bytes: Int) {
        let writer = try ByteFileWriter(url: url)
        writer.bytes.append(contentsOf: "source,external_id,kind,theme\n".utf8)
        var rows = 0
        for draft in drafts where draft.direction == .inbound {
            let line = [draft.source, draft.externalID, draft.kind?.rawValue ?? "", draft.themeKey ?? ""]
                .map(TextEscaping.csvField).joined(separator: ",")
            writer.bytes.append(contentsOf: line.utf8)
            writer.bytes.append(10)
            rows += 1
            try writer.flushIfFull()
        }
        try writer.close()
        return (rows, writer.bytesWritten)
    }

    /// An email as a CRM clerk typed it: sometimes capitalised (`Jane.Doe@Example.com`).
    static func crmEmail(_ email: String, random: inout DemoRandom) -> String {
        guard random.chance(0.3) else { return email }
        return email.split(separator: "@", omittingEmptySubsequences: false)
            .map { part in
                part.split(separator: ".", omittingEmptySubsequences: false).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(
                    separator: ".")
            }
            .joined(separator: "@")
    }

    /// A UK E.164 number (`+447700912345`) in one of the formats CRMs hold.
    static func crmPhone(_ e164: String, random: inout DemoRandom) -> String {
        let national = String(e164.dropFirst(3))
        let isLandline = national.hasPrefix("20")
        let head = isLandline ? String(national.prefix(2)) : String(national.prefix(4))
        let tail = isLandline ? String(national.dropFirst(2)) : String(national.dropFirst(4))
        switch random.below(4) {
        case 0: return "+44 \(head) \(tail)"
        case 1: return e164
        case 2: return "0044 \(head) \(tail.prefix(3)) \(tail.dropFirst(3))"
        default: return "+44-\(head)-\(tail)"
        }
    }

    /// A handle as a CRM holds it: with `@` as typed, or bare and lower-cased.
    static func crmHandle(_ handle: String?, random: inout DemoRandom) -> String {
        guard let handle else { return "" }
        return random.chance(0.5) ? "@" + handle : handle.lowercased()
    }
}
