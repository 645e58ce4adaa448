import Foundation

/// Peak memory of the process during one command, for `--timings` (Linux: the kernel's
/// resident high-water mark, reset before the command; elsewhere nothing is measured).
enum MemoryProbe {
  /// Resets the high-water mark and returns the resident bytes now.
  static func startPeak() -> Int {
    if let f = fopen("/proc/self/clear_refs", "w") {
      fputs("5", f)
      fclose(f)
    }
    return status("VmRSS")
  }

  /// The resident high-water mark in bytes since `startPeak`.
  static func peak() -> Int { status("VmHWM") }

  private static func status(_ key: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
      let digits = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
      return digits * 1024
    }
    return 0
  }
}
