import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Facts about the terminal, for wrapping and progress.
enum Terminal {
    static var isStandardErrorInteractive: Bool { isatty(2) == 1 }
    static var isStandardOutputInteractive: Bool { isatty(1) == 1 }
    static var isStandardInputInteractive: Bool { isatty(0) == 1 }

    /// The width to wrap text to: the terminal's, `COLUMNS`, or 100.
    static var width: Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        return 100
    }

    /// Word-wraps `text` to `width` columns, keeping explicit line breaks.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                if line.isEmpty {
                    line = String(word)
                } else if line.count + 1 + word.count <= width {
                    line += " " + word
                } else {
                    lines.append(line)
                    line = String(word)
                }
                while line.count > width {
                    lines.append(String(line.prefix(width)))
                    line = String(line.dropFirst(width))
                }
            }
            lines.append(line)
        }
        return lines
    }
}

/// JSON output for scripts: snake_case keys come from the types' CodingKeys; dates are ISO-8601.
enum JSONOutput {
    static func string<Value: Encodable>(_ value: Value, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func print<Value: Encodable>(_ value: Value, pretty: Bool = true) throws {
        Swift.print(try string(value, pretty: pretty))
    }
}

/// A one-line progress display on stderr, redrawn in place, shown only on a terminal.
final class ProgressLine {
    private let enabled: Bool
    private let started = Date()
    private var lastDrawn = Date.distantPast

    init(enabled: Bool = Terminal.isStandardErrorInteractive) {
        self.enabled = enabled
    }

    func update(rows: Int, bytes: Int, totalBytes: Int?, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDrawn) > 0.2 else { return }
        lastDrawn = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        var text = "\r\(rows) rows  \(Int(Double(rows) / elapsed)) rows/s"
        if let totalBytes, totalBytes > 0 {
            let fraction = min(1, Double(bytes) / Double(totalBytes))
            let filled = Int(fraction * 30)
            text += "  [" + String(repeating: "█", count: filled) + String(repeating: "·", count: 30 - filled) + "] "
            text += String(format: "%5.1f%%", fraction * 100)
        }
        FileHandle.standardError.write(Data((text + "   ").utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
