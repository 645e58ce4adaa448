import Foundation
import Testing
@testable import SegLang

/// `.save` writes a script whose file names reach the same files from the script's folder.
@Suite struct SaveTranscriptTests {
  @Test func pathsAreRewrittenRelativeToTheSavedScript() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("seg-save-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try "a,b\n1,2\n".write(to: root.appendingPathComponent("data/c.csv"), atomically: true, encoding: .utf8)
    let h = SessionHarness(baseDirectory: root.path)
    #expect(h.run("load \"data/c.csv\" as c\nexport to \"out/x.csv\"\nexport to \"/tmp/seg-absolute-\(getpid()).csv\"\nexport to \"parts/\" split=a") == "")
    defer { try? FileManager.default.removeItem(atPath: "/tmp/seg-absolute-\(getpid()).csv") }
    _ = h.session.dot(".save other/dir/s.seg")
    let saved = try String(contentsOf: root.appendingPathComponent("other/dir/s.seg"), encoding: .utf8)
    #expect(saved.contains("load \"../../data/c.csv\" as c"), "\(saved)")
    #expect(saved.contains("export to \"../../out/x.csv\""))
    #expect(saved.contains("export to \"/tmp/seg-absolute-\(getpid()).csv\""), "absolute paths stay")
    #expect(saved.contains("export to \"../../parts/\" split=a"), "a folder keeps its slash")
    // The saved script replays from its own folder.
    let replay = SessionHarness(baseDirectory: root.appendingPathComponent("other/dir").path)
    #expect(replay.run(saved) == "")
  }
}
