// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "rapport",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rapport", targets: ["rapport"]),
        .library(
            name: "Rapport",
            targets: ["RapportCore", "RapportStore", "RapportIngest", "RapportIdentity", "RapportInsight", "RapportDemo"]
        ),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Domain types and identifier normalisation: no I/O, no dependencies.
        .target(name: "RapportCore"),
        // Input formats (CRM CSV, interactions JSONL, twcs CSV): parsing and validation, no database.
        .target(name: "RapportIngest", dependencies: ["RapportCore"]),
        // Record-linkage scoring and merge guardrails: pure logic over Core types.
        .target(name: "RapportIdentity", dependencies: ["RapportCore"]),
        // Classification, complaint themes, flaw flags and report rendering: pure logic.
        .target(name: "RapportInsight", dependencies: ["RapportCore"]),
        // Deterministic synthetic demo data.
        .target(name: "RapportDemo", dependencies: ["RapportCore"]),
        // PostgreSQL: embedded cluster, migrations, bulk load, queries, merges.
        .target(
            name: "RapportStore",
            dependencies: [
                "RapportCore", "RapportInsight", "RapportIdentity",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks that compare Rapport with raw PostgreSQL in the same run.
        .target(
            name: "RapportBench",
            dependencies: [
                "RapportCore", "RapportStore", "RapportIngest", "RapportDemo", "RapportIdentity", "RapportInsight",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // The HTTP service (`rapport serve`): Hummingbird over the same store.
        .target(
            name: "RapportServer",
            dependencies: [
                "RapportCore", "RapportStore", "RapportIngest", "RapportInsight",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "rapport",
            dependencies: [
                "RapportCore", "RapportStore", "RapportIngest", "RapportIdentity", "RapportInsight", "RapportDemo",
                "RapportBench", "RapportServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Seeded input generation and mutation for the fuzz tests (test support, not shipped).
        .target(name: "RapportFuzzSupport", path: "Tests/RapportFuzzSupport"),
        .testTarget(name: "RapportCoreTests", dependencies: ["RapportCore", "RapportFuzzSupport"]),
        .testTarget(
            name: "RapportIngestTests", dependencies: ["RapportIngest", "RapportFuzzSupport"], resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "RapportIdentityTests", dependencies: ["RapportIdentity"]),
        .testTarget(name: "RapportInsightTests", dependencies: ["RapportInsight"]),
        .testTarget(name: "RapportDemoTests", dependencies: ["RapportDemo", "RapportCore"]),
        .testTarget(
            name: "RapportServerTests",
            dependencies: [
                "RapportServer", "RapportStore", "RapportCore", "RapportIngest", "RapportFuzzSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "RapportStoreTests",
            dependencies: ["RapportStore", "RapportIngest", "RapportInsight", "RapportDemo", "RapportBench", "RapportFuzzSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
