import Testing

@testable import RapportIdentity

@Suite("Febrl files and pairwise evaluation")
struct FebrlDatasetTests {
    /// Made-up rows in the Febrl layout (comma and space separated, empty values, rec ids).
    private static let sample = """
        rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id
        rec-7-org, isla, harris, 14, wattle street, , glebe, 2037, nsw, 19840312, 4417283
        rec-7-dup-0, isla, harirs, 14, wattle street, , glebe, 2037, nsw, , 4417283
        rec-9-org, noah, king, 3, hill road, rose vale, kew, 3101, vic, 19700101, 5550001
        rec-7-dup-1, harris, isla, 14, wattlestreet, , glebe, 2073, nsw, 19840312, 4417238

        """

    @Test("reads every field, treats empty values as missing and numbers the profiles")
    func parsesRecords() throws {
        let dataset = try FebrlDataset.parse(Self.sample, firstProfileID: 100)
        #expect(dataset.records.map(\.profileID) == [100, 101, 102, 103])
        let first = dataset.records[0]
        #expect(first.givenName == "isla")
        #expect(first.surname == "harris")
        #expect(first.streetNumber == "14")
        #expect(first.address1 == "wattle street")
        #expect(first.address2 == nil)
        #expect(first.suburb == "glebe")
        #expect(first.postcode == "2037")
        #expect(first.state == "nsw")
        #expect(first.dateOfBirth == "19840312")
        #expect(first.socialSecurityID == "4417283")
        #expect(first.crmKeys == ["febrl:rec-7-org"])
        #expect(dataset.records[1].dateOfBirth == nil)
        #expect(dataset.entities == [100: "7", 101: "7", 102: "9", 103: "7"])
    }

    @Test("true pairs: every pair within an entity when deduplicating, only cross pairs when linking")
    func truePairs() throws {
        let dataset = try FebrlDataset.parse(Self.sample)
        let dedup = LinkageEvaluation.truePairs(entities: dataset.entities)
        #expect(dedup == [CandidatePair(left: 1, right: 2), CandidatePair(left: 1, right: 4), CandidatePair(left: 2, right: 4)])
        let link = LinkageEvaluation.truePairs(entities: dataset.entities, mode: .link(left: [1, 3]))
        #expect(link == [CandidatePair(left: 1, right: 2), CandidatePair(left: 1, right: 4)])
    }

    @Test("a row with the wrong number of values is rejected with its line number")
    func rejectsShortRow() {
        let text = "rec_id, given_name, surname\nrec-1-org, ann, lee\nrec-1-dup-0, ann\n"
        let error = #expect(throws: FebrlError.self) { try FebrlDataset.parse(text) }
        #expect(error?.line == 3)
    }

    @Test("a rec_id not shaped like rec-N-org is rejected")
    func rejectsBadRecordID() {
        #expect(throws: FebrlError.self) { try FebrlDataset.parse("rec_id, surname\nperson-1, lee\n") }
    }

    @Test("precision, recall and F1 count each predicted pair once")
    func pairwiseMetrics() {
        let truth: Set<CandidatePair> = [CandidatePair(left: 1, right: 2), CandidatePair(left: 1, right: 3), CandidatePair(left: 2, right: 3), CandidatePair(left: 4, right: 5)]
        let predicted = [CandidatePair(left: 2, right: 1), CandidatePair(left: 1, right: 2), CandidatePair(left: 1, right: 3), CandidatePair(left: 3, right: 4)]
        let metrics = LinkageEvaluation.evaluate(predicted: predicted, truth: truth)
        #expect(metrics.truePositives == 2)
        #expect(metrics.falsePositives == 1)
        #expect(metrics.falseNegatives == 2)
        #expect(abs(metrics.precision - 2.0 / 3.0) < 1e-12)
        #expect(abs(metrics.recall - 0.5) < 1e-12)
        #expect(abs(metrics.f1 - 4.0 / 7.0) < 1e-12)
        #expect(LinkageEvaluation.pairCompleteness(candidates: predicted, truth: truth) == 0.5)
    }

    @Test("a small Febrl-style file is deduplicated end to end")
    func deduplicatesSample() throws {
        let dataset = try FebrlDataset.parse(Self.sample)
        let records = dataset.recordsByID
        let candidates = Blocking.candidates(records: records)
        let truth = LinkageEvaluation.truePairs(entities: dataset.entities)
        #expect(LinkageEvaluation.pairCompleteness(candidates: candidates, truth: truth) == 1)
    }
}
