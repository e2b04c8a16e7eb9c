import Foundation

/// Escaping for every value in a report that a customer could have written (bodies, identifiers,
/// theme names built from their words). Each output format has its own rule; renderers must pass such
/// values through the one for their format.
public enum ReportEscaping {
    /// Text safe inside HTML elements and quoted attributes: `& < > " '` become entities.
    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text that CommonMark shows literally: inline markup and raw HTML characters are
    /// backslash-escaped, and line-start markers (`#`, `-`, `+`, `1.`) cannot start a block.
    public static func markdown(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in oneLine(text).unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "&", "~", "#", "!", "(", ")", "{", "}":
                out += "\\"
                out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        if let first = out.unicodeScalars.first, first == "-" || first == "+" || first == "=" {
            out = "\\" + out
        }
        // "12. text" would start an ordered list.
        let digits = out.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, out.dropFirst(digits.count).first == "." {
            out.insert("\\", at: out.index(out.startIndex, offsetBy: digits.count))
        }
        return out
    }

    /// One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, with quotes doubled.
    /// Text that a spreadsheet would run as a formula (starting with `= + - @`, tab or CR) gets a
    /// leading apostrophe first (OWASP "CSV injection").
    public static func csvText(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        return csvField(value)
    }

    /// A CSV field without the formula guard (for numbers and dates the report itself wrote).
    public static func csvField(_ value: String) -> String {
        let needsQuotes = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The argument as one shell word: unchanged when it has only safe characters, otherwise in
    /// single quotes (with `'` written as `'\''`).
    public static func shellQuoted(_ argument: String) -> String {
        let safe =
            !argument.isEmpty
            && argument.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (CharacterSet.alphanumerics.contains(scalar) || "@%+=:,./_-".unicodeScalars.contains(scalar))
            }
        if safe { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The text on one line for a terminal: control characters (escape sequences included) and line
    /// breaks become spaces, as do bidirectional overrides that could disguise text; runs of white space collapse, ends are trimmed.
    public static func oneLine(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let isSpace =
                scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            if isSpace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out += " "
                pendingSpace = false
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// `text` cut to at most `limit` characters at a word boundary, ending with "…" when cut.
    public static func truncated(_ text: String, limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        let head = text.prefix(limit - 1)
        if let space = head.lastIndex(of: " "), head.distance(from: head.startIndex, to: space) > limit / 2 {
            return String(head[..<space]) + "…"
        }
        return String(head) + "…"
    }
}
