// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Annals",
    products: [
        .executable(name: "annals", targets: ["annals"]),
        .library(name: "Annals", targets: ["Annals"]),
        // libFuzzer entry points (LLVMFuzzerTestOneInput), linked with libFuzzer's main by Tools/fuzz.
        .library(name: "AnnalsFuzzEvents", type: .dynamic, targets: ["AnnalsFuzzEventsEntry"]),
        .library(name: "AnnalsFuzzSnapshots", type: .dynamic, targets: ["AnnalsFuzzSnapshotsEntry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Domain: event model, validation, dates, canonical JSON, hashing. No I/O.
        .target(
            name: "AnnalsCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The only door to the kernel: files (durable replace, temporary names), locks, child
        // processes, threads, the terminal and signals. The only target that imports Glibc.
        .target(name: "AnnalsSystem", dependencies: ["AnnalsCore"]),
        // The system zlib (module map + a shim for the deflateInit2/inflateInit2 macros).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The append-only log on disk (segments, lock, fsync, index, verify, repair) and gzip files.
        .target(name: "AnnalsStore", dependencies: ["AnnalsCore", "AnnalsSystem", "CZlib"]),
        // The system libpq, PostgreSQL's own C client: synchronous like the rest of the projection,
        // COPY built in, and nothing to compile (PostgresNIO would add minutes to every CI build).
        .systemLibrary(name: "CLibPQ", providers: [.apt(["libpq-dev"])]),
        // All SQL: the projection database's schema, the projector, replay and queries; and the
        // PostgreSQL projection (schema, sync, reads) kept in step with it.
        .target(
            name: "AnnalsProjection",
            dependencies: [
                "AnnalsCore", "AnnalsSystem", "AnnalsStore", "CLibPQ", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The static site: data, SVG chart, and the page's HTML, CSS and script (Page/, compiled in).
        .target(
            name: "AnnalsSite", dependencies: ["AnnalsCore", "AnnalsProjection"],
            resources: [
                .embedInCode("Page/page.html"), .embedInCode("Page/page.css"), .embedInCode("Page/page.js"),
            ]),
        // Feeds (Atom, JSON Feed), TimelineJS and schema.org JSON-LD documents: pure code, no I/O.
        .target(name: "AnnalsExport", dependencies: ["AnnalsCore", "AnnalsProjection"]),
        // The system libcurl, which FoundationNetworking's URLSession already runs on: used directly
        // because it lets source capture pin the address it connects to and bound the decoded bytes.
        .systemLibrary(name: "CLibCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // The adapters that talk to the outside world: HTTP fetch over libcurl with the address
        // guard, git, key files. The façade owns the protocols they are used through.
        .target(name: "AnnalsAdapters", dependencies: ["AnnalsCore", "AnnalsSystem", "AnnalsStore", "CLibCurl"]),
        // Use cases as one façade for the CLI.
        .target(
            name: "Annals",
            dependencies: [
                "AnnalsCore", "AnnalsSystem", "AnnalsStore", "AnnalsProjection", "AnnalsSite", "AnnalsExport",
                "AnnalsAdapters",
            ]),
        // Command-line parsing and rendering.
        .target(
            name: "AnnalsCLI",
            dependencies: [
                "Annals", "AnnalsCore", "AnnalsSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "annals", dependencies: ["AnnalsCLI"]),
        // libFuzzer targets: built with coverage instrumentation and run by Tools/fuzz.
        .target(name: "AnnalsFuzzEvents", dependencies: ["AnnalsCore"], path: "Tools/Fuzz/Events"),
        .target(
            name: "AnnalsFuzzSnapshots",
            dependencies: ["AnnalsCore", "AnnalsSystem", "AnnalsStore", "AnnalsProjection"],
            path: "Tools/Fuzz/Snapshots"),
        .target(name: "AnnalsFuzzEventsEntry", dependencies: ["AnnalsFuzzEvents"], path: "Tools/Fuzz/EventsEntry"),
        .target(
            name: "AnnalsFuzzSnapshotsEntry", dependencies: ["AnnalsFuzzSnapshots"], path: "Tools/Fuzz/SnapshotsEntry"),
        // What the test targets share: sample events, events as batch items, scratch folders.
        .target(name: "AnnalsTestSupport", dependencies: ["AnnalsCore"], path: "Tests/AnnalsTestSupport"),
        .testTarget(
            name: "AnnalsCoreTests", dependencies: ["AnnalsCore", "AnnalsTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "AnnalsStoreTests", dependencies: ["AnnalsSystem", "AnnalsStore", "Annals", "AnnalsTestSupport"]),
        .testTarget(name: "AnnalsProjectionTests", dependencies: ["AnnalsProjection", "Annals", "AnnalsTestSupport"]),
        .testTarget(
            name: "AnnalsFuzzTests", dependencies: ["AnnalsFuzzEvents", "AnnalsFuzzSnapshots"],
            resources: [.copy("Fixtures")]),
        // The façade's use cases, run in-process on scratch ledgers (capture and review with fake adapters).
        .testTarget(name: "AnnalsTests", dependencies: ["Annals", "AnnalsCore", "AnnalsTestSupport"]),
        // Runs the real `annals` binary; depending on it makes `swift test` build it.
        .testTarget(
            name: "AnnalsCLITests", dependencies: ["Annals", "AnnalsAdapters", "AnnalsTestSupport", "annals"],
            exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
