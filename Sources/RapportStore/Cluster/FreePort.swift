#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loopback TCP ports: finding a free one and checking whether one is taken.
enum LoopbackPort {
    /// A port on 127.0.0.1 that nothing listens on right now, outside the kernel's ephemeral range.
    ///
    /// A port the kernel picks for `bind(0)` comes from the same range as the local ports of outgoing
    /// connections. A server stopped for a moment (a restart, an outage) could then find its port
    /// taken by some client's connection and move elsewhere behind its clients' backs. So ports are
    /// drawn at random below that range (on Linux `ip_local_port_range`, elsewhere 49152–65535) and
    /// the kernel's choice is only the fallback.
    static func free() -> Int? {
        let ephemeral = ephemeralRange()
        let candidates = max(1024, ephemeral.lowerBound - 16384)..<ephemeral.lowerBound
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<256 {
            let port = Int.random(in: candidates, using: &generator)
            if bindable(port) { return port }
        }
        return kernelChosen()
    }

    /// The local ports the kernel hands to outgoing connections.
    static func ephemeralRange() -> Range<Int> {
        #if os(Linux)
        if let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8) {
            let bounds = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
            if bounds.count == 2, bounds[0] > 1024, bounds[0] <= bounds[1] { return bounds[0]..<(bounds[1] + 1) }
        }
        return 32768..<61000
        #else
        return 49152..<65536
        #endif
    }

    /// Whether 127.0.0.1:`port` can be bound now (without `SO_REUSEADDR`: a port with lingering
    /// connections is not chosen for a new server).
    private static func bindable(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// A port the kernel chooses for `bind(0)`.
    private static func kernelChosen() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether PostgreSQL could not listen on 127.0.0.1:`port` because something else holds it.
    ///
    /// Binds with `SO_REUSEADDR`, as PostgreSQL does: connections of a server just stopped linger in
    /// TIME_WAIT on its port, and without the option they would make the port look taken, so a
    /// restarted cluster would move to another port behind its clients' backs.
    static func isInUse(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var reuse: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound != 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
