/// Name, place and word lists for synthetic people. Invented combinations; no real customer data.
enum DemoNames {
    static let first = [
        "Aisha", "Amelia", "Arjun", "Ben", "Bethany", "Callum", "Chloe", "Chidi", "Daniel", "Deepa", "Eilidh",
        "Emily", "Ethan", "Fatima", "Finn", "Freya", "George", "Grace", "Hannah", "Harry", "Imran", "Isla",
        "Jack", "Jade", "James", "Jasmine", "José", "Kai", "Katie", "Kwame", "Laura", "Leah", "Liam", "Lucy",
        "Łukasz", "Mia", "Mohammed", "Nadia", "Niamh", "Noah", "Oliver", "Olivia", "Omar", "Patrick", "Priya",
        "Rachel", "Rhys", "Rosa", "Ryan", "Saanvi", "Sam", "Sarah", "Siobhán", "Sofia", "Tariq", "Tom", "Una",
        "Victoria", "Wei", "Yusuf", "Zara", "Zoë", "Renée", "Mateo", "Ines", "Kofi", "Anya", "Hugo", "Megan",
    ]

    static let last = [
        "Adams", "Ahmed", "Akhtar", "Álvarez", "Baker", "Bennett", "Brown", "Campbell", "Chen", "Clarke", "Davies",
        "Dubois", "Edwards", "Evans", "Fernandes", "Fraser", "Green", "Hall", "Hughes", "Hussain", "Jones", "Kaur",
        "Kowalski", "Lewis", "Martin", "McDonald", "Mensah", "Mitchell", "Morgan", "Murphy", "Nguyen", "Novak",
        "O'Brien", "O'Neill", "Okafor", "Owen", "Patel", "Phillips", "Price", "Reid", "Roberts", "Robinson",
        "Rossi", "Scott", "Shah", "Singh", "Smith", "Sørensen", "Stewart", "Taylor", "Thomas", "Thompson",
        "Turner", "Walker", "Watson", "White", "Williams", "Wilson", "Wood", "Wright", "Yilmaz", "Young", "Zhang",
    ]

    static let cities = [
        "London", "Manchester", "Leeds", "Glasgow", "Bristol", "Birmingham", "Cardiff", "Edinburgh", "Belfast",
        "Liverpool", "Newcastle", "Nottingham", "Sheffield", "Brighton", "Leicester",
    ]

    static let handleWords = [
        "sunny", "tea", "toast", "pixel", "rainy", "midnight", "vinyl", "coffee", "lazy", "fox", "northern",
        "biscuit", "retro", "cosmic", "quiet", "urban", "garden", "salty", "paper", "hello",
    ]

    static let items = [
        "trainers", "kettle", "winter coat", "headphones", "air fryer", "bedding set", "school shoes", "toaster",
        "jeans", "hoodie", "lamp", "phone case", "suitcase", "coffee machine", "duvet", "blender", "backpack",
        "running jacket", "desk chair", "baby monitor",
    ]

    static let agents = ["Priya", "Dan", "Megan", "Tom", "Aisha", "Kev", "Rosa", "Liam", "Jo", "Sam", "Nadia", "Chris"]

    static let stores = [
        "Leeds Trinity", "Manchester Arndale", "Bristol Cabot", "Oxford Street", "Glasgow Buchanan",
        "Cardiff Queen St", "Birmingham Bullring", "Brighton Churchill", "Newcastle Eldon",
    ]

    /// The ASCII, lower-case letters of a name, for emails and handles (`Siobhán O'Neill` → `siobhan`, `oneill`).
    static func slug(_ name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            switch character {
            case "á", "à", "â", "ä", "å": result.append("a")
            case "é", "è", "ê", "ë": result.append("e")
            case "í", "ì", "î", "ï": result.append("i")
            case "ó", "ò", "ô", "ö", "ø": result.append("o")
            case "ú", "ù", "û", "ü": result.append("u")
            case "ł": result.append("l")
            case "ñ": result.append("n")
            case "ç": result.append("c")
            default:
                if character.isASCII && (character.isLetter || character.isNumber) { result.append(character) }
            }
        }
        return result
    }
}
