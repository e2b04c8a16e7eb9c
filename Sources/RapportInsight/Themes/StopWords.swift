/// Words that carry no operational problem: English function words and the filler of customer
/// service messages ("hi", "please", "thanks", "help", "guys"). Negations are not here: they are
/// folded into `not` instead (see ``ComplaintText``). Direction words ("up", "out", "off") stay,
/// because "top up", "logged out" and "cut off" name problems.
enum StopWords {
    static let english: [String] = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
        "do", "does", "doing", "during", "each", "either", "even", "ever", "every", "few", "for", "from", "further",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i",
        "if", "in", "into", "is", "it", "its", "itself", "just", "let", "lets", "may", "me", "might", "more", "most",
        "must", "my", "myself", "of", "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "over",
        "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
        "very", "was", "we", "were", "what", "whats", "when", "where", "which", "while", "who", "whom", "why", "will",
        "with", "would", "you", "your", "yours", "yourself", "yourselves", "im", "ive", "id", "ill", "u", "ur", "r",
        "s", "t", "d", "m", "ll", "re", "ve", "yet", "though", "although", "whether", "something", "anything",
        "someone", "anyone", "thing", "things", "way", "much", "many", "lot", "really", "actually", "already",
        "now", "today", "yesterday", "please", "pls", "plz", "thanks", "thank", "thx", "ty", "hi", "hello", "hey",
        "dear", "sir", "madam", "guys", "team", "regards", "cheers", "ok", "okay", "yes", "yeah", "oh", "well", "hmm",
        "help", "know", "tell", "need", "want", "like", "wanted", "needed", "able", "possible", "go", "going",
        "via", "etc", "one", "us", "pm", "lol", "omg",
    ]

    static let negations: [String] = [
        "not", "no", "never", "nothing", "none", "cannot", "nor", "dont", "didnt", "doesnt", "havent", "hasnt",
        "hadnt", "isnt", "wasnt", "werent", "arent", "cant", "couldnt", "wouldnt", "shouldnt", "wont", "aint",
        "nobody", "noone",
    ]

    // Open-addressing tables of the words' hashes: every word of every complaint is looked up in
    // both, and a `Set<UInt64>` hashed each lookup again with SipHash (about 2 % of the nightly
    // job's Swift CPU on the 10M benchmark).
    private static let stopHashes = table(english)
    private static let negationHashes = table(negations)

    private static func table(_ words: [String]) -> TermIndex {
        var index = TermIndex(minimumCapacity: words.count)
        for word in words { _ = index.insert(TermHash.hash(word)) }
        return index
    }

    static func contains(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        stopHashes.find(TermHash.hash(word)) != nil
    }

    static func isNegation(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        negationHashes.find(TermHash.hash(word)) != nil
    }
}
