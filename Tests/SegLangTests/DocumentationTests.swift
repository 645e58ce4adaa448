import Foundation
import Testing
@testable import SegLang

/// Every ```seg block in README.md, LANGUAGE.md and docs/ runs without an error on a fresh
/// session, so the documentation cannot drift from the language. Blocks that show a command's
/// shape rather than a script are fenced ```text.
@Suite struct DocumentationTests {
  /// One ```seg block: the file it is in, the line its code starts on, and its text.
  struct Block: Sendable, CustomTestStringConvertible {
    let file: String
    let line: Int
    let text: String
    var testDescription: String { "\(file):\(line)" }
  }

  static let root: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url
  }()

  static let documents: [String] = {
    let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
    return ["README.md", "LANGUAGE.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
  }()

  static func blocks(in file: String) -> [Block] {
    guard let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) else { return [] }
    var blocks: [Block] = []
    var open: (line: Int, lines: [String])?
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if open == nil, line.hasPrefix("```seg") {
        open = (i + 2, [])
      } else if let current = open {
        if line.hasPrefix("```") {
          blocks.append(Block(file: file, line: current.line, text: current.lines.joined(separator: "\n") + "\n"))
          open = nil
        } else {
          open!.lines.append(String(line))
        }
      }
    }
    return blocks
  }

  static let all: [Block] = documents.flatMap(blocks(in:))

  @Test func theLanguageReferenceAndTheReadmeHaveRunnableBlocks() {
    #expect(Self.all.contains { $0.file == "LANGUAGE.md" }, "LANGUAGE.md has no ```seg block")
    #expect(Self.all.contains { $0.file == "README.md" }, "README.md has no ```seg block")
  }

  /// Each block runs in a folder of its own, as a script there would.
  @Test(arguments: all)
  func everyBlockRuns(_ block: Block) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-doc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let problems = SessionHarness(baseDirectory: folder.path).run(block.text, name: block.testDescription)
    #expect(problems.isEmpty, "\(block.testDescription) failed:\n\(problems)")
  }
}
