import Foundation
import SegEngine
import Testing

/// Steps that would need more memory than seg may use are refused before they allocate, with
/// how much they need and what to do, instead of ending the session on a failed allocation.
@Suite struct MemoryLimitTests {
  static let folder: String = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seg-memory-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var text = "id,cat\n"
    for i in 0..<200_000 { text += "\(i),c\(i)\n" }
    try? text.write(to: dir.appendingPathComponent("categories.csv"), atomically: true, encoding: .utf8)
    // 400 MB of "1,2" lines in a gzip of about 400 KB.
    let bomb = Process()
    bomb.executableURL = URL(fileURLWithPath: "/bin/sh")
    bomb.arguments = ["-c", "{ echo a,b; yes 1,2 | head -c 400000000; } | gzip -1 > '\(dir.path)/bomb.csv.gz'"]
    try? bomb.run()
    bomb.waitUntilExit()
    return dir.path
  }()

  static let cases: [(script: String, shows: String)] = [
    ("sample customers n=1000000000", "1,000,000,000 sample customers would take about 279 GB of memory, more than the 256 MB seg may use (SEG_MEMORY_LIMIT); ask for fewer with n="),
    ("sample transactions customers=100000000", "the purchases of 100,000,000 sample customers would take about 279 GB"),
    ("sample customers n=20000 seed=1\nderive k = 1\nsample customers n=20000 seed=2 as right\nderive k = 1\nuse customers\njoin right on=k",
     "the join's 400,000,000 rows would take about"),
    ("load \"\(folder)/categories.csv\"\nencode cat", "one-hot encoding cat into 200,000 columns would take about 298 GB"),
    ("load \"\(folder)/bomb.csv.gz\"", "bomb.csv.gz, which inflates to more than"),
    ("load \"\(folder)/categories.csv\"\ncrosstab id cat", "a crosstab of 200,000 × 200,000 values would take about 596 GB"),
    ("sample customers n=20000 seed=1\nfilter age is not missing and income is not missing\ncluster hierarchical age income linkage=complete k=3 max_memory=1000",
     "complete linkage's distances between 18,443 rows would take about 1.3 GB of memory, more than the 256 MB seg may use"),
  ]

  @Test(arguments: cases)
  func refusedBeforeAllocating(_ c: (script: String, shows: String)) throws {
    let r = try SegBinary.run(["run", "-"], stdin: c.script + "\n", environment: ["SEG_MEMORY_LIMIT": "256M"])
    #expect(r.status == 70, "stderr: \(r.stderr)")
    #expect(r.stderr.contains(c.shows), "\(r.stderr)")
  }

  /// Below the limit nothing changes.
  @Test func smallStepsRunUnderALowLimit() throws {
    let r = try SegBinary.run(["run", "-"], stdin: "sample customers n=2000 seed=1\nencode region\n", environment: ["SEG_MEMORY_LIMIT": "256M"])
    #expect(r.status == 0, "\(r.stderr)")
  }

  /// A limit that is not a size stops seg before it starts, rather than being no limit.
  @Test(arguments: ["lots", "-5G", "0", "4 GB please"])
  func aLimitThatIsNotASizeIsAUsageError(_ value: String) throws {
    let r = try SegBinary.run(["run", "-"], stdin: "sample customers n=20 seed=1\n", environment: ["SEG_MEMORY_LIMIT": value])
    #expect(r.status == 64, "\(r.stderr)")
    #expect(r.stderr.contains("SEG_MEMORY_LIMIT=\(value) is not a size"), "\(r.stderr)")
  }

  @Test(arguments: [("4G", 4 << 30), ("4GB", 4 << 30), ("1.5GiB", 3 << 29), ("512m", 512 << 20), ("123456", 123_456)])
  func sizesAreRead(_ c: (text: String, bytes: Int)) {
    #expect(MemoryBudget.parseSize(c.text) == c.bytes)
  }
}
