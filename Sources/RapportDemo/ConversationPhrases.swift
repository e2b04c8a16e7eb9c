/// Everything customers and the brand say that is not a complaint theme: questions, compliments,
/// comments, the glue around a complaint, and the brand's replies. Templates use ``TextSlots``.
enum ConversationPhrases {
    /// Questions, grouped by topic so a conversation can get a matching answer.
    static let questions: [(topic: String, texts: [String], answers: [String])] = [
        (
            "order status",
            [
                "where can I track order {order}?", "any update on when order {order} will ship?",
                "has my {item} been dispatched yet?", "how do I find the tracking number for my order?",
                "is there a way to see which courier is bringing my parcel?",
            ],
            ["You can track it under Orders in your account; order {order} is with the courier and due {weekday}."]
        ),
        (
            "opening hours",
            [
                "what time does the {store} store open on Sunday?", "is {store} open late on Thursdays?",
                "are your stores open on the bank holiday?", "what are the opening hours at {store} this week?",
            ],
            ["{store} is open 9am-8pm Monday to Saturday and 11am-5pm on Sunday."]
        ),
        (
            "returns policy",
            [
                "how long do I have to return a {item}?", "can I return something bought online to a store?",
                "do I need the receipt to exchange a gift?", "is return postage free?",
            ],
            ["You have 30 days to return, in store or by post with the free label in your account."]
        ),
        (
            "stock",
            [
                "will the {item} be back in stock soon?", "do you have the {item} in a medium at {store}?",
                "is the grey {item} discontinued?", "any chance of a restock on the {item} before Christmas?",
            ],
            ["It's due back in stock next week; tap 'notify me' on the product page and we'll email you."]
        ),
        (
            "delivery address",
            [
                "can I change the delivery address on order {order}?", "do you deliver to Northern Ireland?",
                "can I have my parcel left with a neighbour?", "do you ship to Ireland and how much is it?",
            ],
            ["Yes - you can change it under Orders until the parcel is dispatched."]
        ),
        (
            "gift cards",
            [
                "how do I check my gift card balance?", "can I use two gift cards on one order?",
                "do gift cards expire?", "can I use a gift card in the app?",
            ],
            ["You can check the balance at acme.example/giftcards; cards last 24 months and work online and in store."]
        ),
        (
            "membership",
            [
                "what do I get with Acme Plus?", "does Plus include free next day delivery?",
                "is there a student discount?", "how do I add my partner to my Plus membership?",
            ],
            ["Plus gives free next day delivery, early sale access and 10% off in store."]
        ),
    ]

    static let compliments = [
        "just wanted to say {agent} on your chat team was brilliant, sorted everything in five minutes",
        "ordered last night, {item} arrived this morning. Impressive!",
        "shout out to the staff at {store}, so helpful today",
        "love my new {item}, great quality for the price",
        "thanks for replacing my {item} so quickly, really appreciated",
        "best customer service I've had all year, thank you {agent}",
        "the new app is so much quicker, nice work",
        "honestly can't fault the delivery, on time and the driver was lovely",
        "the {item} I bought from you two years ago is still going strong. Recommend!",
        "{agent} at {store} went above and beyond to find my size",
        "really easy return, refund was in my account the next day",
        "you lot always come through, cheers",
    ]

    static let comments = [
        "the new {store} store layout takes some getting used to",
        "just saw your new advert on TV, catchy song",
        "bought my third {item} from you this year, apparently I have a type",
        "the sale starts tomorrow? my bank account is nervous",
        "interesting to see you doing repairs in store now",
        "{store} had a queue out the door this morning",
        "not sure about the new packaging but it's less plastic I suppose",
        "the Christmas window at {store} is up already",
        "my dog has claimed the box the {item} came in",
        "everyone in my office has the same {item} now",
        "thinking about switching my membership to Plus",
        "the café in {store} does decent coffee for a shop",
    ]

    static let complaintOpeners = [
        "", "", "", "Hi,", "Hey,", "Seriously?", "Not impressed.", "Come on.", "Ugh.", "Hello,", "Honestly,",
        "Again?!", "Unbelievable.",
    ]

    static let complaintFeelings = [
        "Really disappointed.", "This is ridiculous.", "Absolutely fuming.", "Not good enough.", "So frustrating.",
        "Worst service I've had in years.", "Starting to lose patience.", "Very poor.", "I'm done with this.",
        "Not happy at all.",
    ]

    static let socialTails = ["", "", "", " 😡", " 🙄", " 😤", " #fail", " #customerservice", " !!", " 🤦"]
    static let privateComplaintTails = ["", "", "", "", "", " !!", " 🙄"]
    static let positiveTails = ["", "", " 🙌", " ❤️", " 👏", " #happycustomer", " :)"]

    static let emailGreetings = ["Hi,", "Hello,", "Dear Acme team,", "Hi there,", "To whom it may concern,"]
    static let emailSignoffs = ["Thanks,", "Regards,", "Kind regards,", "Cheers,", "Thanks in advance,"]

    /// The brand's public answer to a complaint: sympathy and a move to a private channel.
    static let publicAskToDM = [
        "@{handle} Sorry to hear this, {first}. Please DM us your order number and we'll look into it. ^{agentInitial}",
        "@{handle} That's not what we want to hear. Can you send us a DM with your details so we can help? ^{agentInitial}",
        "@{handle} We're sorry! Pop us a DM with your order number and postcode and we'll get this sorted.",
        "@{handle} Hi {first}, apologies for the trouble. Please send us a direct message and we'll take a look.",
    ]

    static let publicThanks = [
        "@{handle} Thanks so much, {first}! We'll pass this on to the team. ^{agentInitial}",
        "@{handle} This made our day, thank you!",
        "@{handle} Great to hear, enjoy it!",
    ]

    static let publicCommentReplies = ["@{handle} Ha, we love that!", "@{handle} Thanks for sharing, {first}."]

    static let publicNoReplyApologies = [
        "@{handle} Sorry for the wait, {first}. We're working through our messages and will reply to yours today.",
        "@{handle} Apologies, we're busier than usual. We'll get back to your DM as soon as we can.",
    ]

    /// Customer details sent privately after being asked to DM: facts, not a restated complaint.
    static let privateDetails = [
        "Hi, it's order {order}. Email on the account is {email}.",
        "Order number {order}, postcode LS1 4AB.",
        "Here you go: {order}. Thanks.",
        "Order {order}, under the name {first}.",
        "It's {order}, placed on {weekday}.",
    ]

    static let privateAcknowledgements = ["Thanks", "ok thanks", "Great, thank you.", "Cheers", "Thanks for sorting it."]

    static let privateGenericAnswers = [
        "Thanks {first}. I've raised this with the team and will update you within 48 hours.",
        "Thanks for the details, {first}. I'm looking into order {order} now.",
    ]

    static let chatGreetings = [
        "Hi, you're chatting with {agent}. How can I help?", "Hello! {agent} here, what can I do for you today?",
    ]

    static let emailAutoReplies = [
        "Hi {first},\n\nThanks for contacting Acme. We've received your email and will reply within 3 working days.\n\nAcme Customer Care"
    ]

    /// Unanswered private questions that lie behind a "no reply to DMs" complaint.
    static let unansweredDMs = [
        "Hi, can someone check order {order}? Tracking hasn't moved since {weekday}.",
        "Hello, I need to change the delivery address for order {order}, can you help?",
        "Hi, quick one: can I swap the {item} I ordered for a different colour?",
        "Hi there, could you tell me if my return for order {order} has been received?",
    ]
}
