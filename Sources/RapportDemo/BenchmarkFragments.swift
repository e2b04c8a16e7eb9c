import RapportCore

/// The constant parts of benchmark rows, encoded to bytes once per writer: a row is then a
/// handful of byte copies, a number or two and a timestamp.
struct BenchmarkFragments: Sendable {
    /// The channels benchmark rows use, in the order fragments are indexed by.
    static let channels: [Channel] = [.twitter, .email, .phone, .sms, .facebook, .webchat]

    static func index(of channel: Channel) -> Int {
        switch channel {
        case .twitter: 0
        case .email: 1
        case .phone: 2
        case .sms: 3
        case .facebook: 4
        default: 5
        }
    }

    /// `{"source":"…","external_id":"` per channel.
    let jsonHead: [[UInt8]]
    /// `","channel":"…","direction":"…","visibility":"…","occurred_at":"` per channel, direction
    /// and visibility: index `channel * 4 + (inbound ? 2 : 0) + (public ? 1 : 0)`.
    let jsonMiddle: [[UInt8]]
    /// `","account":"…","body":"` per channel.
    let jsonAccount: [[UInt8]]
    /// COPY text per channel: the source, the channel name, the escaped account.
    let copySource: [[UInt8]]
    let copyChannel: [[UInt8]]
    let copyAccount: [[UInt8]]

    init() {
        jsonHead = Self.channels.map { Array(#"{"source":"\#(DemoBrand.source(for: $0))","external_id":""#.utf8) }
        var middles: [[UInt8]] = []
        for channel in Self.channels {
            for direction in ["outbound", "inbound"] {
                for visibility in ["private", "public"] {
                    middles.append(
                        Array(
                            #"","channel":"\#(channel.rawValue)","direction":"\#(direction)","visibility":"\#(visibility)","occurred_at":""#
                                .utf8))
                }
            }
        }
        jsonMiddle = middles
        jsonAccount = Self.channels.map { channel in
            var bytes = Array(#"","account":""#.utf8)
            TextEscaping.appendJSONEscaped(DemoBrand.account(for: channel).utf8, to: &bytes)
            bytes.append(contentsOf: #"","body":""#.utf8)
            return bytes
        }
        copySource = Self.channels.map { Array(DemoBrand.source(for: $0).utf8) }
        copyChannel = Self.channels.map { Array($0.rawValue.utf8) }
        copyAccount = Self.channels.map { channel in
            var bytes: [UInt8] = []
            TextEscaping.appendCOPYEscaped(DemoBrand.account(for: channel).utf8, to: &bytes)
            return bytes
        }
    }
}
