import Foundation
import SegTestSupport
import Testing

/// `seg run --backend sc://…` runs a script on Spark as written; a server that is not there
/// fails the run with its exit code, before the first line.
#if Spark
  @Suite(.enabled(if: ProcessInfo.processInfo.environment["SEG_TEST_SPARK"] != nil, "SEG_TEST_SPARK is not set: start a server with scripts/spark-connect start"))
  struct SparkBackendCLITests {
    @Test func aScriptRunsOnSparkWithTheSameTables() throws {
      let path = try #require(SharedData.path("wholesale_customers.csv"), "../shared/data is absent")
      let script = "load \"\(path)\" as w\nfilter Fresh > 5000\naggregate n=count() most=max(Milk) by=Region as regions\nshow\n"
      let local = try SegBinary.run(["run", "-"], stdin: script)
      let remote = try SegBinary.run(["run", "-", "--backend", ProcessInfo.processInfo.environment["SEG_TEST_SPARK"]!], stdin: script)
      #expect(local.status == 0 && remote.status == 0, "\(remote.stderr)")
      #expect(remote.stdout.hasPrefix("connected to Spark"))
      let table = { (text: String) in text.split(separator: "\n").suffix(5).joined(separator: "\n") }
      #expect(table(remote.stdout) == table(local.stdout), "\(remote.stdout)")
    }

    @Test func noServerFailsBeforeTheScript() throws {
      let result = try SegBinary.run(["run", "-", "--backend", "sc://127.0.0.1:1"], stdin: "sample customers n=5 seed=1\n", mergeOutput: true)
      #expect(result.status == 74, "\(result.stdout)")
      #expect(result.stdout.contains("no Spark Connect server answers") && !result.stdout.contains("made customers"))
    }
  }
#else
  @Test(.disabled("built without the Spark trait; run swift test --traits Spark"))
  func sparkBackendOption() {}
#endif
