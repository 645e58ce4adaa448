import Foundation

/// Runs the built `seg` executable, as a user would, and captures what it prints.
enum SegBinary {
  /// The package root (three levels above this file).
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The `seg` built beside the test bundle.
  static var url: URL {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    if dir.pathExtension == "xctest" { dir = dir.deletingLastPathComponent() }
    for candidate in [dir, Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL] {
      let u = candidate.appendingPathComponent("seg")
      if FileManager.default.isExecutableFile(atPath: u.path) { return u }
    }
    return packageRoot.appendingPathComponent(".build/debug/seg")
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The environment every test run gets: fixed width, no colour, a fixed today.
  static func environment(_ extra: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["COLUMNS"] = "100"
    env["NO_COLOR"] = "1"
    env["SEG_TODAY"] = "2025-01-01"
    env.removeValue(forKey: "SEG_THREADS")
    // Keys a developer may have set would change what examples print.
    env.removeValue(forKey: "SEG_PSEUDONYM_KEY")
    env.removeValue(forKey: "SEG_ENCRYPTION_KEY")
    for (k, v) in extra { env[k] = v }
    return env
  }

  /// Runs seg to the end. With `mergeOutput`, stderr goes into the same pipe as stdout (as
  /// with `2>&1`) and `Result.stdout` holds both, in the order written.
  static func run(
    _ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:], mergeOutput: Bool = false,
    directory: URL? = nil
  ) throws -> Result {
    let p = Process()
    p.executableURL = url
    p.arguments = arguments
    p.currentDirectoryURL = directory ?? packageRoot
    p.environment = environment(extra)
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    p.standardOutput = out
    p.standardError = mergeOutput ? out : err
    if mergeOutput { try err.fileHandleForWriting.close() }
    p.standardInput = input
    // A child that stops reading early makes the input's write fail, not end this process.
    signal(SIGPIPE, SIG_IGN)
    try p.run()
    // Write the input and read both pipes concurrently: a filter writes while it still
    // reads, so a full pipe must never wait on another.
    let writer = Thread {
      if let stdin { try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
      try? input.fileHandleForWriting.close()
    }
    writer.start()
    nonisolated(unsafe) var errData = Data()
    let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    while !reader.isFinished || !writer.isFinished { usleep(1000) }
    return Result(
      status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
