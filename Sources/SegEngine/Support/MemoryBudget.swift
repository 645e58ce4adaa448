import Foundation

/// The memory seg may use, and a check that refuses a step before it allocates more than is
/// left: a failed allocation is a trap that would end the session and lose its work.
public enum MemoryBudget {
  /// The binding limit and where it comes from ("physical memory", "ulimit -v", …).
  public struct Limit: Sendable, Equatable {
    public var bytes: Int
    public var source: String
    /// Whether the limit counts address space (ulimit -v) rather than resident memory.
    var countsAddressSpace = false
  }

  /// The smallest of physical memory, `ulimit -v` and `ulimit -d`, a container's cgroup limit
  /// and `SEG_MEMORY_LIMIT` (a number of bytes, or with K, M, G or T: "4G").
  public static func limit() -> Limit {
    var best = Limit(bytes: physicalMemory(), source: "physical memory")
    func consider(_ bytes: Int?, _ source: String, addressSpace: Bool = false) {
      if let bytes, bytes > 0, bytes < best.bytes { best = Limit(bytes: bytes, source: source, countsAddressSpace: addressSpace) }
    }
    consider(resourceLimit(Int32(RLIMIT_AS.rawValue)), "ulimit -v", addressSpace: true)
    consider(resourceLimit(Int32(RLIMIT_DATA.rawValue)), "ulimit -d")
    consider(cgroupLimit(), "the container's memory limit")
    consider(configuredLimit.flatMap(parseSize), "SEG_MEMORY_LIMIT")
    return best
  }

  /// Refuses, with what is needed and what to do, a step that needs about `bytes` more than
  /// the limit leaves free. `bytes` is an estimate of the step's largest allocations.
  public static func require(_ bytes: Int, for what: String, hint: String) throws {
    let limit = limit()
    let used = currentUse(addressSpace: limit.countsAddressSpace)
    let free = max(0, limit.bytes - used)
    guard bytes > free else { return }
    // The limit, not what is free, when even an empty process could not do it: the message
    // is then the same from run to run.
    let room = bytes > limit.bytes
      ? "more than the \(size(limit.bytes)) seg may use (\(limit.source))"
      : "and about \(size(free)) of the \(size(limit.bytes)) seg may use (\(limit.source)) is free"
    throw EngineError.unsupported("\(what) would take about \(size(bytes)) of memory, \(room); \(hint)")
  }

  /// `a × b × c` in bytes, saturating at Int.max instead of trapping on absurd sizes.
  public static func product(_ factors: Int...) -> Int {
    factors.reduce(1) { total, f in
      let (p, overflow) = total.multipliedReportingOverflow(by: max(f, 0))
      return overflow ? Int.max : p
    }
  }

  /// Bytes as people read them: 512 MB, 1.5 GB, 93 TB.
  public static func size(_ bytes: Int) -> String {
    let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return ValueFormatter.number(value, significant: unit == 0 ? 6 : 2) + " " + units[unit]
  }

  /// "4G", "4GB", "4GiB", "512m", "1.5T" or a plain number of bytes (K, M, G and T are
  /// powers of 1024); nil when the text is not a positive size.
  public static func parseSize(_ text: String) -> Int? {
    var t = Substring(text.trimmingCharacters(in: .whitespaces).uppercased())
    if t.hasSuffix("IB") { t = t.dropLast(2) } else if t.hasSuffix("B") { t = t.dropLast() }
    let shifts: [Character: Int] = ["K": 10, "M": 20, "G": 30, "T": 40]
    var shift = 0
    if let last = t.last, let s = shifts[last] {
      shift = s
      t = t.dropLast()
    }
    guard let value = Double(t), value.isFinite, value >= 1 else { return nil }
    let bytes = value * Double(1 << shift)
    return bytes < 9e18 ? Int(bytes) : nil
  }

  /// The setting `SEG_MEMORY_LIMIT` holds, nil when it is unset or empty.
  public static var configuredLimit: String? {
    ProcessInfo.processInfo.environment["SEG_MEMORY_LIMIT"].flatMap { $0.isEmpty ? nil : $0 }
  }

  private static func physicalMemory() -> Int {
    Int(clamping: ProcessInfo.processInfo.physicalMemory)
  }

  private static func resourceLimit(_ resource: Int32) -> Int? {
    var r = rlimit()
    guard getrlimit(resource, &r) == 0, r.rlim_cur != rlim_t.max else { return nil }
    return Int(clamping: r.rlim_cur)
  }

  /// cgroup v2's memory.max, or v1's memory.limit_in_bytes ("max" or a huge number: none).
  private static func cgroupLimit() -> Int? {
    for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
      if let text = try? String(contentsOfFile: path, encoding: .utf8),
        let bytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes < 1 << 60
      {
        return bytes
      }
    }
    return nil
  }

  /// What the process holds now, from /proc/self/statm: its address space or its resident set.
  private static func currentUse(addressSpace: Bool) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ").compactMap { Int($0) }
    guard fields.count >= 2 else { return 0 }
    return (addressSpace ? fields[0] : fields[1]) * Int(sysconf(Int32(_SC_PAGESIZE)))
  }
}
