import RapportCore

/// Splits a SQL script into statements at top-level semicolons.
///
/// PostgresNIO speaks the extended query protocol, which takes one statement at a time, so a
/// migration file is run statement by statement. Quotes, `"identifiers"`, dollar-quoted bodies
/// (`$$ … $$`, `$tag$ … $tag$`), `--` and `/* */` comments are respected.
enum SQLScript {
    static func statements(in script: String) -> [String] {
        let characters = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0
        func flush() {
            let text = String(current).trimmingWhitespace()
            if !text.isEmpty && !isOnlyComments(text) { statements.append(text) }
            current = String.UnicodeScalarView()
        }
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "'", "\"":
                let end = scan(characters, from: index + 1, until: character)
                current.append(contentsOf: characters[index..<end])
                index = end
            case "-" where next == "-":
                var end = index
                while end < characters.count, characters[end] != "\n" { end += 1 }
                current.append(contentsOf: characters[index..<end])
                index = end
            case "/" where next == "*":
                var end = index + 2
                while end + 1 < characters.count, !(characters[end] == "*" && characters[end + 1] == "/") { end += 1 }
                end = min(end + 2, characters.count)
                current.append(contentsOf: characters[index..<end])
                index = end
            case "$":
                if let tagEnd = dollarTagEnd(characters, from: index) {
                    let tag = Array(characters[index...tagEnd])
                    var end = tagEnd + 1
                    while end < characters.count {
                        if characters[end] == "$", end + tag.count <= characters.count, Array(characters[end..<(end + tag.count)]) == tag {
                            end += tag.count
                            break
                        }
                        end += 1
                    }
                    current.append(contentsOf: characters[index..<min(end, characters.count)])
                    index = min(end, characters.count)
                } else {
                    current.append(character)
                    index += 1
                }
            case ";":
                flush()
                index += 1
            default:
                current.append(character)
                index += 1
            }
        }
        flush()
        return statements
    }

    /// The index after the closing quote (a doubled quote is an escaped one).
    private static func scan(_ characters: [Unicode.Scalar], from start: Int, until quote: Unicode.Scalar) -> Int {
        var index = start
        while index < characters.count {
            if characters[index] == quote {
                if index + 1 < characters.count, characters[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return characters.count
    }

    /// For `$tag$`, the index of the closing `$` of the opening tag; nil when `$` starts no tag (e.g. `$1`).
    private static func dollarTagEnd(_ characters: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        while index < characters.count {
            let character = characters[index]
            if character == "$" { return index }
            let isTagCharacter = character == "_" || (character.properties.isAlphabetic) || (index > start + 1 && ("0"..."9").contains(character))
            if !isTagCharacter { return nil }
            index += 1
        }
        return nil
    }

    private static func isOnlyComments(_ text: String) -> Bool {
        text.split(separator: "\n").allSatisfy { $0.trimmingWhitespace().isEmpty || $0.trimmingWhitespace().hasPrefix("--") }
    }
}
