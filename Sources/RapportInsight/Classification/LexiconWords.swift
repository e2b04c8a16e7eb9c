/// The word lists behind ``InteractionClassifier``, written for customer-service English.
///
/// Lists are `word:value` (or bare words) separated by white space, parsed once when the lexicon is
/// built. Words are lower-case ASCII with `'` as the apostrophe (the scanner folds `’` to `'`),
/// contractions listed with and without it because customers type both.
enum LexiconWords {
    /// Sentiment valence, -4 (very negative) … +4 (very positive), in the spirit of VADER/AFINN but
    /// written for this domain: failure words ("crashes", "delayed") are mildly negative here.
    static let valences = """
        good:1.9 great:3.1 awesome:3.1 amazing:2.8 excellent:3.2 fantastic:2.6 brilliant:2.8 brill:2.5
        perfect:2.7 wonderful:2.7 love:3.2 loved:2.9 loves:2.7 loving:2.9 lovely:2.8 luv:2.5 happy:2.7
        glad:2.0 pleased:1.9 thank:1.5 thanks:1.9 thx:1.5 thankful:2.7 grateful:2.0 appreciate:2.0
        appreciated:2.2 helpful:1.8 best:3.2 better:1.9 nice:1.8 cool:1.3 fun:2.3 beautiful:2.9
        superb:3.1 outstanding:3.0 incredible:2.5 impressive:2.3 impressed:2.1 enjoy:2.2 enjoyed:2.3
        enjoying:2.4 smooth:1.2 easy:1.9 quick:1.0 quickly:0.8 sweet:2.0 yay:2.4 hooray:2.4 hurrah:2.4
        wow:1.0 friendly:2.2 polite:1.8 fab:2.4 fabulous:2.4 stellar:2.8 rocks:1.5 marvelous:2.9
        marvellous:2.9 terrific:2.8 delighted:2.9 satisfied:1.8 recommend:1.5 recommended:1.5
        favourite:2.0 favorite:2.0 fave:2.0 winner:2.8 success:2.7 solved:1.5 resolved:1.5 fixed:1.0
        sorted:0.8 legend:2.0 hero:2.5 genius:2.5 kudos:2.6 bravo:2.6 congrats:2.4 excited:2.0
        exciting:2.2 proud:2.1 cute:2.0 gorgeous:3.0 delicious:2.8 tasty:2.4 yummy:2.4 comfortable:1.5
        reliable:1.5 welcome:1.5 lucky:1.8 fine:0.8 ok:0.5 okay:0.5 alright:0.5 hope:1.2 hopefully:1.0
        lol:0.6 haha:1.2 hahaha:1.2 lmao:1.0 yes:0.3 cheers:1.5 thankyou:1.9 ty:1.5 tysm:2.0 thanx:1.5
        thnx:1.5 pleasure:2.0 helped:1.2 works:0.3 worked:0.5 thrilled:2.8 joy:2.5
        bad:-2.5 terrible:-3.2 horrible:-3.2 awful:-3.1 worst:-3.3 worse:-2.3 poor:-2.0 poorly:-1.8
        hate:-3.0 hated:-3.0 hates:-2.8 sucks:-2.5 suck:-2.3 sucked:-2.2 crap:-2.3 crappy:-2.5
        shit:-2.5 shitty:-2.8 trash:-2.0 garbage:-2.2 rubbish:-2.0 useless:-2.5 pathetic:-2.8
        ridiculous:-2.2 disgusting:-3.0 disgraceful:-3.0 disgrace:-3.0 shameful:-2.5 shame:-2.0
        unacceptable:-2.8 unprofessional:-2.3 unprofessionally:-2.3 rude:-2.3 incompetent:-2.8
        annoying:-2.2 annoyed:-2.2 angry:-2.8 mad:-2.0 furious:-3.0 livid:-3.0 upset:-2.0
        frustrated:-2.2 frustrating:-2.2 frustration:-2.0 disappointed:-2.2 disappointing:-2.3
        disappointment:-2.3 sad:-2.1 unhappy:-2.2 hopeless:-2.3 worried:-1.5 concerned:-1.0
        confused:-1.2 confusing:-1.5 horrendous:-3.2 atrocious:-3.2 dreadful:-3.0 abysmal:-3.0
        appalling:-3.0 appalled:-3.0 lame:-1.8 stupid:-2.4 dumb:-2.0 idiot:-2.5 idiots:-2.5 joke:-1.0
        lies:-2.0 lie:-1.8 lied:-2.2 lying:-2.2 liar:-2.5 liars:-2.5 scam:-2.8 fraud:-2.8 stolen:-2.3
        stealing:-2.3 ugly:-2.3 slow:-1.3 late:-1.2 delayed:-1.5 delay:-1.4 delays:-1.5 cancelled:-1.2
        canceled:-1.2 broken:-2.0 broke:-1.5 crash:-1.8 crashes:-1.8 crashing:-1.8 crashed:-1.8
        freeze:-1.5 freezes:-1.5 freezing:-1.2 froze:-1.5 frozen:-1.3 bug:-1.3 bugs:-1.3 buggy:-1.8
        bugged:-1.5 glitch:-1.5 glitches:-1.5 glitching:-1.5 glitchy:-1.8 error:-1.2 errors:-1.2
        fail:-2.0 fails:-2.0 failed:-2.0 failing:-2.0 failure:-2.3 problem:-1.2 problems:-1.3
        issue:-1.0 issues:-1.0 wrong:-1.8 missing:-1.3 lost:-1.3 stuck:-1.5 stranded:-2.0 outage:-1.8
        outages:-1.8 hacked:-2.3 overcharged:-2.3 complain:-1.8 complaint:-1.5 complaining:-1.5
        waiting:-0.6 waited:-0.8 ignored:-2.0 ignoring:-2.0 unhelpful:-2.2 worthless:-2.6
        nightmare:-2.8 hell:-2.5 damn:-1.5 wtf:-2.5 fuck:-2.5 fucking:-2.2 ffs:-2.0 smh:-1.5 ugh:-1.8
        sigh:-1.2 meh:-1.0 bummer:-1.8 eek:-1.0 fml:-2.0 sorry:-0.5 unfortunately:-1.2 sadly:-1.5
        misleading:-2.0 inconvenience:-1.8 inconvenient:-1.8 hassle:-1.8 dead:-1.5 dies:-1.3
        died:-1.3 kill:-2.0 kills:-2.0 killing:-2.0 ruined:-2.5 ruin:-2.3 ruining:-2.5 ruins:-2.3
        waste:-2.0 wasted:-2.2 wasting:-2.0 expensive:-1.0 overpriced:-1.8 unreliable:-2.0
        disaster:-2.8 mess:-1.8 messed:-1.8 chaos:-2.0 painful:-2.0 pain:-1.8 struggle:-1.5
        struggling:-1.5 tired:-1.2 sick:-1.5 impossible:-1.5 difficult:-1.3 insane:-1.0 bullshit:-2.8
        wth:-2.0 heck:-1.0 nonsense:-2.0 excuses:-1.5 scared:-1.8 dangerous:-2.0 dangerously:-2.0
        unsafe:-2.0 filthy:-2.5 dirty:-1.8 charged:-0.8 expired:-1.0 blocked:-1.5 suspended:-1.5
        declined:-1.5 denied:-1.8 rejected:-1.8 unavailable:-1.3 disconnected:-1.3 disconnecting:-1.3
        disconnects:-1.3 dropped:-1.2 overdue:-1.5 damaged:-2.0 faulty:-2.0 defective:-2.2
        unsuccessful:-1.5 useless:-2.5 cheated:-2.5 robbed:-2.5 hostage:-2.0 threatening:-2.0
        ridiculously:-1.0 shocking:-2.3 shocked:-2.0 horrid:-3.0 sucky:-2.3 fuming:-3.0 gutted:-2.5
        crappiest:-3.0 unbelievable:-1.5 seriously:-0.5 wasteful:-1.5 nope:-0.8 disrespectful:-2.5
        careless:-2.0 clueless:-2.2 trouble:-1.3 blank:-0.8 disingenuous:-2.0
        buffering:-1.2 lag:-1.0 laggy:-1.5 lagging:-1.2 bumped:-1.0 overbooked:-1.5 missed:-0.8
        unresponsive:-1.5 spam:-1.0 overcharging:-2.0 overcharge:-2.0 incorrect:-1.2 inaccurate:-1.2
        mistake:-1.2 mistakes:-1.2 disappeared:-1.2 vanished:-1.2 refused:-1.8 refuse:-1.5
        refuses:-1.5 lazy:-2.0 greedy:-2.2 bloody:-1.2 diddled:-2.0 useless:-2.5 fake:-1.8 valid:1.0
        invalid:-1.2 respect:1.5 care:1.0 cares:1.0 deactivated:-1.5 trust:1.5 trusted:1.5
        playable:1.0 available:1.0 aww:1.5 police:-1.0 magically:-0.5
        """

    /// Words that report a failure (complaint evidence), weight 0…1, counted when not negated.
    /// Words absent here still count through their negative valence.
    static let problemWords = """
        broken:1 broke:0.8 crash:1 crashes:1 crashing:1 crashed:1 freeze:1 freezes:1 freezing:0.8
        froze:1 frozen:0.8 glitch:1 glitches:1 glitching:1 glitchy:1 bug:0.8 bugs:0.8 buggy:1
        bugged:1 error:0.8 errors:0.8 fail:1 fails:1 failed:1 failing:1 failure:1 problem:0.6
        problems:0.6 issue:0.6 issues:0.6 wrong:0.8 missing:0.8 lost:0.6 stuck:0.8 stranded:1
        outage:1 outages:1 hacked:1 overcharged:1 delayed:0.8 delay:0.8 delays:0.8 late:0.5
        cancelled:0.5 canceled:0.5 complain:1 complaining:1 complaint:0.4 ignored:1 ignoring:1
        damaged:1 faulty:1 defective:1 expired:0.6 blocked:0.8 suspended:0.8 declined:0.8 denied:0.8
        rejected:0.8 unavailable:0.6 disconnected:0.8 disconnecting:0.8 disconnects:0.8 dropped:0.6
        refund:0.5 charged:0.5 again:0.4 waiting:0.6 waited:0.8 unresolved:1 happening:0.3
        unsuccessful:0.8 overdue:0.8 trouble:0.8 blank:0.6 shame:1 buffering:0.8 lag:0.6
        laggy:0.8 lagging:0.8 bumped:0.6 overbooked:0.8 missed:0.5 unresponsive:0.8 overcharging:1
        overcharge:1 incorrect:0.8 inaccurate:0.6 mistake:0.6 mistakes:0.6 disappeared:0.8
        vanished:0.8 refused:0.8 refuse:0.8 refuses:0.8 fake:0.8 invalid:0.8 fix:0.6 fixing:0.5
        deactivated:0.8 police:0.6 magically:0.6 stolen:1 scam:1 fraud:1 hacker:1 impersonation:1 spam:0.8
        """

    /// Negators: a valence word within three words after one has its sign flipped and damped.
    static let negators = """
        not no never cannot can't cant won't wont don't dont doesn't doesnt didn't didnt isn't isnt
        aren't arent wasn't wasnt weren't werent hasn't hasnt haven't havent hadn't hadnt couldn't
        couldnt wouldn't wouldnt shouldn't shouldnt nothing nobody none neither nor without unable
        ain't aint nowhere noone hardly
        """

    /// Negators that say the customer could not do something: followed by any verb they are a failure.
    static let inability = "cannot can't cant won't wont couldn't couldnt unable"

    /// Verbs and participles whose negation reports a failure: "not working", "haven't received".
    static let functionVerbs = """
        work works working worked load loads loading loaded play plays playing played open opens
        opening opened start starts starting started connect connects connecting connected sync
        syncing synced show shows showing showed shown appear appears appearing appeared arrive
        arrives arrived arriving receive received receiving get got gotten getting respond responded
        responding response reply replied replying answer answered answering help helped helping fix
        fixed resolve resolved solve solved deliver delivered refund refunded log login logging sign
        update updated updating download downloading downloaded install installing installed let
        allow allowing recognize recognise recognizes recognises recognized recognising recognizing
        find found access accept accepted accepting register activate activated come came call called
        contact contacted hear heard process processed change save saved unlock unlocked stream
        streaming run running boot launch launches go goes turn turns shows sent send charge credited
        apply applied pick picking picked give gives given
        """

    /// Things a customer expects to have: "no internet", "no reply" and "no refund" are failures.
    static let expectedThings = """
        internet service signal response reply replies answer refund help email emails confirmation
        update updates notification access sound audio wifi connection power tv cable luggage bag
        bags package parcel order delivery money credit points tracking option luck internets
        phone contact callback call info information music wifi data reception network coverage
        number here there
        """

    /// Services that go "out" or "down": "internet out", "app down".
    static let utilities = """
        internet internets service signal wifi power tv cable network connection app website site
        server servers system phone phones line lines
        """

    static let contrasts = "but however though although except"

    static let questionWords = """
        how what what's whats where where's wheres when when's which who who's whose whom why
        """

    static let auxiliaries = """
        is are am was were can could do does did will would should shall has have may might any
        anyone anybody
        """

    static let thanks = """
        thanks thank thx thnx thanx ty tysm thankyou thanku cheers appreciate appreciated grateful
        thankful
        """

    static let secondPerson = "you your yours u ur y'all yall you're youre ya you've you'll"

    /// Positive words that open a sarcastic complaint: "great, another delay".
    static let sarcasmOpeners = """
        great perfect wonderful fantastic brilliant lovely awesome nice thanks thank cheers terrific
        super splendid marvelous marvellous excellent yay hooray thrilled amazing glad good love
        loving
        """

    /// Words (often hashtags) that mark a message as sarcastic on their own.
    static let sarcasmMarkers = "ohgreat sarcasm yeahright thanksfornothing notimpressed"

    static let requests = "please pls plz"

    /// Boosters (> 1) and dampeners (< 1) of the next valence word.
    static let multipliers = """
        very:1.3 so:1.2 soo:1.3 really:1.3 extremely:1.5 totally:1.3 absolutely:1.4 completely:1.3
        super:1.3 incredibly:1.5 literally:1.2 such:1.2 too:1.2 freaking:1.4 fricking:1.4
        utterly:1.5 highly:1.3 most:1.2 quite:1.1 especially:1.2 truly:1.3 insanely:1.4 hugely:1.3
        massively:1.3 majorly:1.3 mega:1.3 pretty:1.1 kinda:0.6 slightly:0.6 somewhat:0.7 bit:0.7
        barely:0.5 partly:0.7 fairly:0.8 almost:0.8 mostly:0.8 occasionally:0.7 sometimes:0.8
        """

    /// Words after which a verb's "-ing" form reports a recurring failure: "keeps crashing".
    static let recurrence = "keep keeps kept keeping"

    /// Words that say a failure is over: "problem solved" does not make a complaint.
    static let resolutions = "fixed solved resolved sorted"

    /// Openers a question or clause may start with that do not change its meaning.
    static let fillers = """
        hi hey hello hiya yo oh ah ahh well so and also just ok okay um umm dear guys folks team
        """
}
