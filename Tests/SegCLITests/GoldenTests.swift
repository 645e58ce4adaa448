import Foundation
import Testing

/// Runs every examples/**/*.seg through the real binary and compares stdout, stderr and the
/// exit code with the committed NAME.expected. SEG_RECORD=1 rewrites them and fails the run.
@Suite struct GoldenTests {
  static let examples: [String] = {
    let root = SegBinary.packageRoot.appendingPathComponent("examples")
    let paths = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
    return paths.filter { $0.hasSuffix(".seg") && !$0.hasPrefix("out/") }.sorted().map { "examples/" + $0 }
  }()

  static func render(_ r: SegBinary.Result) -> String {
    "# exit \(r.status)\n## stdout\n\(r.stdout)## stderr\n\(r.stderr)"
  }

  @Test(arguments: examples)
  func example(_ path: String) throws {
    let result = try SegBinary.run(["run", path])
    let actual = Self.render(result)
    let expectedURL = SegBinary.packageRoot.appendingPathComponent(path.replacingOccurrences(of: ".seg", with: ".expected"))
    if ProcessInfo.processInfo.environment["SEG_RECORD"] == "1" {
      try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
      Issue.record("recorded \(expectedURL.lastPathComponent); rerun without SEG_RECORD to check it")
      return
    }
    let expected = try String(contentsOf: expectedURL, encoding: .utf8)
    #expect(actual == expected, "\(path) differs from its .expected; run scripts/record-goldens and review the diff")
    if path.contains("/errors/") {
      #expect(result.status != 0, "an error example must fail")
    } else {
      // A nightly job's alarm (monitor … fail_on=) ends a whole run with 3; anything else is a failure.
      let alarm = result.status == 3 && result.stderr.contains("seg run will exit with code 3")
      #expect(result.status == 0 || alarm, "\(path) failed:\n\(result.stderr)")
    }
  }

  /// Output must not depend on how many threads run the work.
  @Test(arguments: examples.filter { !$0.contains("/errors/") })
  func sameOutputOnOneAndTwoThreads(_ path: String) throws {
    let one = try SegBinary.run(["run", path], environment: ["SEG_THREADS": "1"])
    let two = try SegBinary.run(["run", path], environment: ["SEG_THREADS": "2"])
    #expect(one.stdout == two.stdout)
    #expect(one.status == two.status)
  }

  /// The clustering kernels use AVX where the CPU has it and SSE2 elsewhere; both must
  /// give the same bits (only `segment.seg` clusters, so only it is run twice).
  @Test func sameOutputWithAndWithoutAVX() throws {
    let path = try #require(Self.examples.first { $0.hasSuffix("segment.seg") })
    let avx = try SegBinary.run(["run", path], environment: ["SEG_NO_AVX": "0"])
    let sse = try SegBinary.run(["run", path], environment: ["SEG_NO_AVX": "1"])
    #expect(avx.stdout == sse.stdout)
    #expect(avx.status == 0 && sse.status == 0)
  }
}
