import Foundation
import Testing

/// `seg assign MODEL.json` as a filter: the same labels as assign in a script, in chunks of
/// any size, CSV and NDJSON; bad records stop it with the row and the data-error code.
@Suite(.serialized) struct StreamingAssignTests {
  /// A model, 2,000 new customers as CSV and NDJSON, and what assign in a script gives them.
  static let folder: URL = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-stream-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let script = """
      sample customers n=3000 seed=5
      impute age income strategy=median
      scale age income web_visits method=zscore
      cluster kmeans age income web_visits k=4 seed=1 as segment
      name segment 0="A" 1="B" 2="C" 3="D"
      save model segment "model.json"
      sample customers n=2000 seed=9 as fresh
      export to "fresh.csv"
      export to "fresh.json"
      load model "model.json" as m
      assign m
      export to "assigned.csv" columns=customer_id,segment,segment_name
      export to "assigned.json" columns=customer_id,segment,segment_name
      """
    try! script.write(to: folder.appendingPathComponent("make.seg"), atomically: true, encoding: .utf8)
    let made = try! SegBinary.run(["run", "make.seg"], directory: folder)
    precondition(made.status == 0, made.stderr)
    return folder
  }()

  static func text(_ name: String) throws -> String { try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }

  /// A JSON array of records as NDJSON, one object per line.
  static func lines(_ json: String) throws -> String {
    let records = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
    return try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) + "\n" }.joined()
  }

  @Test(arguments: [1, 7, 50_000])
  func csvStreamsLabelLikeAssign(_ chunk: Int) throws {
    let r = try SegBinary.run(["assign", "model.json", "--chunk", String(chunk)], stdin: try Self.text("fresh.csv"), directory: Self.folder)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == (try Self.text("assigned.csv")))
  }

  @Test(arguments: [3, 50_000])
  func ndjsonStreamsLabelLikeAssign(_ chunk: Int) throws {
    let r = try SegBinary.run(["assign", "model.json", "--chunk", String(chunk)], stdin: try Self.lines(try Self.text("fresh.json")), directory: Self.folder)
    #expect(r.status == 0, "\(r.stderr)")
    let got = try r.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! NSDictionary }
    let want = try JSONSerialization.jsonObject(with: Data(try Self.text("assigned.json").utf8)) as! [NSDictionary]
    #expect(got == want)
  }

  @Test(arguments: [
    ("customer_id,age,income,web_visits\n1,30,100,2\n2,\"x,3\n", 65, "<stdin>:3: a quoted field is never closed"),
    ("customer_id,age,income,web_visits\n1,30,100,2\n2,31,abc,4\n", 65, "<stdin>:3: income is \"abc\", not a number"),
    ("customer_id,age\n1,30\n", 70, "lacks columns the model reads: income, web_visits"),
  ])
  func badRecordsStopTheStreamWithTheirRow(_ input: String, _ status: Int32, _ message: String) throws {
    let r = try SegBinary.run(["assign", "model.json", "--chunk", "1"], stdin: input, directory: Self.folder)
    #expect(r.status == status)
    #expect(r.stderr.contains(message), "\(r.stderr)")
  }

  @Test func aFileThatIsNotAModelIsRefused() throws {
    let r = try SegBinary.run(["assign", "fresh.csv"], stdin: "", directory: Self.folder)
    #expect(r.status == 74)
    #expect(r.stderr.contains("fresh.csv: is not a seg model file"), "\(r.stderr)")
  }

  /// A filter in a pipeline: a reader that stops early (`| head -1`) ends seg assign quietly
  /// with the I/O code, and an input it cannot read is said, not a crash.
  @Test func aClosedOutputOrAnUnreadableInputEndsTheStreamCleanly() throws {
    let body = try Self.text("fresh.csv").split(separator: "\n", maxSplits: 1)[1]
    // Enough customers that the labels outgrow a pipe's buffer long before the end.
    let big = Self.folder.appendingPathComponent("big.csv")
    try (try Self.text("fresh.csv") + String(repeating: String(body), count: 40)).write(to: big, atomically: true, encoding: .utf8)
    let seg = SegBinary.url.path
    for (shell, status, message) in [
      ("set -o pipefail; '\(seg)' assign model.json < big.csv | head -1 > /dev/null", 74, ""),
      ("'\(seg)' assign model.json < .", 74, "seg assign: cannot read standard input: Is a directory"),
      ("'\(seg)' run - < .", 74, "error: cannot read the script from standard input: Is a directory"),
    ] {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/bin/bash")
      p.arguments = ["-c", shell]
      p.currentDirectoryURL = Self.folder
      let err = Pipe()
      p.standardError = err
      try p.run()
      let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      p.waitUntilExit()
      #expect(p.terminationStatus == status, "\(shell): \(stderr)")
      #expect(message.isEmpty ? stderr.isEmpty : stderr.contains(message), "\(shell): \(stderr)")
    }
  }
}
