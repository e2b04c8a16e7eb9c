import Foundation
import RapportCore
import RapportDemo
import Testing

@Suite("Demo data generator: files and determinism")
struct DemoGeneratorTests {
    static let files = [
        DemoGenerator.customersFile, DemoGenerator.interactionsFile, DemoGenerator.labelsFile, DemoGenerator.summaryFile,
    ]

    private func contents(of directory: URL) throws -> [Data] {
        try Self.files.map { try Data(contentsOf: directory.appendingPathComponent($0)) }
    }

    @Test func sameSeedAndEndWriteByteIdenticalFiles() throws {
        let first = try DemoFixture(customers: 80, seed: 7)
        let second = try DemoFixture(customers: 80, seed: 7)
        defer {
            try? FileManager.default.removeItem(at: first.directory)
            try? FileManager.default.removeItem(at: second.directory)
        }
        #expect(try contents(of: first.directory) == contents(of: second.directory))
        #expect(first.summary == second.summary)
    }

    @Test func differentSeedWritesDifferentData() throws {
        let first = try DemoFixture(customers: 80, seed: 7)
        let other = try DemoFixture(customers: 80, seed: 8)
        defer {
            try? FileManager.default.removeItem(at: first.directory)
            try? FileManager.default.removeItem(at: other.directory)
        }
        let firstFiles = try contents(of: first.directory)
        let otherFiles = try contents(of: other.directory)
        #expect(firstFiles[0] != otherFiles[0])
        #expect(firstFiles[1] != otherFiles[1])
        #expect(first.summary.showcase.identifier != other.summary.showcase.identifier)
    }

    @Test func differentEndShiftsThePeriod() throws {
        let later = try DemoFixture(customers: 80, seed: 7, end: DemoFixture.end.addingTimeInterval(86_400))
        defer { try? FileManager.default.removeItem(at: later.directory) }
        #expect(later.summary.periodEnd == "2026-11-24T00:00:00Z")
        #expect(later.summary.periodStart == "2026-10-25T00:00:00Z")
    }

    @Test func defaultEndIsMidnightStartingTheCurrentUTCDay() {
        let now = Date(timeIntervalSince1970: 1_795_392_000 + 13 * 3600 + 5)
        #expect(DemoGenerator.defaultEnd(now: now) == DemoFixture.end)
    }

    @Test func refusesTooFewCustomersToPlantTheFlaws() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-demo-\(UUID().uuidString)")
        #expect(throws: DemoDataError.self) {
            try DemoGenerator(customers: 10, seed: 1, end: DemoFixture.end).write(to: directory)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test func everyInteractionLineIsValidWithRequiredFieldsAndIdentifiers() throws {
        let demo = try DemoFixture.shared.get()
        let start = try #require(DemoFixture.parseTimestamp(demo.summary.periodStart))
        #expect(demo.rows.count == demo.summary.interactions)
        #expect(demo.rows.count > demo.summary.customers * 3)
        for row in demo.rows {
            #expect(!row.source.isEmpty && !row.externalID.isEmpty)
            #expect(Channel(rawValue: row.channel) != nil, "channel \(row.channel)")
            #expect(Direction(rawValue: row.direction) != nil, "direction \(row.direction)")
            #expect(Visibility(rawValue: row.visibility) != nil, "visibility \(row.visibility)")
            let date = try #require(row.date, "occurred_at \(row.occurredAt)")
            #expect(date >= start && date < DemoFixture.end, "\(row.occurredAt) outside the period")
            #expect(throws: Never.self, "customer \(row.customer)") { try Identifier.parse(row.customer) }
            #expect(!(row.body ?? "").isEmpty)
        }
    }

    @Test func externalIDsAreUniqueAndRepliesPointAtEarlierMessagesOfTheSameCustomer() throws {
        let demo = try DemoFixture.shared.get()
        var seen: [String: DemoRow] = [:]
        for row in demo.rows {
            #expect(seen[row.key] == nil, "duplicate \(row.key)")
            if let parentID = row.inReplyTo {
                let parent = try #require(seen["\(row.source)/\(parentID)"], "\(row.key) replies to unknown or later \(parentID)")
                #expect(parent.customer == row.customer)
                #expect(parent.channel == row.channel)
            }
            seen[row.key] = row
        }
        let outbound = demo.rows.filter { $0.direction == "outbound" }
        #expect(outbound.count == demo.summary.outbound)
        #expect(outbound.filter { $0.inReplyTo != nil }.count > outbound.count / 2)
    }

    @Test func coversEveryChannelWithPublicRepliesAndPrivateDMThreads() throws {
        let demo = try DemoFixture.shared.get()
        let channels = Set(demo.rows.map(\.channel))
        #expect(channels == ["twitter", "facebook", "instagram", "email", "phone", "webchat", "sms", "store"])
        let publicReplies = demo.rows.filter { $0.channel == "twitter" && $0.direction == "outbound" && $0.visibility == "public" }
        #expect(publicReplies.contains { ($0.body ?? "").contains("DM") })
        let dms = demo.rows.filter { $0.channel == "twitter" && $0.visibility == "private" }
        #expect(!dms.isEmpty)
        #expect(dms.allSatisfy { $0.threadID != nil })
    }

    @Test func customersCSVHasTheDocumentedHeaderAndOneShapePerRow() throws {
        let demo = try DemoFixture.shared.get()
        let header = try #require(demo.csvRows.first)
        #expect(Array(header.prefix(8)) == ["crm_source", "crm_id", "name", "emails", "phones", "twitter", "facebook", "instagram"])
        #expect(header.count > 8, "extra columns become attributes")
        let records = demo.csvRows.dropFirst()
        #expect(records.count == demo.summary.crmRecords)
        #expect(records.allSatisfy { $0.count == header.count })
        #expect(Set(records.map { $0[1] }).count == records.count, "CRM ids are unique")
        #expect(records.contains { $0[3].contains(";") }, "some customers have several emails")
        #expect(records.contains { $0[5].isEmpty && $0[6].isEmpty && $0[7].isEmpty }, "some have no social handles")
        #expect(try demo.crmLinks().count > records.count * 2)
    }

    @Test func someCustomersAreKnownOnlyByASocialHandle() throws {
        let demo = try DemoFixture.shared.get()
        let links = try demo.crmLinks()
        let unlinkedSocial = Set(
            try demo.rows.map { try Identifier.parse($0.customer) }.filter { $0.kind.isSocialHandle && links[$0] == nil })
        #expect(unlinkedSocial.count > 10)
    }

    @Test func labelsCoverEveryInboundInteraction() throws {
        let demo = try DemoFixture.shared.get()
        let inbound = demo.rows.filter { $0.direction == "inbound" }
        #expect(inbound.count == demo.summary.inbound)
        #expect(inbound.allSatisfy { demo.labels[$0.key] != nil })
        let kinds = Set(demo.labels.values.map(\.kind))
        #expect(kinds == ["complaint", "question", "compliment", "comment"])
        let complaintThemes = Set(demo.labels.values.filter { $0.kind == "complaint" }.map(\.theme))
        #expect(complaintThemes.count >= 10 && !complaintThemes.contains(""))
    }

    @Test func complaintTextsAreVariedNotOneSentenceRepeated() throws {
        let demo = try DemoFixture.shared.get()
        for theme in ["refund_not_received", "late_delivery", "no_reply_to_dms", "logged_out_after_update"] {
            let bodies = demo.complaints(on: theme).compactMap(\.body)
            #expect(bodies.count >= 5, "\(theme)")
            #expect(Double(Set(bodies).count) >= Double(bodies.count) * 0.8, "\(theme): \(Set(bodies).count) distinct of \(bodies.count)")
        }
    }

    @Test func summaryFileDecodesToTheReturnedSummary() throws {
        let demo = try DemoFixture.shared.get()
        let data = try Data(contentsOf: demo.directory.appendingPathComponent(DemoGenerator.summaryFile))
        #expect(try JSONDecoder().decode(DemoSummary.self, from: data) == demo.summary)
        let sizes = try demo.summary.files.map {
            try FileManager.default.attributesOfItem(atPath: demo.directory.appendingPathComponent($0.name).path)[.size] as? Int
        }
        #expect(sizes == demo.summary.files.map(\.bytes))
    }

    @Test func showcaseTimelineCrossesAtLeastFourChannelsUnderOneCRMRecord() throws {
        let demo = try DemoFixture.shared.get()
        let links = try demo.crmLinks()
        let showcase = demo.summary.showcase
        #expect(try links[Identifier.parse(showcase.identifier)] == showcase.crm)
        let timeline = try demo.rows.filter { try demo.profileKey(of: $0.customer, links: links) == showcase.crm }
        let channels = Set(timeline.map(\.channel))
        #expect(channels.isSuperset(of: ["twitter", "email", "phone"]) && channels.count >= 4, "\(channels)")
        #expect(timeline.contains { $0.channel == "twitter" && $0.visibility == "public" })
        #expect(timeline.contains { $0.channel == "twitter" && $0.visibility == "private" })
        #expect(Set(timeline.map(\.customer)).count >= 3, "reached under several identifiers")
    }
}
