import Dispatch
import Foundation

/// Runs work over index ranges on all cores; results never depend on the thread count
/// because each chunk's output is stored by chunk index and combined in order.
enum Parallel {
  /// Worker threads to use: `SEG_THREADS` if set, else the active cores (read once: the
  /// environment is copied on every read).
  static let coreCount: Int = {
    if let text = ProcessInfo.processInfo.environment["SEG_THREADS"], let n = Int(text), n > 0 {
      return n
    }
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
  }()

  /// Maps each index to a value, concurrently, returning results in index order.
  static func map<T>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
    if count <= 1 || coreCount == 1 { return try (0..<count).map(body) }
    return try withoutActuallyEscaping(body) { body in
      let box = ResultBox<T>(count: count, body: body, token: CancellationToken.current)
      DispatchQueue.concurrentPerform(iterations: count) { i in box.run(i) }
      return try box.values()
    }
  }
}

/// Holds per-index results; each index is written by exactly one worker.
private final class ResultBox<T>: @unchecked Sendable {
  private var slots: [Result<T, Error>?]
  private let body: (Int) throws -> T
  private let token: CancellationToken?
  private let lock = NSLock()

  init(count: Int, body: @escaping (Int) throws -> T, token: CancellationToken?) {
    slots = Array(repeating: nil, count: count)
    self.body = body
    self.token = token
  }

  func run(_ i: Int) {
    let r = Result { try CancellationToken.$current.withValue(token) { try body(i) } }
    lock.withLock { slots[i] = r }
  }

  func values() throws -> [T] { try slots.map { try $0!.get() } }
}
