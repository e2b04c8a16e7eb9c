/// The hand-written phrase lists that read a brand's reply (see ``BrandReplyCues``). Written from
/// general knowledge of how support accounts answer, not learnt from any data set.
///
/// Each group says which kind of customer message its phrases point to, how strongly (0 … 1), and
/// how the cue reads. Within a group only the strongest match counts; the groups of one kind add up.
/// Phrases are lower-case words separated by spaces, one per line; the longest phrase wins where
/// several start at the same word, so a neutral group can mask a longer phrase ("no need to
/// apologise").
struct BrandReplyGroup: Sendable {
    var target: InteractionKind
    var weight: Float
    /// How the cue reads, e.g. `brand apologised`.
    var label: String
    /// The brand owns a problem (sympathy, apology, a fault acknowledged), rather than only
    /// troubleshooting or asking for details, which it also does after a bare answer ("iOS 11").
    var acknowledges = false
    var phrases: String

    static let all: [BrandReplyGroup] = [
        empathy, apology, acknowledged, troubleshooting, checks, details, praiseReply, gladReply, answer, neutral,
    ]

    /// Sympathy for a problem the customer reported.
    static let empathy = BrandReplyGroup(
        target: .complaint, weight: 0.9, label: "brand apologised", acknowledges: true,
        phrases: """
            sorry to hear
            sorry to see
            sorry to read
            sorry to learn
            sorry about
            so sorry
            very sorry
            really sorry
            truly sorry
            sincerely apologize
            sincerely apologise
            sorry for the trouble
            sorry for the inconvenience
            sorry for any inconvenience
            sorry for the frustration
            sorry for any frustration
            sorry for the hassle
            sorry for the issue
            sorry for the issues
            sorry for the problem
            sorry for the experience
            sorry for the delay
            sorry for the delays
            sorry for the confusion
            sorry for the disappointment
            sorry you
            sorry that
            apologies for
            apologize for
            apologise for
            we apologize
            we apologise
            we're sorry
            we are sorry
            i'm sorry
            i am sorry
            my apologies
            our apologies
            any inconvenience
            the inconvenience
            this inconvenience
            any frustration
            your frustration
            the frustration
            not the experience
            not the kind of experience
            not what we like to hear
            not what we want to hear
            not what we want
            not what we'd expect
            not what we expect
            not the service
            not okay
            not ok
            that's not right
            that's not good
            this is concerning
            that's concerning
            concerning to hear
            distressing
            oh no
            uh oh
            yikes
            hate to hear
            hate to see
            hate hearing
            hate that
            disappointed to hear
            disappointing to hear
            frustrating
            that's no good
            not good
            never our intention
            """)

    /// A bare "sorry" or "unfortunately": often about a problem, sometimes only a polite no.
    static let apology = BrandReplyGroup(
        target: .complaint, weight: 0.45, label: "brand apologised", acknowledges: true,
        phrases: """
            sorry
            apologies
            apologize
            apologise
            unfortunately
            bummer
            """)

    /// The brand acknowledges a fault, investigates or takes feedback.
    static let acknowledged = BrandReplyGroup(
        target: .complaint, weight: 0.75, label: "brand acknowledged a problem", acknowledges: true,
        phrases: """
            we're aware
            we are aware
            we're currently aware
            known issue
            working on a fix
            working on it
            working on this
            working on that
            working to fix
            working to resolve
            working to restore
            working hard to
            our engineers
            our technicians
            investigating
            investigate
            investigation
            look into this
            look into that
            look into it
            look into what happened
            looking into
            escalate
            escalated
            having issues
            service issues
            connection issues
            connectivity issues
            network issues
            signal issues
            technical issues
            technical difficulties
            having trouble
            having problems
            having an issue
            having a problem
            having some trouble
            having difficulties
            experiencing issues
            experiencing problems
            experiencing an issue
            what seems to be the issue
            what seems to be the problem
            what seems to be the trouble
            what's going on
            what happened
            what occurred
            figure out what's going on
            get this sorted
            get this resolved
            get this fixed
            get it sorted
            get it fixed
            get this corrected
            sort this out
            make this right
            make things right
            make it right
            put this right
            bringing this to our attention
            bring this to our attention
            shared the feedback
            shared your feedback
            share your feedback
            pass your feedback
            passed your feedback
            pass this along
            passed this along
            pass that along
            pass along your feedback
            feedback along
            noted your feedback
            thanks for the feedback
            thank you for the feedback
            thanks for your feedback
            thank you for your feedback
            thanks for your patience
            thank you for your patience
            appreciate your patience
            thanks for bearing with us
            outage
            service interruption
            refund
            refunded
            replacement
            compensation
            this is distressing
            reunite you
            """)

    /// The brand troubleshoots: something is not working for the customer.
    static let troubleshooting = BrandReplyGroup(
        target: .complaint, weight: 0.6, label: "brand troubleshoots",
        phrases: """
            have you tried
            did you try
            have you been able to try
            try restarting
            try reinstalling
            try resetting
            try clearing
            try logging out
            try signing out
            try updating
            try a different
            try another
            try again
            restart
            restarting
            reboot
            rebooting
            reinstall
            reinstalling
            reinstallation
            uninstall
            power cycle
            power cycling
            clear the cache
            clear your cache
            clearing the cache
            clear cache
            log out and back in
            sign out and back in
            troubleshoot
            troubleshooting
            does this happen
            does this issue happen
            does it happen
            is this happening
            is it happening
            when did this start
            when did it start
            how long has this
            error message
            error code
            does the issue
            is the issue
            are you still having
            are you still experiencing
            still having
            still experiencing
            the issue persists
            if the issue persists
            if the problem persists
            is this still happening
            """)

    /// Lighter checks a brand also runs for plain questions.
    static let checks = BrandReplyGroup(
        target: .complaint, weight: 0.4, label: "brand troubleshoots",
        phrases: """
            please try
            could you try
            can you try
            make sure
            latest version
            what device
            which device
            what version
            which version
            what browser
            which browser
            reset
            """)

    /// The brand asks for details to investigate, usually in private.
    static let details = BrandReplyGroup(
        target: .complaint, weight: 0.35, label: "brand asks for details",
        phrases: """
            dm us
            dm me
            send us a dm
            send me a dm
            shoot us a dm
            shoot me a dm
            drop us a dm
            meet us in dm
            in a dm
            via dm
            by dm
            direct message
            direct messages
            check your dm
            check your dms
            replied to your dm
            responded to your dm
            account email
            email address
            order number
            confirmation number
            booking reference
            reference number
            phone number
            account number
            tracking number
            more details
            more detail
            more info
            more information
            some details
            the details
            take a closer look
            a closer look
            take a look
            check things out
            check this out for you
            look at this for you
            fill us in
            tell us more
            """)
}
