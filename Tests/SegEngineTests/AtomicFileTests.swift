import Foundation
import Testing
@testable import SegEngine

/// Writing files: whole or not at all, only regular files, errors that say what happened,
/// and no litter from writers that were killed.
@Suite struct AtomicFileTests {
  static func folder() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seg-atomic-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test(arguments: [
    ("/dev/null", "is not a regular file"),
    ("/dev/full", "is not a regular file"),
    ("", "no file name given"),
    ("/tmp/", "no file name given"),
  ])
  func refusesWhatIsNotARegularFile(_ path: String, _ reason: String) {
    #expect { try AtomicFile.write(Data("x".utf8), to: path) } throws: { "\($0)".contains(reason) }
  }

  @Test func refusesAPipeAndALink() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(mkfifo(dir + "/pipe", 0o644) == 0)
    #expect { try AtomicFile.write(Data("x".utf8), to: dir + "/pipe") } throws: { "\($0)".contains("is not a regular file") }
    try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: "/etc/hostname")
    #expect { try AtomicFile.write(Data("x".utf8), to: dir + "/link") } throws: { "\($0)".contains("is a link") }
  }

  @Test func anInterruptedWriteLeavesTheOldFileAndNoTemporary() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try AtomicFile.write(Data("old\n".utf8), to: dir + "/c.csv")
    let token = CancellationToken()
    token.cancel()
    #expect(throws: EngineError.interrupted) {
      try CancellationToken.$current.withValue(token) { try AtomicFile.writeAll([(dir + "/c.csv", Data("new\n".utf8)), (dir + "/d.csv", Data("d\n".utf8))]) }
    }
    #expect(try String(contentsOfFile: dir + "/c.csv", encoding: .utf8) == "old\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["c.csv"])
  }

  /// A write to a folder removes what killed writers left there, for any file they were
  /// writing; not a live writer's, and not another program's temporaries.
  @Test func removesTheTemporariesOfKilledWritersOnly() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // A process id that is not running, and one that is (init).
    let dead = dir + "/" + AtomicFile.temporaryName(of: "c.csv", pid: 2_147_483_000)
    let deadOther = dir + "/" + AtomicFile.temporaryName(of: "report.html", pid: 2_147_483_001)
    let alive = dir + "/" + AtomicFile.temporaryName(of: "c.csv", pid: 1)
    let foreign = dir + "/.notes.txt.2147483000.tmp"
    for p in [dead, dead + ".old", deadOther, alive, foreign] { FileManager.default.createFile(atPath: p, contents: Data()) }
    try AtomicFile.write(Data("a\n1\n".utf8), to: dir + "/after.csv")
    let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
    #expect(left == ["after.csv", (alive as NSString).lastPathComponent, (foreign as NSString).lastPathComponent])
  }
}
