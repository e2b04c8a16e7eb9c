/// The phrase groups of ``BrandReplyGroup`` that point away from a complaint: thanks for praise,
/// gladness, plain answers, and neutral phrases that mask look-alike cues.
extension BrandReplyGroup {
    /// Thanks for praise: the customer complimented.
    static let praiseReply = BrandReplyGroup(
        target: .compliment, weight: 0.6, label: "brand thanked for kind words",
        phrases: """
            kind words
            kind message
            lovely message
            sweet message
            thanks for the love
            thank you for the love
            appreciate the love
            thanks for the shout
            thank you for the shout
            shout out
            shoutout
            shout-out
            love you too
            love you guys too
            you're welcome
            you are welcome
            you're very welcome
            my pleasure
            our pleasure
            anytime
            any time
            glad we could help
            glad i could help
            happy we could help
            happy i could help
            glad to help
            glad to have helped
            happy to have helped
            making us blush
            make us blush
            you're making us
            thanks for the support
            thank you for the support
            appreciate the support
            thanks for your support
            appreciate the compliment
            thanks for the compliment
            means a lot
            made our day
            made my day
            you made our
            love having you
            glad you're enjoying
            glad you are enjoying
            glad you like
            glad you love
            glad you enjoyed
            happy you're enjoying
            happy you like
            so glad you
            """)

    /// Relief or gladness: often closes a fixed problem ("it works now"), so weaker.
    static let gladReply = BrandReplyGroup(
        target: .compliment, weight: 0.4, label: "brand glad",
        phrases: """
            glad to hear
            happy to hear
            great to hear
            good to hear
            love to hear
            love hearing
            awesome to hear
            great news
            glad it's
            glad that
            """)

    /// A plain answer to a question.
    static let answer = BrandReplyGroup(
        target: .question, weight: 0.6, label: "brand answered",
        phrases: """
            yes you can
            yes we do
            yes it is
            yes they
            no we don't
            you can find
            you'll find
            you will find
            you can check
            you can use
            you can do this
            you can also
            here's how
            here is how
            here's a link
            you'll need to
            you will need to
            you would need
            you'd need
            you need to
            as long as
            aims to
            we aim to
            is available
            are available
            will be available
            not available
            we don't currently
            we do not currently
            at this time
            for more information
            to know more
            more about how
            """)

    /// Phrases that look like cues but are not; matched so that their words are not read alone.
    static let neutral = BrandReplyGroup(
        target: .comment, weight: 0, label: "brand",
        phrases: """
            no need to apologize
            no need to apologise
            no need to be sorry
            no apology needed
            no apologies needed
            sorry for the late response
            sorry for the late reply
            sorry for the delayed response
            sorry for the wait
            """)
}
