// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "seg",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "seg", targets: ["seg"]),
    .library(name: "SegEngine", targets: ["SegEngine"]),
    .library(name: "SegLang", targets: ["SegLang"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    // HMAC, AES-GCM and SHA-256 for privacy (pseudonyms, encrypted files) and fingerprints.
    .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
  ],
  targets: [
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
    // SQLite databases are a source and a destination of frames.
    .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
    // PostgreSQL through libpq, the C client every PostgreSQL tool uses: a system library,
    // so it adds no build time (postgres-nio would bring SwiftNIO and BoringSSL).
    .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    // Parquet's page codecs.
    .systemLibrary(name: "CSnappy", providers: [.apt(["libsnappy-dev"])]),
    .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
    // Distance kernels in C so one binary can use AVX where the CPU has it (chosen at run time).
    .target(name: "CKernels"),
    .target(name: "SegEngine", dependencies: [
        "CZlib", "CKernels", "CSQLite", "CLibPQ", "CSnappy", "CZstd",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .target(name: "SegLang", dependencies: ["SegEngine"]),
    .executableTarget(
      name: "seg",
      dependencies: [
        "SegLang", "SegEngine", "CReadline",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // Reference values are read from the source tree by path (swift test needs no bundle).
    // What more than one test target needs (reading XML and HTML back).
    .target(name: "SegTestSupport", path: "Tests/SegTestSupport"),
    .testTarget(name: "SegEngineTests", dependencies: ["SegEngine", "SegTestSupport", "CSQLite", .product(name: "Crypto", package: "swift-crypto")], exclude: ["Reference", "Goldens"]),
    .testTarget(name: "SegLangTests", dependencies: ["SegLang", "SegEngine", "SegTestSupport"]),
    .testTarget(name: "SegCLITests", dependencies: ["seg", "SegEngine", "SegTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
