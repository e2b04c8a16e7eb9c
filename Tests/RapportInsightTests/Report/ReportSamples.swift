import Foundation
import RapportCore
import RapportInsight

/// Reports built from small hand-written scenarios, for the renderer tests.
enum ReportSamples {
    static let hostileName = #"<script>alert("x")</script> refund, "late" & 'lost'"#
    static let hostileBody = #"<img src=x onerror=alert(1)> "why" & 'when'? [click](http://evil.example) **now** | done"#
    static let hostileCustomer = #"twitter:<b>o'hara"</b>"#

    /// Theme 1 escalated and repeated (with a hostile name, body and identifier), theme 2 widespread,
    /// theme 3 unflagged; replies on two channels.
    static func mixed() throws -> FlawReport {
        var s = try FlawScenario()
        s.names[1] = hostileName
        s.complaint(profile: 1, channel: .email, at: FlawScenario.at(day: -2), customer: "email:ohara@example.com")
        s.complaint(
            profile: 1, channel: .twitter, at: FlawScenario.at(day: 0, hours: 3), customer: hostileCustomer,
            body: hostileBody
        )
        s.complaint(profile: 2, theme: 1, at: FlawScenario.at(day: 0, hours: 4))
        for profile in 10...15 {
            s.complaint(profile: Int64(profile), theme: 2, at: FlawScenario.at(day: -Double(profile % 4) - 1))
            s.complaint(profile: Int64(profile), theme: 2, at: FlawScenario.at(day: 0, hours: Double(profile)), body: "charged twice again")
        }
        s.complaint(profile: 30, theme: 3, at: FlawScenario.at(day: 0, hours: 1), body: "app logs me out")
        s.complaint(profile: 31, theme: 3, at: FlawScenario.at(day: 0, hours: 1.5), body: "logged out after the update")
        s.replies = [
            ReplyTiming(
                channel: .twitter, receivedAt: FlawScenario.at(day: 0, hours: 3), firstReplyAt: FlawScenario.at(day: 0, hours: 3.2)),
            ReplyTiming(channel: .email, receivedAt: FlawScenario.at(day: 0, hours: 2), firstReplyAt: nil),
        ]
        return s.report()
    }

    /// Every theme's top-level JSON object, by id.
    static func jsonThemes(_ report: FlawReport) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any]
        return object?["themes"] as? [[String: Any]] ?? []
    }
}
