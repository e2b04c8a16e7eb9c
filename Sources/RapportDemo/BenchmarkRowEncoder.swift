import RapportCore

/// The fields of one benchmark row, derived from (seed, row number) alone.
struct BenchmarkRow {
    var profile: Int
    var channel: Channel
    var isPublic: Bool
    var inbound: Bool
    var time: Int64
    var body: Int
    /// Set on an inbound row the next row answers.
    var answered: Bool
    /// The row this one replies to.
    var parent: Int?
}

/// Encodes benchmark rows as JSONL or COPY text, appending UTF-8 bytes with no per-row allocation.
struct BenchmarkRowEncoder {
    private let writer: BenchmarkDataWriter
    private let format: BenchmarkDataWriter.Format
    private let historyStart: Int64
    private let recentStart: Int64
    private let end: Int64
    private let historyRows: Int
    private let hotProfiles: Int
    private let fragments = BenchmarkFragments()

    init(writer: BenchmarkDataWriter, format: BenchmarkDataWriter.Format) {
        self.writer = writer
        self.format = format
        end = UTCTimestamp.seconds(writer.end)
        recentStart = end - UTCTimestamp.secondsPerDay
        historyStart = end - Int64(writer.historyDays) * UTCTimestamp.secondsPerDay
        historyRows = writer.historyRows
        hotProfiles = max(1, writer.profiles / 20)
    }

    /// What kind of identifier profile `profile` has, by its number: 40% Twitter, 20% email,
    /// 20% phone, 10% Facebook, 10% web chat.
    private static let profileKinds: [IdentifierKind] = [
        .twitter, .twitter, .twitter, .twitter, .email, .email, .phone, .phone, .facebook, .webchat,
    ]

    private func independentRow(_ row: Int) -> BenchmarkRow {
        var random = DemoRandom(seed: writer.seed, stream: UInt64(row) &+ 0x5EED)
        let profile = random.chance(0.3) ? random.below(hotProfiles) : random.below(writer.profiles)
        let channel: Channel
        switch Self.profileKinds[profile % 10] {
        case .twitter: channel = .twitter
        case .email: channel = .email
        case .phone: channel = random.chance(0.6) ? .phone : .sms
        case .facebook: channel = .facebook
        default: channel = .webchat
        }
        let isPublic = (channel == .twitter || channel == .facebook) && random.chance(0.7)
        let time =
            row >= historyRows
            ? recentStart + Int64(random.below(Int(UTCTimestamp.secondsPerDay)))
            : historyStart + Int64(random.below(Int(recentStart - historyStart)))
        return BenchmarkRow(
            profile: profile, channel: channel, isPublic: isPublic, inbound: true, time: time,
            body: random.below(writer.pool.countPerGroup), answered: random.chance(0.3) && channel != .phone, parent: nil)
    }

    /// Row `row`: an odd row whose even predecessor (in the same part of the period) was answered
    /// is the brand's reply to it.
    func row(_ row: Int) -> BenchmarkRow {
        if row % 2 == 1, (row - 1 >= historyRows) == (row >= historyRows) {
            let parent = independentRow(row - 1)
            if parent.answered {
                var random = DemoRandom(seed: writer.seed, stream: UInt64(row) &+ 0x5EED)
                let limit = row >= historyRows ? end - 1 : recentStart - 1
                return BenchmarkRow(
                    profile: parent.profile, channel: parent.channel, isPublic: parent.isPublic, inbound: false,
                    time: min(parent.time + Int64(60 + random.below(4 * 3600)), limit),
                    body: random.below(writer.pool.countPerGroup), answered: false, parent: row - 1)
            }
        }
        var independent = independentRow(row)
        if row % 2 == 1 { independent.answered = false }
        return independent
    }

    mutating func append(row number: Int, to bytes: inout [UInt8]) {
        let row = self.row(number)
        switch format {
        case .jsonl: appendJSON(row, number: number, to: &bytes)
        case .copy(let columns): appendCOPY(row, number: number, columns: columns, to: &bytes)
        }
    }

    private func appendJSON(_ row: BenchmarkRow, number: Int, to bytes: inout [UInt8]) {
        let channel = BenchmarkFragments.index(of: row.channel)
        bytes.append(contentsOf: fragments.jsonHead[channel])
        TextEscaping.appendUnsigned(UInt64(number), to: &bytes)
        bytes.append(contentsOf: fragments.jsonMiddle[channel &* 4 &+ (row.inbound ? 2 : 0) &+ (row.isPublic ? 1 : 0)])
        UTCTimestamp.append(row.time, to: &bytes)
        bytes.append(contentsOf: #"","customer":""#.utf8)
        appendIdentifier(row.profile, text: true, to: &bytes)
        if let thread = row.parent ?? (row.answered ? number : nil) {
            bytes.append(contentsOf: #"","thread_id":""#.utf8)
            TextEscaping.appendUnsigned(UInt64(thread), to: &bytes)
        }
        if let parent = row.parent {
            bytes.append(contentsOf: #"","in_reply_to":""#.utf8)
            TextEscaping.appendUnsigned(UInt64(parent), to: &bytes)
        }
        bytes.append(contentsOf: fragments.jsonAccount[channel])
        let group = BenchmarkBodyPool.group(channel: row.channel, isPublic: row.isPublic, inbound: row.inbound)
        writer.pool.json.append(group: group, body: row.body, to: &bytes)
        bytes.append(contentsOf: "\"}\n".utf8)
    }

    private func appendCOPY(_ row: BenchmarkRow, number: Int, columns: [BenchmarkColumn], to bytes: inout [UInt8]) {
        for (index, column) in columns.enumerated() {
            if index > 0 { bytes.append(9) }
            switch column {
            case .source: bytes.append(contentsOf: fragments.copySource[BenchmarkFragments.index(of: row.channel)])
            case .externalID: TextEscaping.appendUnsigned(UInt64(number), to: &bytes)
            case .channel: bytes.append(contentsOf: fragments.copyChannel[BenchmarkFragments.index(of: row.channel)])
            case .direction: bytes.append(contentsOf: (row.inbound ? "inbound" : "outbound").utf8)
            case .visibility: bytes.append(contentsOf: (row.isPublic ? "public" : "private").utf8)
            case .occurredAt: UTCTimestamp.append(row.time, to: &bytes)
            case .customer: appendIdentifier(row.profile, text: true, to: &bytes)
            case .customerKind: bytes.append(contentsOf: Self.profileKinds[row.profile % 10].rawValue.utf8)
            case .customerValue: appendIdentifier(row.profile, text: false, to: &bytes)
            case .threadID:
                if let thread = row.parent ?? (row.answered ? number : nil) {
                    TextEscaping.appendUnsigned(UInt64(thread), to: &bytes)
                } else {
                    TextEscaping.appendCOPYNull(to: &bytes)
                }
            case .inReplyTo:
                if let parent = row.parent {
                    TextEscaping.appendUnsigned(UInt64(parent), to: &bytes)
                } else {
                    TextEscaping.appendCOPYNull(to: &bytes)
                }
            case .account: bytes.append(contentsOf: fragments.copyAccount[BenchmarkFragments.index(of: row.channel)])
            case .body:
                let group = BenchmarkBodyPool.group(channel: row.channel, isPublic: row.isPublic, inbound: row.inbound)
                writer.pool.copy.append(group: group, body: row.body, to: &bytes)
            case .attributes: bytes.append(contentsOf: "{}".utf8)
            }
        }
        bytes.append(10)
    }

    /// Profile `profile`'s identifier: as `kind:value` text (`twitter:@cust_42`) or just the
    /// normalised value (`cust_42`).
    private func appendIdentifier(_ profile: Int, text: Bool, to bytes: inout [UInt8]) {
        let kind = Self.profileKinds[profile % 10]
        switch kind {
        case .twitter:
            bytes.append(contentsOf: (text ? "twitter:@cust_" : "cust_").utf8)
            TextEscaping.appendUnsigned(UInt64(profile), to: &bytes)
        case .email:
            bytes.append(contentsOf: (text ? "email:customer" : "customer").utf8)
            TextEscaping.appendUnsigned(UInt64(profile), to: &bytes)
            bytes.append(contentsOf: "@example.com".utf8)
        case .phone:
            bytes.append(contentsOf: (text ? "phone:+4477" : "+4477").utf8)
            var divisor = 10_000_000
            while divisor > 0 {
                bytes.append(UInt8(truncatingIfNeeded: 48 + profile / divisor % 10))
                divisor /= 10
            }
        case .facebook:
            bytes.append(contentsOf: (text ? "facebook:fan." : "fan.").utf8)
            TextEscaping.appendUnsigned(UInt64(profile), to: &bytes)
        default:
            bytes.append(contentsOf: (text ? "webchat:visitor-" : "visitor-").utf8)
            TextEscaping.appendUnsigned(UInt64(profile), to: &bytes)
        }
    }
}
