import Foundation
import Testing
@testable import SegLang

/// `export … split=`: one file per value, named so that different values never share a file
/// and the name gives the value back.
@Suite struct ExportSplitTests {
  @Test(arguments: [
    ("a/b", "a%2Fb"), ("a_b", "a_b"), ("a:b", "a%3Ab"), ("50%", "50%25"), (".hidden", "%2Ehidden"), ("", "%"),
    ("Köln", "Köln"), ("x\ny", "x%0Ay"), ("early access", "early access"),
  ])
  func valuesBecomeSafeReversibleNames(_ value: String, _ name: String) {
    #expect(CommandTable.fileName(value) == name)
    #expect(name == "%" ? value.isEmpty : name.removingPercentEncoding == value)
  }

  @Test func valuesThatLookAlikeGetFilesOfTheirOwn() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seg-split-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let h = SessionHarness(baseDirectory: dir.path)
    #expect(h.run("""
      sample customers n=30 seed=1
      derive offer = if(age < 35, "a/b", if(age < 50, "a_b", "a:b"))
      export to "out/" split=offer columns=customer_id,offer
      """) == "")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).sorted()
    #expect(files == ["a%2Fb.csv", "a%3Ab.csv", "a_b.csv"])
    for file in files {
      let text = try String(contentsOf: dir.appendingPathComponent("out/" + file), encoding: .utf8)
      let value = file.dropLast(4).removingPercentEncoding!
      #expect(text.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix("," + value) }, "\(file): \(text)")
    }
  }
}
