import Foundation
import SegTestSupport
import Testing

/// `seg run --report` and the `report` command through the real binary: the notebook of the
/// end-to-end example read back as XML, the same bytes on every run and thread count, and a
/// report of a failing run.
@Suite struct ReportTests {
  static func temporaryFolder(_ name: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seg-\(name)-\(getpid())")
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func workshopReportHasEveryCellChartAndTheManifest() throws {
    let dir = try Self.temporaryFolder("workshop")
    defer { try? FileManager.default.removeItem(at: dir) }
    let report = dir.appendingPathComponent("workshop.html")
    let result = try SegBinary.run(["run", "examples/workshop.seg", "--report", report.path])
    #expect(result.status == 0, "\(result.stderr)")
    let html = try String(contentsOf: report, encoding: .utf8)
    let shape = try XMLShape(html)
    #expect(shape.root == "html")
    let script = try String(contentsOf: SegBinary.packageRoot.appendingPathComponent("examples/workshop.seg"), encoding: .utf8)
    // One cell per command: lines that start a command (not comments, blanks or continuations).
    let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
    let commands = lines.indices.filter { i in
      let t = lines[i].trimmingCharacters(in: .whitespaces)
      return !t.isEmpty && !t.hasPrefix("#") && !(i > 0 && lines[i - 1].hasSuffix("\\"))
    }.count
    #expect(shape.attributes.filter { $0.0 == "section" && $0.1["class"] == "cell" }.count == commands)
    #expect(shape.count["svg", default: 0] == 2, "the profile and coverage charts")
    #expect(shape.count["table", default: 0] > 10)
    #expect(shape.texts.contains("examples/workshop.seg"), "the script is an input of the manifest")
    #expect(shape.texts.contains { $0.contains("seed=0") }, "defaults with their seeds")
    #expect(!html.contains("<script"))
    // The only addresses are the XML namespaces of HTML and SVG.
    let addresses = html.components(separatedBy: "http").dropFirst().map { $0.prefix(30) }
    #expect(addresses.allSatisfy { $0.hasPrefix("://www.w3.org/") }, "\(addresses)")
    for (element, attributes) in shape.attributes {
      for key in ["src", "href"] { if let v = attributes[key] { #expect(v.hasPrefix("#"), "\(element) \(key)=\(v) reaches outside the file") } }
    }
  }

  @Test func reportIsByteIdenticalAcrossRunsAndThreadCounts() throws {
    let dir = try Self.temporaryFolder("same")
    defer { try? FileManager.default.removeItem(at: dir) }
    var reports: [Data] = []
    for threads in ["1", "2", "2"] {
      let path = dir.appendingPathComponent("r.html")
      let result = try SegBinary.run(["run", "examples/charts.seg", "--report", path.path], environment: ["SEG_THREADS": threads])
      #expect(result.status == 0, "\(result.stderr)")
      reports.append(try Data(contentsOf: path))
    }
    #expect(reports[0] == reports[1], "1 and 2 threads differ")
    #expect(reports[1] == reports[2], "two runs differ")
  }

  @Test func aFailingRunStillWritesItsReportWithTheError() throws {
    let dir = try Self.temporaryFolder("fail")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("r.md")
    let result = try SegBinary.run(["run", "-", "--report", path.path], stdin: "sample customers n=50 seed=1\nplot hist incme\nshow\n")
    #expect(result.status == 65)
    let md = try String(contentsOf: path, encoding: .utf8)
    #expect(md.contains("unknown column \"incme\""))
    #expect(md.contains("(failed)"))
    #expect(!md.contains("### [3]"), "the run stopped at the error")
  }

  /// A bare file name writes beside the working folder's other files, temporary files included.
  @Test func markdownWithABareNameStaysInTheWorkingFolder() throws {
    let dir = try Self.temporaryFolder("bare")
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try SegBinary.run(["run", "-"], stdin: "sample customers n=50 seed=1\nplot hist age\nreport \"notes.md\"\n", directory: dir)
    #expect(result.status == 0, "\(result.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    #expect(files == ["notes.md", "notes_files"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("notes_files").path) == ["chart-1.svg"])
  }

  @Test func aReportThatCannotBeWrittenIsAnIOError() throws {
    let result = try SegBinary.run(["run", "-", "--report", "/dev/null/r.html"], stdin: "sample customers n=5 seed=1\n")
    #expect(result.status == 74)
    #expect(result.stderr.contains("the report was not written"))
    #expect(result.stderr.contains("is a file, not a folder"))
  }
}
