/// What an emoji or emoticon says about a customer-service message.
///
/// Angry and disappointed faces are complaint evidence; hearts, praying hands and applause are
/// compliment evidence; laughter is mildly positive but praises nothing. The table is deliberately
/// small: the emoji customers actually put in support tweets.
struct EmojiCue: Sendable, Equatable {
    /// Added to the sentiment sum.
    var valence: Float
    /// Complaint evidence.
    var problem: Float
    /// Compliment evidence.
    var praise: Float

    /// The cue for one Unicode scalar, or nil when the scalar says nothing.
    static func forScalar(_ value: UInt32) -> EmojiCue? {
        switch value {
        case 0x1F621, 0x1F620, 0x1F92C, 0x1F44E:  // 😡 😠 🤬 👎
            return EmojiCue(valence: -2.5, problem: 1.0, praise: 0)
        case 0x1F624, 0x1F612, 0x1F644, 0x1F61E, 0x1F614, 0x1F629, 0x1F62B, 0x1F926, 0x1F641, 0x2639,
            0x1F615, 0x1F928, 0x1F611, 0x1F616, 0x1F623, 0x1F64D, 0x1F64E, 0x1F625, 0x1F613, 0x1F630:
            // 😤 😒 🙄 😞 😔 😩 😫 🤦 🙁 ☹ 😕 🤨 😑 😖 😣 🙍 🙎 😥 😓 😰
            return EmojiCue(valence: -1.8, problem: 0.8, praise: 0)
        case 0x1F622, 0x1F62D, 0x1F643, 0x1F92F, 0x1F631, 0x1F4A9:  // 😢 😭 🙃 🤯 😱 💩
            return EmojiCue(valence: -1.5, problem: 0.6, praise: 0)
        case 0x1F914, 0x1F5FF, 0x1F610, 0x1F937:  // 🤔 🗿 😐 🤷
            return EmojiCue(valence: -0.5, problem: 0.3, praise: 0)
        case 0x2764, 0x2665, 0x1F60D, 0x1F970, 0x1F618, 0x1F64F, 0x1F49C, 0x1F499, 0x1F49A, 0x1F49B,
            0x1F9E1, 0x1F495, 0x1F496, 0x1F497, 0x1F493, 0x1F498, 0x1F929:
            // ❤ ♥ 😍 🥰 😘 🙏 💜 💙 💚 💛 🧡 💕 💖 💗 💓 💘 🤩
            return EmojiCue(valence: 2.5, problem: 0, praise: 0.8)
        case 0x1F44F, 0x1F64C, 0x1F4AF, 0x2B50, 0x1F31F:  // 👏 🙌 💯 ⭐ 🌟
            return EmojiCue(valence: 2.0, problem: 0, praise: 0.7)
        case 0x1F44D, 0x1F44C:  // 👍 👌 (often just "ok")
            return EmojiCue(valence: 1.5, problem: 0, praise: 0.5)
        case 0x1F60A, 0x1F642, 0x1F600, 0x1F601, 0x1F603, 0x1F604, 0x263A, 0x1F607, 0x1F64B:
            // 😊 🙂 😀 😁 😃 😄 ☺ 😇 🙋
            return EmojiCue(valence: 1.5, problem: 0, praise: 0.5)
        case 0x1F609, 0x1F60B, 0x1F60E, 0x1F917, 0x1F389, 0x2728, 0x1F973, 0x1F38A:
            // 😉 😋 😎 🤗 🎉 ✨ 🥳 🎊
            return EmojiCue(valence: 1.2, problem: 0, praise: 0.4)
        case 0x1F602, 0x1F923, 0x1F606, 0x1F605:  // 😂 🤣 😆 😅
            return EmojiCue(valence: 0.8, problem: 0, praise: 0.2)
        default:
            return nil
        }
    }

    /// ASCII emoticons, matched by the scanner as `:)`, `:(`, `:/`, `-_-` and friends.
    enum Emoticon: UInt8, Sendable {
        case smile, wink, laugh, frown, skeptical, annoyed, heart

        var cue: EmojiCue {
            switch self {
            case .smile: EmojiCue(valence: 1.5, problem: 0, praise: 0.5)
            case .wink: EmojiCue(valence: 1.0, problem: 0, praise: 0.3)
            case .laugh: EmojiCue(valence: 1.2, problem: 0, praise: 0.3)
            case .heart: EmojiCue(valence: 2.5, problem: 0, praise: 0.8)
            case .frown: EmojiCue(valence: -1.8, problem: 0.8, praise: 0)
            case .skeptical: EmojiCue(valence: -1.0, problem: 0.6, praise: 0)
            case .annoyed: EmojiCue(valence: -1.5, problem: 0.8, praise: 0)
            }
        }

        var text: String {
            switch self {
            case .smile: ":)"
            case .wink: ";)"
            case .laugh: ":D"
            case .frown: ":("
            case .skeptical: ":/"
            case .annoyed: "-_-"
            case .heart: "<3"
            }
        }
    }
}
