import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs `seg` on a real pseudo-terminal, as a person at a keyboard would: type keys,
/// wait for text on the screen.
final class PseudoTerminal {
  private var master: Int32 = -1
  private(set) var pid: pid_t = 0
  private(set) var transcript = ""

  init(arguments: [String] = [], environment: [String: String]) throws {
    var m: Int32 = 0
    var s: Int32 = 0
    var size = winsize(ws_row: 40, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
    guard openpty(&m, &s, nil, nil, &size) == 0 else { throw POSIXError(.EIO) }
    master = m
    let slaveName = String(cString: ttyname(s))
    close(s)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    // Opened after setsid, the terminal becomes the child's controlling terminal, so
    // Ctrl-C typed here reaches it as SIGINT.
    posix_spawn_file_actions_addopen(&actions, 0, slaveName, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    posix_spawn_file_actions_addclose(&actions, m)
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    let spawnSetsid: Int16 = 0x80  // glibc's POSIX_SPAWN_SETSID, not exported to Swift
    posix_spawnattr_setflags(&attr, spawnSetsid)
    let path = SegBinary.url.path
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
    argv.forEach { free($0) }
    envp.forEach { free($0) }
    posix_spawn_file_actions_destroy(&actions)
    posix_spawnattr_destroy(&attr)
    guard rc == 0 else { throw POSIXError(.ENOENT) }
  }

  /// Resizes the terminal, as dragging its window does (the program gets SIGWINCH).
  func resize(columns: Int, rows: Int = 40) {
    var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &size)
  }

  /// Types text (use "\r" for Enter, "\u{03}" for Ctrl-C, "\t" for Tab).
  func type(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
  }

  /// Waits until `text` appears in the output after `offset`; returns its end offset.
  @discardableResult
  func wait(for text: String, after offset: String.Index? = nil, timeout: Double = 20) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let start = offset ?? transcript.startIndex
      if transcript[start...].contains(text) { return true }
      readAvailable(wait: 0.05)
    }
    return false
  }

  /// The transcript's end, to wait for text that appears after this point.
  var mark: String.Index { transcript.endIndex }

  func readAvailable(wait seconds: Double) {
    var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    guard poll(&pfd, 1, Int32(seconds * 1000)) > 0 else { return }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = read(master, &buffer, buffer.count)
    if n > 0 { transcript += String(decoding: buffer[0..<n], as: UTF8.self) }
  }

  /// Waits for the process to end and returns its exit status.
  func finish(timeout: Double = 10) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while Date() < deadline {
      readAvailable(wait: 0.02)
      if waitpid(pid, &status, WNOHANG) == pid {
        close(master)
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
      }
    }
    kill(pid, SIGKILL)
    waitpid(pid, &status, 0)
    close(master)
    return nil
  }
}
