// swift-tools-version: 6.1
import PackageDescription

// Every Swift target gets the same strictness (as Hummingbird does).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// The two in-sandbox helpers are C and statically linked: they run inside the sandbox, and a static
// question program cannot be entered through LD_PRELOAD by the agent.
let staticC: [LinkerSetting] = [.unsafeFlags(["-static-executable", "-Xlinker", "--gc-sections", "-Xlinker", "-s"])]

// offswitch runs on Linux only: its sandboxes are Linux namespaces (bubblewrap, cgroups v2) and its providers and
// sandbox code import Glibc. Elsewhere the manifest says so, instead of a build failing deep inside a target.
#if !os(Linux)
    #error("offswitch builds and runs on Linux only (Linux namespaces, bubblewrap, cgroups v2, Glibc); see README.md")
#endif

let package = Package(
    name: "offswitch",
    products: [
        .executable(name: "offswitch", targets: ["offswitch"]),
        .library(name: "OffswitchCore", targets: ["OffswitchCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
    ],
    targets: [
        // The values, ports, agent loop, outcome classifier, task server and runner. No I/O dependencies.
        .target(name: "OffswitchCore", swiftSettings: swiftSettings),
        // Model providers: the scripted reference agents and the HTTP adapters (OpenAI, OpenAI-compatible, ...).
        .target(
            name: "OffswitchProviders",
            dependencies: [
                "OffswitchCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // Connection and TLS errors, classified for the engine.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // Replay reads Inspect `.eval` logs (ZIP archives).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        // The Linux namespace sandbox (bubblewrap + our own init as PID 1).
        .target(
            name: "OffswitchSandbox",
            dependencies: [
                "OffswitchCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // SQLite results store.
        .target(
            name: "OffswitchStore",
            dependencies: ["OffswitchCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Reports over stored runs: statistics, published numbers beside, terminal/Markdown/CSV/JSON/HTML.
        .target(
            name: "OffswitchReport", dependencies: ["OffswitchCore", "OffswitchStore"], swiftSettings: swiftSettings),
        // Scenario files: conditions written in YAML, validated with errors that name file, line and field.
        .target(
            name: "OffswitchScenarios",
            dependencies: ["OffswitchCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // The local web viewer (`offswitch view`): runs, cells, trials and live progress over a results directory.
        .target(
            name: "OffswitchViewer",
            dependencies: [
                "OffswitchCore", "OffswitchStore", "OffswitchReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Exports of stored runs for other tools: Inspect `.eval` logs and JSON lines.
        .target(
            name: "OffswitchExport",
            dependencies: [
                "OffswitchCore", "OffswitchStore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        // `offswitch bench`: what the harness costs (sandboxes, trials, HTTP, memory, store, viewer, rate limits,
        // cost), with a loopback model server; the CLI's bench command parses its options and calls it.
        .target(
            name: "OffswitchBench",
            dependencies: [
                "OffswitchCore", "OffswitchProviders", "OffswitchSandbox", "OffswitchStore", "OffswitchReport",
                "OffswitchViewer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The command line: the composition root.
        .executableTarget(
            name: "offswitch",
            dependencies: [
                "OffswitchCore", "OffswitchProviders", "OffswitchSandbox", "OffswitchStore", "OffswitchScenarios",
                "OffswitchReport", "OffswitchViewer", "OffswitchExport", "OffswitchBench", "offswitch-init",
                "offswitch-question",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // Chromium's figure rendering waits on its child through NIO.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // PID 1 of every sandbox (and the host-side launcher that puts bubblewrap into the trial's cgroups).
        .executableTarget(name: "offswitch-init", linkerSettings: staticC),
        // The question program template (`next_question` / `next_task`): a thin client of the harness.
        .executableTarget(name: "offswitch-question", linkerSettings: staticC),

        // What several test targets share: running a child program (the built binary too) without holding a
        // cooperative thread or a pipe, and the fake model provider server on loopback.
        .target(
            name: "OffswitchTestSupport",
            dependencies: [
                "OffswitchCore", "OffswitchProviders",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/OffswitchTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffswitchTestSupportTests", dependencies: ["OffswitchTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "OffswitchCoreTests",
            dependencies: ["OffswitchCore", "OffswitchProviders"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffswitchSandboxTests",
            dependencies: [
                "OffswitchCore", "OffswitchSandbox", "OffswitchProviders", "OffswitchScenarios", "offswitch-init",
                "offswitch-question", "OffswitchTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffswitchProvidersTests",
            dependencies: [
                "OffswitchCore", "OffswitchProviders", "OffswitchStore", "offswitch", "OffswitchTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The transcript judge: its labels, and a model judge over HTTP writing into the store.
        .testTarget(
            name: "OffswitchJudgeTests",
            dependencies: ["OffswitchCore", "OffswitchProviders", "OffswitchStore", "OffswitchTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffswitchStoreTests",
            dependencies: ["OffswitchCore", "OffswitchStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffswitchScenariosTests",
            dependencies: ["OffswitchCore", "OffswitchScenarios", "OffswitchTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffswitchCLITests",
            dependencies: [
                "offswitch", "OffswitchCore", "OffswitchStore", "OffswitchProviders", "OffswitchTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffswitchReportTests",
            dependencies: ["OffswitchReport", "OffswitchCore", "OffswitchStore", "offswitch", "OffswitchTestSupport"],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffswitchViewerTests",
            dependencies: [
                "OffswitchViewer", "OffswitchCore", "OffswitchStore", "OffswitchReport", "OffswitchBench", "offswitch",
                "OffswitchTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OffswitchExportTests",
            dependencies: [
                "OffswitchExport", "OffswitchCore", "OffswitchStore", "offswitch", "OffswitchTestSupport",
                "OffswitchProviders", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
