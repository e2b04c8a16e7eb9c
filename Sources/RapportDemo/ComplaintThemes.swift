/// A recurring operational problem customers complain about, with the many ways they say it.
///
/// Texts are templates with `{slot}`s (``TextSlots``) and come in parts — statements of the problem,
/// extra detail, what the customer wants, an agent's call notes — that ``MessageComposer`` combines,
/// so no two complaints need read alike, as a theme clusterer on real data would find.
struct ComplaintTheme: Sendable {
    /// Stable machine name, e.g. `refund_not_received`.
    let key: String
    /// Human name, e.g. "refund not received".
    let name: String
    /// First-person statements of the problem.
    let statements: [String]
    /// Extra sentences adding detail.
    let details: [String]
    /// What the customer wants done.
    let demands: [String]
    /// Third-person notes an agent writes after a call or a store visit.
    let notes: [String]
    /// Email subject lines.
    let subjects: [String]
    /// The brand's answer once it has the details, on a private channel.
    let resolutions: [String]
}

/// The complaint themes of the fictional retailer: the four planted flaws and the background.
enum ComplaintThemes {
    static let refundNotReceived = ComplaintTheme(
        key: "refund_not_received", name: "refund not received",
        statements: [
            "still no refund for order {order} and it's been {days} days since you collected it",
            "I returned my {item} {days} days ago and the refund of {amount} still hasn't reached my account",
            "where is my refund? {amount} for order {order}, returned weeks ago",
            "you confirmed the return of order {order} on {weekday} but the money never came back to my card",
            "waiting on a refund of {amount} for over {days} days now",
            "my refund for the {item} has not arrived, your email said 3-5 working days and that was {days} days ago",
            "returned the {item} in store, got a receipt, still no refund showing on my bank statement",
            "the refund for order {order} says processed but my bank has nothing",
            "how long does a refund actually take? {amount} outstanding since the {item} went back",
            "been promised my refund three times now and still nothing in my account",
        ],
        details: [
            "The courier tracking shows you received it on {weekday}.",
            "My bank says there is no pending credit from you.",
            "That's {amount} I could really do with before payday.",
            "I have the returns label and the drop-off receipt.",
            "Your refund tracker just says 'in progress'.",
        ],
        demands: [
            "I just want my money back.", "Please process the refund today.", "Can someone chase the refund?",
            "Give me a date the refund will land.",
        ],
        notes: [
            "Cust called re refund for order {order} - returned {days} days ago, refund of {amount} not received. Checked: refund pending with payments team.",
            "Customer chasing refund of {amount} for returned {item}. Says bank shows nothing. Raised with finance, advised 3-5 days.",
            "Refund not received for order {order}. Customer frustrated, has called before about this. Escalated to team lead.",
            "Caller says refund for the {item} never arrived although return was confirmed on {weekday}. Ticket raised.",
        ],
        subjects: ["Refund not received - order {order}", "Where is my refund?", "Still waiting for refund of {amount}"],
        resolutions: [
            "Thanks {first}. I can see the refund of {amount} for order {order} was stuck; I've pushed it through and it should show within 2 working days.",
            "Sorry for the wait, {first}. Your refund of {amount} has now been issued to the original card.",
        ])

    static let chargedTwice = ComplaintTheme(
        key: "charged_twice", name: "charged twice",
        statements: [
            "I've been charged twice for order {order}, {amount} taken two times",
            "you took payment twice for the same order, {amount} each time",
            "double charged for my {item}, two identical payments of {amount} on my statement",
            "my card was charged twice for one order ({order})",
            "two payments of {amount} went out for a single order on {weekday}",
            "you billed me twice for the {item} and only one order exists in my account",
            "duplicate charge on my card for order {order}, please refund the extra {amount}",
            "paid once, charged twice. {amount} x2 for order {order}",
        ],
        details: [
            "Both payments have cleared, not pending.", "I only pressed pay once.",
            "My bank says you need to reverse the second charge.", "That has put my account into overdraft.",
        ],
        demands: [
            "Refund the duplicate payment please.", "Sort out the double charge today.",
            "I want the second charge reversed.",
        ],
        notes: [
            "Customer reports duplicate charge of {amount} on order {order}. Both show as settled. Passed to payments.",
            "Cust says card charged twice for {item}. Bank statement checked with cust - two debits of {amount}. Refund of duplicate requested.",
            "Double payment on order {order}. Customer angry, overdraft fees. Raised urgent payments ticket.",
        ],
        subjects: ["Charged twice for order {order}", "Duplicate payment {amount}", "Double charge on my card"],
        resolutions: [
            "Hi {first}, I'm sorry about the duplicate payment. I've refunded the extra {amount}; it will show in 3-5 working days.",
            "Thanks {first}, the payments team confirmed the double charge on order {order} and reversed it today.",
        ])

    static let loggedOutAfterUpdate = ComplaintTheme(
        key: "logged_out_after_update", name: "logged out after app update",
        statements: [
            "every time the app updates it logs me out and I have to reset my password",
            "updated the app to {version} this morning and now it keeps signing me out",
            "the latest app update logged me out and won't let me back in",
            "since version {version} the app logs me out every time I open it",
            "app update has logged me out again, third time this month",
            "new app version {version} keeps kicking me out of my account",
            "after updating the app I'm logged out and the login screen just spins",
            "your app signed me out after the update and my saved basket is gone",
            "can't stay logged in since the {version} update, it forgets me every time",
        ],
        details: [
            "Reinstalling didn't help.", "Face ID login stopped working too.",
            "The password reset email takes ages to arrive.", "Happens on both my phone and tablet.",
            "My partner has the same problem on their phone.",
        ],
        demands: [
            "Please fix the app.", "Test your updates before you release them.",
            "How do I stay logged in?", "Roll the update back.",
        ],
        notes: [
            "Customer logged out of the app after updating to {version}, cannot log back in. Reset password sent.",
            "Cust reports app signs out on every launch since update {version}. Passed to digital team.",
            "App logout issue after update, customer lost saved basket. Advised reinstall, did not help.",
        ],
        subjects: ["Logged out of the app after update", "App keeps logging me out", "Can't log in since app {version}"],
        resolutions: [
            "Thanks {first}. Our app team know about the logout issue in {version}; a fix is on the way. Logging in with your email and password should keep you signed in meanwhile."
        ])

    static let noReplyToMessages = ComplaintTheme(
        key: "no_reply_to_dms", name: "no reply to DMs",
        statements: [
            "I sent you a DM {days} days ago and nobody has replied",
            "still waiting for anyone to answer my DM from {weekday}",
            "messaged you {n} times this week and not a single reply",
            "is anyone actually reading your DMs? sent one on {weekday}, nothing back",
            "you told me to DM you, I did, and then silence for {days} days",
            "no response to my private message since {weekday}",
            "what's the point of asking people to DM you if you never answer the DMs",
            "my DM has been sitting unanswered for {days} days",
        ],
        details: [
            "Your bio says you reply within an hour.", "I can see it's been read.",
            "I gave you my order number and everything.", "Meanwhile you're replying to other tweets.",
        ],
        demands: [
            "Please check your DMs.", "Can a human answer my message?", "Reply to my DM please.",
        ],
        notes: [
            "Customer says DMs to {brand} social team unanswered for {days} days. Apologised, took details by phone."
        ],
        subjects: ["No reply to my messages", "Nobody answered my DM"],
        resolutions: ["Sorry for the silence, {first}. I've found your DM and replied there now."])

    static let parcelMarkedDelivered = ComplaintTheme(
        key: "parcel_marked_delivered", name: "parcel marked delivered but not received",
        statements: [
            "tracking says my parcel was delivered on {weekday} but nothing came",
            "order {order} marked as delivered, it isn't here, neighbours don't have it either",
            "your courier says delivered, photo shows a door that isn't mine",
            "parcel marked delivered at 14:02 while I was home all day and nobody knocked",
            "apparently my {item} was delivered. It wasn't.",
            "tracking for {order} says handed to resident. I live alone and was at work",
        ],
        details: [
            "I've checked the bins, the porch and with neighbours.", "The delivery photo is of a different house.",
            "It was a birthday present.",
        ],
        demands: ["Send a replacement please.", "Find my parcel.", "I want a refund or a replacement."],
        notes: [
            "Parcel for order {order} shows delivered, customer has not received. Courier claim opened.",
            "Cust says {item} marked delivered {weekday}, not received. Photo shows wrong address. Replacement arranged.",
        ],
        subjects: ["Parcel marked delivered but not received", "Order {order} not received"],
        resolutions: ["Thanks {first}, I've opened a claim with the courier and sent a replacement {item}; it'll arrive in 2 days."])

    static let lateDelivery = ComplaintTheme(
        key: "late_delivery", name: "late delivery",
        statements: [
            "my order {order} was due on {weekday} and still hasn't turned up",
            "next day delivery my foot, ordered {days} days ago and still waiting",
            "paid for express delivery and the {item} is {days} days late",
            "delivery date keeps moving, first {weekday}, now 'in the coming days'",
            "order stuck at the depot for {days} days",
            "still waiting on the {item} I ordered over a week ago",
        ],
        details: ["Tracking hasn't updated since {weekday}.", "I took a day off work to wait in.", "It was needed for an event."],
        demands: ["When will it actually arrive?", "Refund the delivery charge.", "Just tell me where it is."],
        notes: [
            "Late delivery on order {order}, stuck at depot {days} days. Chased courier, refunded delivery fee.",
            "Customer's {item} delivery {days} days late, tracking not updating. Advised 48h.",
        ],
        subjects: ["Late delivery order {order}", "Where is my order?"],
        resolutions: [
            "Thanks {first}. The courier had order {order} held at the depot; it's out for delivery tomorrow and I've refunded the delivery charge."
        ])

    static let damagedItem = ComplaintTheme(
        key: "damaged_item", name: "item arrived damaged",
        statements: [
            "my {item} arrived smashed, the box was crushed",
            "opened the parcel and the {item} is broken",
            "the {item} came with a big crack down the side",
            "received order {order} today, item damaged, packaging soaking wet",
            "second time an item from you has arrived damaged",
            "{item} turned up scratched and dented, clearly dropped",
        ],
        details: ["I've got photos.", "The outer box looked fine.", "It's unusable."],
        demands: ["I need a replacement.", "How do I send it back?", "Please replace it."],
        notes: [
            "Customer received damaged {item} (order {order}). Photos emailed. Replacement sent, return label issued.",
            "Cust called, {item} arrived broken. Collection booked.",
        ],
        subjects: ["Item arrived damaged", "Broken {item} - order {order}"],
        resolutions: ["So sorry, {first}. I've sent a replacement {item} and a prepaid label for the damaged one."])

    static let wrongItem = ComplaintTheme(
        key: "wrong_item", name: "wrong item sent",
        statements: [
            "ordered a {item} and you sent me something completely different",
            "wrong item in my parcel for order {order}",
            "got the wrong size and the wrong colour, not what I ordered",
            "received someone else's order instead of my {item}",
            "the label says {item} but the box has something else entirely",
        ],
        details: ["The packing slip has another customer's name on it.", "I needed it for the weekend."],
        demands: ["Send the right item please.", "Collect this and send what I paid for."],
        notes: ["Wrong item delivered on order {order}. Correct {item} dispatched, collection booked for wrong item."],
        subjects: ["Wrong item received", "Order {order} - wrong item"],
        resolutions: ["Apologies {first}, the right {item} is on its way and the courier will collect the wrong one."])

    static let longHoldTimes = ComplaintTheme(
        key: "long_hold_times", name: "long hold times on the phone",
        statements: [
            "been on hold for {minutes} minutes and counting",
            "your phone line is a joke, {minutes} minutes on hold then cut off",
            "spent my whole lunch break on hold to customer services",
            "tried calling three times today, each time over {minutes} minutes waiting",
            "the hold music is burned into my brain at this point",
        ],
        details: ["The call dropped when I finally got through.", "Your website says call us for this."],
        demands: ["Hire more staff.", "Can someone call me back instead?"],
        notes: ["Customer waited {minutes} minutes in queue before answer, unhappy with wait time."],
        subjects: ["Unable to get through on the phone", "Hours on hold"],
        resolutions: ["Sorry about the wait, {first}. I've booked a callback for you tomorrow morning."])

    static let promoCodeRejected = ComplaintTheme(
        key: "promo_code_rejected", name: "promo code not accepted",
        statements: [
            "your discount code {code} doesn't work at checkout",
            "promo code from your own email says invalid",
            "the 20% off code was rejected and now the sale has ended",
            "checkout won't accept code {code}, tried on the app and the website",
            "why advertise a voucher that doesn't apply to anything",
        ],
        details: ["It's definitely in date.", "The basket is over the minimum spend."],
        demands: ["Honour the discount please.", "Fix the code."],
        notes: ["Promo code {code} rejected at checkout for customer. Applied discount manually to order {order}."],
        subjects: ["Discount code not working", "Code {code} invalid"],
        resolutions: ["Thanks {first}, I've applied the discount to order {order} manually."])

    static let cannotCancelMembership = ComplaintTheme(
        key: "cannot_cancel_membership", name: "cannot cancel membership",
        statements: [
            "trying to cancel my Acme Plus membership and there's no way to do it online",
            "cancelled my membership last month and you billed me again",
            "the cancel button in my account just loops back to the offers page",
            "why is it so hard to cancel a subscription with you",
            "asked to cancel Plus on {weekday}, still active and still charging",
        ],
        details: ["I've been a member for years.", "The chat bot just sends me in circles."],
        demands: ["Cancel it now please.", "Confirm the cancellation in writing."],
        notes: ["Customer unable to cancel Plus membership online. Cancelled by agent, confirmation sent."],
        subjects: ["Cancel my membership", "Please cancel Acme Plus"],
        resolutions: ["Done, {first}: your Plus membership is cancelled and you won't be charged again."])

    static let rudeStoreStaff = ComplaintTheme(
        key: "rude_store_staff", name: "rude staff in store",
        statements: [
            "the staff at your {store} store were so rude to me today",
            "was laughed at by a member of staff at {store} when I asked about a return",
            "manager at {store} refused to help and rolled her eyes",
            "appalling attitude from the till staff in {store}",
        ],
        details: ["I've shopped there for years.", "Other customers noticed too."],
        demands: ["I'd like an apology.", "Please speak to the store."],
        notes: ["Visited {store} store to complain about staff attitude at the tills. Store manager informed."],
        subjects: ["Complaint about {store} staff"],
        resolutions: ["I'm sorry, {first}. I've passed this to the {store} store manager, who will call you."])

    static let clickAndCollectNotReady = ComplaintTheme(
        key: "click_collect_not_ready", name: "click and collect order not ready",
        statements: [
            "got the 'ready to collect' text, drove to {store} and they couldn't find my order",
            "click and collect order {order} not ready despite the email saying it was",
            "third trip to {store} for a click & collect that still isn't there",
            "collection point staff say my order was never sent to the store",
        ],
        details: ["That's a 40 minute drive each way.", "The desk had a queue of people with the same problem."],
        demands: ["Where is it actually?", "Refund my parking at least."],
        notes: ["Customer at {store} for click & collect order {order}, not found in store. Stock check raised."],
        subjects: ["Click and collect order not ready"],
        resolutions: ["Sorry {first}, order {order} was sent to the wrong store; it's at {store} now."])

    /// Every theme, planted flaws first.
    static let all: [ComplaintTheme] = [
        refundNotReceived, chargedTwice, loggedOutAfterUpdate, noReplyToMessages, parcelMarkedDelivered,
        lateDelivery, damagedItem, wrongItem, longHoldTimes, promoCodeRejected, cannotCancelMembership,
        rudeStoreStaff, clickAndCollectNotReady,
    ]

    /// Background weights (relative frequency of each theme among everyday complaints). Refunds and
    /// double charges keep a low steady baseline here; log-outs and unanswered DMs come only from
    /// their planted stories, which control their baselines.
    static let backgroundWeights: [Double] = [0.5, 0.35, 0, 0, 1.0, 1.2, 0.9, 0.7, 0.6, 0.6, 0.5, 0.35, 0.45]
}
