import Foundation
import PostgresNIO
import Testing

@testable import RapportStore

@Suite("Embedded cluster", .serialized)
struct EmbeddedClusterTests {
    /// How `SHOW` prints a size given in MB: in GB when it divides evenly.
    static func shown(_ megabytes: String) -> String {
        let value = Int(megabytes.dropLast(2)) ?? 0
        return value % 1024 == 0 ? "\(value / 1024)GB" : "\(value)MB"
    }

    @Test func memorySettingsScaleWithTheMachineWithinBounds() {
        func buffers(_ gigabytes: Double) -> String { EmbeddedCluster.memorySettings(memoryBytes: UInt64(gigabytes * 1_073_741_824))[0].value }
        #expect(buffers(0.5) == "128MB")
        #expect(buffers(4) == "512MB")
        #expect(buffers(24) == "2048MB")
        #expect(buffers(256) == "2048MB")
        #expect(EmbeddedCluster.memorySettings(memoryBytes: 8 * 1_073_741_824)[1].value == "4096MB")
    }

    @Test func startsStopsAndReportsStatus() async throws {
        let home = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("rapport-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        // As root the server runs as 'postgres', which must be able to reach the home folder.
        _ = chmod(home.path, 0o755)
        let cluster = EmbeddedCluster(home: home)
        defer {
            _ = try? cluster.stop()
            if let data = cluster.state()?.dataDirectory { try? FileManager.default.removeItem(atPath: data) }
            try? FileManager.default.removeItem(at: home)
        }
        #expect(try cluster.status().initialised == false)
        let url = try await cluster.startWithDatabase()
        #expect(url.host == "127.0.0.1")
        #expect(try cluster.status().running)
        let answer = try await Database.with(url) { database in
            var value = 0
            for try await one in try await database.client.query("SELECT 1", logger: database.logger).decode(Int.self) { value = one }
            return value
        }
        #expect(answer == 1)
        // initdb's cluster is sized for this machine.
        let expected = EmbeddedCluster.memorySettings(memoryBytes: EmbeddedCluster.availableMemory())
        let shown = try await Database.with(url) { database in
            var value = ""
            for try await text in try await database.client.query("SHOW shared_buffers", logger: database.logger).decode(String.self) { value = text }
            return value
        }
        #expect(shown == Self.shown(expected[0].value))
        // Starting again is a no-op on the same port.
        #expect(try cluster.start().port == url.port)
        #expect(try cluster.stop())
        #expect(try cluster.status().running == false)
        #expect(try cluster.stop() == false)
        // It comes back with its data and password.
        let again = try cluster.start()
        #expect(again.password == url.password)
    }
}
