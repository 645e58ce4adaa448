// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "seg",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "seg", targets: ["seg"]),
    .library(name: "SegEngine", targets: ["SegEngine"]),
    .library(name: "SegLang", targets: ["SegLang"]),
  ],
  // The Spark Connect backend brings gRPC, SwiftNIO and swift-protobuf, several minutes of a
  // first build, so it is built only when asked for: `swift build --traits Spark`.
  traits: [
    .trait(name: "Spark", description: "The Spark Connect backend: `connect spark \"sc://host:15002\"`"),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.0"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.0"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.0"),
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
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
    // Code generated from Spark Connect's protocol definitions (scripts/spark-connect-codegen);
    // every file is inside `#if Spark`, so without the trait the target is empty.
    .target(
      name: "SparkConnectProtocol",
      dependencies: [
        .product(name: "GRPCCore", package: "grpc-swift-2", condition: .when(traits: ["Spark"])),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf", condition: .when(traits: ["Spark"])),
        .product(name: "SwiftProtobuf", package: "swift-protobuf", condition: .when(traits: ["Spark"])),
      ],
      exclude: ["NOTICE"]),
    // The Spark backend: frames as plans on a cluster, lowered to Spark Connect relations.
    .target(
      name: "SegSpark",
      dependencies: [
        "SegEngine", "SparkConnectProtocol",
        .product(name: "GRPCCore", package: "grpc-swift-2", condition: .when(traits: ["Spark"])),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport", condition: .when(traits: ["Spark"])),
        .product(name: "SwiftProtobuf", package: "swift-protobuf", condition: .when(traits: ["Spark"])),
      ]),
    .executableTarget(
      name: "seg",
      dependencies: [
        "SegLang", "SegEngine", "CReadline", "SegSpark",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // Reference values are read from the source tree by path (swift test needs no bundle).
    // What more than one test target needs (reading XML and HTML back).
    .target(name: "SegTestSupport", path: "Tests/SegTestSupport"),
    .testTarget(name: "SegEngineTests", dependencies: ["SegEngine", "SegTestSupport", "CSQLite", .product(name: "Crypto", package: "swift-crypto")], exclude: ["Reference", "Goldens"]),
    .testTarget(name: "SegLangTests", dependencies: ["SegLang", "SegEngine", "SegTestSupport"]),
    .testTarget(name: "SegCLITests", dependencies: ["seg", "SegEngine", "SegTestSupport"]),
    .testTarget(name: "SegSparkTests", dependencies: ["SegSpark", "SegLang", "SegEngine", "SegTestSupport"], exclude: ["Reference"]),
  ],
  swiftLanguageModes: [.v6]
)
