import Foundation

/// Writes a file by writing a temporary sibling and renaming it into place, so readers never
/// see a half-written file and a failure leaves the old file untouched.
public enum AtomicFile {
  /// - Parameter personal: the file holds personal data: only its owner may read it (0600).
  public static func write(_ data: Data, to path: String, personal: Bool = false) throws {
    try writeAll([(path, data)], personal: personal)
  }

  /// Writes several files all or nothing: every file goes to a temporary sibling first; only
  /// when all are written (and on disk) are they moved into place, the files they replace
  /// kept aside until the last is in, and put back if a move fails.
  public static func writeAll(_ files: [(path: String, data: Data)], personal: Bool = false) throws {
    var temps: [String] = []
    defer { for t in temps { unlink(t) } }
    let dirs = try files.map { try folder(of: $0.path) }
    // Stale temporaries are looked for once per folder, not per file (a split export writes
    // many files into one folder).
    for dir in Set(dirs) { removeStaleTemporaries(in: dir) }
    for ((path, data), dir) in zip(files, dirs) {
      let temp = dir + "/" + temporaryName(of: path, pid: getpid())
      try writeSynced(data, to: temp, shownAs: path, mode: personal ? 0o600 : 0o644)
      temps.append(temp)
    }
    // Interrupted while writing: the temporaries go, the old files stay.
    try CancellationToken.check()
    // (target, the old file kept aside or nil when there was none)
    var placed: [(path: String, old: String?)] = []
    func undo() {
      for (path, old) in placed.reversed() {
        if let old { rename(old, path) } else { unlink(path) }
      }
    }
    for (temp, file) in zip(temps, files) {
      var old: String? = nil
      if access(file.path, F_OK) == 0 {
        // A second name for the old file, so the rename below replaces it in one step (no
        // moment without the file, even if seg is killed) and a failure can still put it back.
        let aside = temp + ".old"
        guard link(file.path, aside) == 0 || rename(file.path, aside) == 0 else {
          let reason = String(cString: strerror(errno))
          undo()
          throw EngineError.io(path: file.path, reason: "cannot replace the file: \(reason); no file was changed")
        }
        old = aside
      }
      guard rename(temp, file.path) == 0 else {
        let reason = String(cString: strerror(errno))
        if let old { rename(old, file.path) }
        undo()
        throw EngineError.io(path: file.path, reason: "cannot replace the file: \(reason); no file was changed")
      }
      placed.append((file.path, old))
    }
    for case (_, let old?) in placed { unlink(old) }
    temps = []
    // The renames themselves reach the disk with their folders.
    for dir in Set(dirs).sorted() {
      let fd = open(dir, O_RDONLY | O_DIRECTORY)
      if fd >= 0 { _ = fsync(fd); close(fd) }
    }
  }

  /// `.NAME.seg-PID.tmp`: the temporary sibling a writer with process id `pid` uses; the
  /// `seg-` marks it as seg's, so a later write may remove it once that process is gone.
  static func temporaryName(of path: String, pid: Int32) -> String { ".\((path as NSString).lastPathComponent).seg-\(pid).tmp" }

  /// Writes and syncs `data` to a new file at `temp`; errors say what the system said.
  private static func writeSynced(_ data: Data, to temp: String, shownAs path: String, mode: mode_t) throws {
    let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard fd >= 0 else { throw EngineError.io(path: path, reason: "cannot write here: \(String(cString: strerror(errno)))") }
    // A leftover temporary keeps the mode it was made with; the file's own is set here.
    _ = fchmod(fd, mode)
    var failure: Int32 = 0
    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        offset += n
      }
    }
    if failure == 0 && fsync(fd) != 0 { failure = errno }
    close(fd)
    if failure != 0 {
      unlink(temp)
      throw EngineError.io(path: path, reason: "cannot write the file: \(String(cString: strerror(failure)))")
    }
  }
}

extension AtomicFile {
  /// The folder `path` goes into, made (with its parents) when missing, as output folders
  /// are; an error when a file stands where a folder should, or `path` is a folder.
  private static func folder(of path: String) throws -> String {
    guard !(path as NSString).lastPathComponent.isEmpty, !path.hasSuffix("/") else {
      throw EngineError.io(path: path, reason: "no file name given; name the file to write")
    }
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
    var st = stat()
    if lstat(path, &st) == 0 {
      switch st.st_mode & S_IFMT {
      case S_IFREG: break
      case S_IFDIR: throw EngineError.io(path: path, reason: "is a folder; give a file name")
      case S_IFLNK: throw EngineError.io(path: path, reason: "is a link; write to the file it points to")
      // Renaming over a device or a pipe would replace it (as root, /dev/null itself).
      default: throw EngineError.io(path: path, reason: "is not a regular file (a device or a pipe); seg writes regular files only")
      }
    }
    return dir
  }

  /// Removes the `.NAME.seg-PID.tmp` (and `.tmp.old`) files that writers which no longer run left in `dir`
  /// (a kill -9 mid-write), whatever file they were writing: seg's own naming only, and only
  /// of dead processes.
  private static func removeStaleTemporaries(in dir: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
    for name in names where name.hasPrefix(".") && (name.hasSuffix(".tmp") || name.hasSuffix(".tmp.old")) {
      let inner = name.dropLast(name.hasSuffix(".old") ? 8 : 4)
      guard let marker = inner.range(of: ".seg-", options: .backwards),
        let pid = Int32(inner[marker.upperBound...]), pid > 0, pid != getpid()
      else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH { unlink(dir + "/" + name) }
    }
  }
}
