import Foundation

/// Writes a file by writing a temporary sibling and renaming it into place, so readers never
/// see a half-written file and a failure leaves the old file untouched.
public enum AtomicFile {
  public static func write(_ data: Data, to path: String) throws {
    let name = (path as NSString).lastPathComponent
    let dir = try folder(of: path)
    let temp = dir + "/.\(name).\(getpid()).tmp"
    guard FileManager.default.createFile(atPath: temp, contents: data) else {
      throw EngineError.io(path: path, reason: "cannot write here (permission denied or read-only)")
    }
    if rename(temp, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temp)
      throw EngineError.io(path: path, reason: "cannot replace the file: \(reason)")
    }
  }
}

extension AtomicFile {
  /// The folder `path` goes into, made (with its parents) when missing, as output folders
  /// are; an error when a file stands where a folder should, or `path` is a folder.
  private static func folder(of path: String) throws -> String {
    var dir = (path as NSString).deletingLastPathComponent
    if dir.isEmpty { dir = "." }
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
      guard isDir.boolValue else { throw EngineError.io(path: path, reason: "\"\(dir)\" is a file, not a folder") }
    } else {
      do {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
      } catch {
        throw EngineError.io(path: path, reason: "cannot make the folder \"\(dir)\" (a file in the way, or no permission)")
      }
    }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
      throw EngineError.io(path: path, reason: "is a folder; give a file name")
    }
    return dir
  }

  /// Writes several files all or nothing: every file goes to a temporary sibling first, and
  /// only when all are written are they renamed into place.
  public static func writeAll(_ files: [(path: String, data: Data)]) throws {
    var temps: [String] = []
    defer { for t in temps { unlink(t) } }
    for (path, data) in files {
      let temp = try folder(of: path) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
      guard FileManager.default.createFile(atPath: temp, contents: data) else {
        throw EngineError.io(path: path, reason: "cannot write here (permission denied or read-only)")
      }
      temps.append(temp)
    }
    for (temp, file) in zip(temps, files) where rename(temp, file.path) != 0 {
      throw EngineError.io(path: file.path, reason: "cannot replace the file: \(String(cString: strerror(errno)))")
    }
    temps = []
  }
}
