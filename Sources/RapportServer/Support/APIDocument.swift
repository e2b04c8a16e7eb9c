import Foundation
import RapportStore

/// Finds `openapi.yaml`, the API contract, to serve it at `/openapi.yaml`.
public enum APIDocument {
    /// `$RAPPORT_OPENAPI`, else `openapi.yaml` beside the `schema/` folder (a checkout's root, or
    /// `<prefix>/share/rapport` for an installed binary).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let configured = environment["RAPPORT_OPENAPI"], !configured.isEmpty { return URL(fileURLWithPath: configured) }
        let schema = try Migrator.locateSchemaDirectory(environment: environment)
        let candidate = schema.deletingLastPathComponent().appendingPathComponent("openapi.yaml")
        guard FileManager.default.fileExists(atPath: candidate.path) else {
            throw StoreError.refused("cannot find openapi.yaml beside \(schema.path) (set RAPPORT_OPENAPI to it)")
        }
        return candidate
    }

    /// The document's bytes.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [UInt8] {
        Array(try Data(contentsOf: try locate(environment: environment)))
    }
}
