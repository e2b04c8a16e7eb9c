import Foundation
import RapportCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends rejected rows to a rejects file, one JSON object per line (docs/formats.md):
///
/// ```
/// {"line":12,"kind":"bad_timestamp","field":"occurred_at","detail":"...","raw":"..."}
/// ```
/// `field` is null when no single field is at fault; `raw` is the row's input text, cut to
/// ``IngestOptions/maxRejectedRawBytes``. The file is created only when the first reject is
/// written, so a clean load leaves none behind; in truncating mode a clean load also removes a
/// stale rejects file left at that path by an earlier run.
public final class RejectsWriter {
    /// Where the rejects go.
    public let path: String
    private let truncating: Bool
    private var descriptor: Int32 = -1
    /// Rejects written so far by this writer.
    public private(set) var count = 0

    /// - Parameters:
    ///   - path: the rejects file.
    ///   - truncating: start the file afresh on the first write instead of appending to it.
    public init(path: String, truncating: Bool = false) {
        self.path = path
        self.truncating = truncating
    }

    deinit {
        close()
    }

    /// The rejects-file line for one reject, without its newline.
    public static func line(for rejected: RejectedRow) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(rejected.raw.utf8.count + rejected.error.detail.utf8.count + 80)
        output.append(contentsOf: #"{"line":"#.utf8)
        output.append(contentsOf: String(rejected.error.line).utf8)
        output.append(contentsOf: #","kind":"#.utf8)
        JSONText.appendQuoted(rejected.error.kind.rawValue, to: &output)
        output.append(contentsOf: #","field":"#.utf8)
        if let field = rejected.error.field {
            JSONText.appendQuoted(field, to: &output)
        } else {
            output.append(contentsOf: "null".utf8)
        }
        output.append(contentsOf: #","detail":"#.utf8)
        JSONText.appendQuoted(rejected.error.detail, to: &output)
        output.append(contentsOf: #","raw":"#.utf8)
        JSONText.appendQuoted(rejected.raw, to: &output)
        output.append(0x7D)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `rejects`, one line each, in one write.
    public func write(_ rejects: [RejectedRow]) throws(InputError) {
        guard !rejects.isEmpty else { return }
        try openIfNeeded()
        var text = ""
        for rejected in rejects {
            text += Self.line(for: rejected)
            text += "\n"
        }
        let bytes = Array(text.utf8)
        let failure = bytes.withUnsafeBytes { buffer -> Int32 in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = posixWrite(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
        if failure != 0 {
            throw InputError(kind: .writeFailed, detail: "cannot write \(path): \(String(cString: strerror(failure)))")
        }
        count += rejects.count
    }

    /// Closes the file (later writes reopen it for appending). In truncating mode with nothing
    /// written, removes a stale file at the path.
    public func close() {
        if descriptor >= 0 {
            posixClose(descriptor)
            descriptor = -1
        } else if truncating && count == 0 {
            _ = unlink(path)
        }
    }

    private func openIfNeeded() throws(InputError) {
        guard descriptor < 0 else { return }
        let flags = O_WRONLY | O_CREAT | (truncating && count == 0 ? O_TRUNC : O_APPEND)
        descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else {
            throw InputError(kind: .writeFailed, detail: "cannot open \(path) for rejects: \(String(cString: strerror(errno)))")
        }
    }
}

// The class's own `write` and `close` hide the system calls inside it.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func posixClose(_ descriptor: Int32) {
    _ = close(descriptor)
}
