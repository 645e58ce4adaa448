#if canImport(Glibc)
  import Glibc
#endif

/// Asks the kernel to back a large buffer with 2 MiB pages: filling tens of megabytes then
/// takes a few hundred page faults instead of tens of thousands.
enum HugePages {
  static let size = 2 << 20

  /// An array of `count` copies of `value`, on huge pages when large.
  static func array<T>(repeating value: T, count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      if let base = buffer.baseAddress { advise(base, count: count) }
      buffer.initialize(repeating: value)
      initialized = count
    }
  }

  /// An array of `count` plain values that `fill` writes every one of (no zeroing pass
  /// first), on huge pages when large. Values `fill` leaves unwritten are undefined.
  static func array<T: BitwiseCopyable>(count: Int, fill: (UnsafeMutableBufferPointer<T>) throws -> Void) rethrows -> [T] {
    try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      if let base = buffer.baseAddress { advise(base, count: count) }
      try fill(buffer)
      initialized = count
    }
  }

  static func advise<T>(_ pointer: UnsafeMutablePointer<T>, count: Int) {
    #if os(Linux)
      let bytes = count * MemoryLayout<T>.stride
      guard bytes >= 2 * size else { return }
      let start = (Int(bitPattern: pointer) + size - 1) & ~(size - 1)
      let end = (Int(bitPattern: pointer) + bytes) & ~(size - 1)
      guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
      _ = madvise(p, end - start, MADV_HUGEPAGE)
    #endif
  }
}
