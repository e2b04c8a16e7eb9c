import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of one input (a file, stdin or memory), read a chunk at a time into a window that the
/// line and CSV readers consume from. Memory stays bounded by the chunk size plus whatever the
/// reader above decides to keep (it caps lines and fields).
final class ByteSource {
    private let handle: FileHandle?
    /// The window: bytes `start..<end` are read and not yet consumed.
    private(set) var buffer: [UInt8]
    var start: Int = 0
    private(set) var end: Int = 0
    /// True once the input has no more bytes to read (the window may still hold some).
    private(set) var isExhausted = false
    /// Bytes read from the input so far.
    private(set) var bytesRead = 0
    /// The input's size when it is a regular file.
    let totalBytes: Int?
    private let chunkBytes: Int

    /// Opens `path`, or stdin when `path` is nil or `-`.
    init(path: String?, chunkBytes: Int) throws(InputError) {
        let handle: FileHandle
        if let path, path != "-" {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"
                throw InputError(kind: .cannotOpen, detail: "cannot open \(path): \(reason)")
            }
            handle = opened
        } else {
            handle = FileHandle.standardInput
        }
        self.handle = handle
        self.chunkBytes = max(chunkBytes, 4_096)
        self.buffer = [UInt8](repeating: 0, count: self.chunkBytes)
        var status = stat()
        if fstat(handle.fileDescriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG {
            self.totalBytes = Int(status.st_size)
        } else {
            self.totalBytes = nil
        }
    }

    /// An input held in memory (an HTTP body, a test fixture).
    init(bytes: [UInt8]) {
        self.handle = nil
        self.chunkBytes = 4_096
        self.buffer = bytes
        self.end = bytes.count
        self.bytesRead = bytes.count
        self.totalBytes = bytes.count
        self.isExhausted = true
    }

    /// Number of unconsumed bytes in the window.
    var available: Int { end - start }

    /// Reads another chunk, first moving the unconsumed bytes to the front of the window.
    /// Returns false when the input has no more bytes.
    @discardableResult
    func readMore() throws(InputError) -> Bool {
        guard !isExhausted, let handle else { return false }
        if start > 0 {
            let count = end - start
            if count > 0 {
                buffer.withUnsafeMutableBufferPointer { window in
                    guard let base = window.baseAddress else { return }
                    memmove(base, base + start, count)
                }
            }
            start = 0
            end = count
        }
        if buffer.count - end < chunkBytes {
            buffer.append(contentsOf: repeatElement(0, count: chunkBytes - (buffer.count - end)))
        }
        let descriptor = handle.fileDescriptor
        let wanted = chunkBytes
        let offset = end
        var received = 0
        var failure: Int32 = 0
        buffer.withUnsafeMutableBufferPointer { window in
            guard let base = window.baseAddress else { return }
            while true {
                let count = read(descriptor, base + offset, wanted)
                if count >= 0 {
                    received = count
                    return
                }
                if errno != EINTR {
                    failure = errno
                    return
                }
            }
        }
        if failure != 0 {
            throw InputError(kind: .readFailed, detail: "read failed: \(String(cString: strerror(failure)))")
        }
        if received == 0 {
            isExhausted = true
            return false
        }
        end += received
        bytesRead += received
        return true
    }

    /// Drops every unconsumed byte (used while skipping an over-long line or field).
    func discardWindow() {
        start = end
    }

    /// Shrinks the window's storage back to about one chunk after a long line grew it.
    func compactIfOversized() {
        guard handle != nil, buffer.count > chunkBytes * 4, available < chunkBytes else { return }
        let kept = Array(buffer[start..<end])
        buffer = kept + [UInt8](repeating: 0, count: chunkBytes)
        start = 0
        end = kept.count
    }
}
