/// A multi-word cue: two or three words that mean more together than apart ("still waiting",
/// "no problem", "how do"). A matched phrase's words are not scored again one by one.
struct CuePhrase: Sendable {
    enum Effect: String, Sendable {
        /// Evidence of a complaint.
        case problem
        /// Evidence of a question or request.
        case ask
        /// Evidence of a compliment.
        case praise
        /// Evidence of a complaint said with positive words ("thanks for nothing").
        case sarcasm
        /// Says an earlier problem is over ("works now", "all good"): compliment evidence that also
        /// cancels problem nouns such as "issue".
        case resolved
        /// Takes its words out of scoring ("no problem", "lost and found", "good morning").
        case neutral
    }

    let words: [String]
    let effect: Effect
    let weight: Float
    /// Added to the message's sentiment sum.
    let valence: Float

    /// The phrase as a person reads it in a cue.
    var text: String { words.joined(separator: " ") }
}

extension CuePhrase {
    /// Phrases as `effect weight valence | words`, one a line.
    static let table = """
        problem 1.0 -1.0 | still waiting
        problem 1.0 -1.0 | been waiting
        problem 0.8 -0.8 | on hold
        problem 1.0 -1.5 | hung up
        problem 0.8 -1.0 | hang up
        problem 1.0 -1.2 | no one
        problem 0.5 -0.5 | every time
        problem 0.5 -0.5 | everytime
        problem 0.6 -0.6 | once again
        problem 0.8 -0.8 | yet again
        problem 0.6 -0.8 | as usual
        problem 1.0 -2.0 | what the hell
        problem 1.0 -2.0 | what the heck
        problem 1.0 -2.5 | what the fuck
        problem 1.0 -1.0 | what's wrong
        problem 1.0 -1.0 | whats wrong
        problem 1.0 -1.0 | what is wrong
        problem 0.6 -0.5 | what's going on
        problem 0.6 -0.5 | what is going on
        problem 0.6 -0.5 | what happened
        problem 1.0 -1.0 | fix it
        problem 1.0 -1.0 | fix this
        problem 1.0 -1.0 | fix your
        problem 1.0 -1.0 | sort it
        problem 1.0 -1.0 | sort this
        problem 1.0 -1.0 | figure it out
        problem 1.0 -1.0 | do better
        problem 1.0 -1.0 | get it together
        problem 0.8 -0.8 | switch to
        problem 0.8 -0.8 | switching to
        problem 0.8 -0.8 | cancel my
        problem 0.8 -0.8 | cancelled my
        problem 0.8 -0.8 | canceled my
        problem 1.0 -1.0 | close my account
        problem 1.0 -1.5 | never again
        problem 1.0 -1.5 | won't be back
        problem 1.0 -1.5 | lost a customer
        problem 1.0 -1.5 | lost customers
        problem 1.0 -2.0 | waste of
        problem 1.0 -2.0 | wasted my
        problem 1.0 -2.0 | rip off
        problem 1.0 -2.0 | ripped off
        problem 1.0 -1.5 | charged twice
        problem 1.0 -1.5 | double charged
        problem 1.0 -1.5 | double charge
        problem 1.0 -1.5 | duplicate charge
        problem 1.0 -1.5 | duplicate payment
        problem 0.6 -0.5 | charged me
        problem 0.8 -0.5 | my money
        problem 1.0 -1.0 | money back
        problem 1.0 -1.0 | where is my
        problem 1.0 -1.0 | where's my
        problem 1.0 -1.0 | wheres my
        problem 0.8 -0.5 | already tried
        problem 0.8 -0.5 | tried everything
        problem 0.8 -0.5 | tried all
        problem 1.0 -2.0 | fed up
        problem 1.0 -2.0 | sick of
        problem 1.0 -1.5 | tired of
        problem 1.0 -1.5 | had enough
        problem 1.0 -2.0 | let down
        problem 1.0 -2.0 | let me down
        problem 0.6 -0.5 | for hours
        problem 0.6 -0.5 | for days
        problem 0.8 -0.5 | for weeks
        problem 0.8 -0.5 | for months
        problem 0.6 -0.5 | over an hour
        problem 0.8 -0.8 | went out
        problem 0.8 -0.8 | is down
        problem 0.8 -0.8 | are down
        problem 0.8 -0.8 | went down
        problem 1.0 -1.0 | down again
        problem 0.8 -0.8 | logged out
        problem 0.8 -0.8 | logged me out
        problem 0.8 -0.8 | logs me out
        problem 0.8 -0.8 | kicked out
        problem 1.0 -1.5 | don't care
        problem 1.0 -1.5 | dont care
        problem 1.0 -1.5 | doesn't care
        problem 1.0 -1.5 | doesnt care
        problem 0.8 -1.0 | too long
        problem 1.0 -1.5 | taking forever
        problem 1.0 -1.5 | takes forever
        problem 1.0 -2.0 | how dare
        problem 1.0 -2.0 | shame on
        problem 1.0 -2.0 | what a joke
        problem 1.0 -1.0 | don't like
        problem 1.0 -1.0 | dont like
        problem 1.0 -1.0 | doesn't like
        problem 1.0 -1.5 | not impressed
        problem 0.8 -1.0 | no luck
        problem 0.8 -1.0 | wrong address
        problem 0.8 -0.8 | what's up with
        problem 0.8 -0.8 | whats up with
        problem 0.8 -0.8 | have to wait
        problem 0.8 -0.8 | had to wait
        problem 0.4 -0.3 | so long
        problem 0.6 -0.5 | numerous times
        problem 0.6 -0.5 | multiple times
        problem 0.6 -0.5 | several times
        problem 0.6 -0.5 | many times
        problem 0.6 -0.5 | over and over
        problem 1.0 -1.0 | no sign
        problem 1.0 -1.5 | stopped working
        problem 1.0 -1.5 | stops working
        problem 0.8 -1.0 | stop working
        problem 1.0 -1.5 | locked out
        problem 0.8 -0.5 | tried to contact
        problem 0.8 -0.5 | tried to call
        problem 0.8 -0.5 | tried calling
        problem 0.8 -0.5 | tried contacting
        problem 0.6 -0.3 | make it work
        problem 0.6 -0.3 | get it to work
        problem 0.6 -0.3 | get it working
        problem 0.6 -0.5 | just me
        problem 0.6 -0.5 | only me
        sarcasm 1.5 -2.0 | thanks for nothing
        sarcasm 1.0 -1.5 | yeah right
        sarcasm 1.0 -1.5 | oh great
        sarcasm 1.0 -1.5 | just great
        sarcasm 1.0 -1.5 | how convenient
        ask 1.0 0 | how do
        ask 1.0 0 | how does
        ask 1.0 0 | how can
        ask 1.0 0 | how to
        ask 1.0 0 | how much
        ask 1.0 0 | how many
        ask 0.8 0 | how long
        ask 1.0 0 | is there
        ask 1.0 0 | are there
        ask 1.0 0 | is it possible
        ask 1.0 0 | can you
        ask 1.0 0 | could you
        ask 1.0 0 | would you
        ask 1.0 0 | can i
        ask 1.0 0 | could i
        ask 1.0 0 | do you
        ask 1.0 0 | let me know
        ask 1.0 0 | want to know
        ask 1.0 0 | like to know
        ask 1.0 0 | need to know
        ask 1.0 0 | need help
        ask 1.0 0 | need support
        ask 1.0 0 | need assistance
        ask 1.0 0 | if you could
        ask 0.8 0 | would appreciate
        ask 1.0 0 | wondering if
        ask 1.0 0 | any way
        ask 1.0 0 | please advise
        ask 1.0 0 | please tell
        ask 1.0 0 | please let
        ask 1.0 0 | please confirm
        ask 1.0 0 | please send
        ask 1.0 0 | please call
        ask 1.0 0 | dm me
        ask 1.0 0 | call me
        ask 1.0 0 | email me
        ask 1.0 0 | contact me
        ask 1.0 0 | tell me
        ask 1.0 0 | what time
        ask 1.0 0 | where can
        ask 1.0 0 | where do
        ask 1.0 0 | when will
        ask 1.0 0 | when does
        ask 1.0 0 | when is
        praise 1.0 1.9 | thank you
        praise 1.0 1.9 | thank u
        praise 1.0 2.2 | many thanks
        praise 1.0 2.5 | you rock
        praise 1.0 2.5 | you guys rock
        praise 1.0 2.5 | well done
        praise 1.0 2.5 | good job
        praise 1.0 2.8 | great job
        praise 0.8 2.0 | nice one
        praise 1.0 2.5 | keep it up
        praise 1.0 2.8 | top notch
        praise 0.6 1.5 | can't wait
        praise 0.6 1.5 | cant wait
        praise 0.6 1.5 | looking forward
        resolved 0.6 1.5 | all good
        resolved 0.6 1.2 | works now
        resolved 0.6 1.2 | working now
        resolved 0.4 1.0 | working again
        resolved 0.4 1.0 | sorted now
        resolved 0.4 1.0 | all sorted
        resolved 0.6 1.2 | figured it out
        neutral 0 0.5 | no problem
        neutral 0 0.5 | no problems
        neutral 0 0.5 | no worries
        neutral 0 0.3 | no issue
        neutral 0 0.3 | no issues
        neutral 0 0.5 | not a problem
        neutral 0 0.3 | not an issue
        neutral 0 0 | no error
        neutral 0 0 | no errors
        neutral 0 0 | no thanks
        neutral 0 0 | no thank you
        neutral 0 0 | not sure
        neutral 0 0 | no idea
        neutral 0 0 | of course
        neutral 0 0 | make sure
        neutral 0 0 | lost and found
        neutral 0 0 | lost found
        neutral 0 0 | customer service
        neutral 0 0 | never mind
        neutral 0 0 | pretty much
        neutral 0 0 | nothing short of
        neutral 0 0 | good morning
        neutral 0 0 | good afternoon
        neutral 0 0 | good evening
        neutral 0 0 | good night
        neutral 0 0 | no need
        neutral 0 0 | kind of
        neutral 0 0 | sort of
        neutral 0 0 | as well
        neutral 0 0 | not yet
        neutral 0 0 | how are you
        neutral 0 0 | didn't have to
        neutral 0 0 | didnt have to
        neutral 0 0 | don't have to
        neutral 0 0 | dont have to
        neutral 0 0 | doesn't have to
        neutral 0 0.5 | nothing but
        neutral 0 0 | customer care
        neutral 0 0 | sorry to bother
        neutral 0 0 | sorry to trouble
        """

    /// The parsed ``table``.
    static func parseTable() -> [CuePhrase] {
        table.split(separator: "\n").compactMap { line in
            let halves = line.split(separator: "|", maxSplits: 1)
            guard halves.count == 2 else { return nil }
            let head = halves[0].split(separator: " ")
            guard head.count == 3, let effect = Effect(rawValue: String(head[0])),
                let weight = Float(head[1]), let valence = Float(head[2])
            else { return nil }
            let words = halves[1].split(separator: " ").map(String.init)
            guard (2...3).contains(words.count) else { return nil }
            return CuePhrase(words: words, effect: effect, weight: weight, valence: valence)
        }
    }
}
