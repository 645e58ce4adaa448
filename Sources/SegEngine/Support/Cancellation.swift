import Synchronization

/// A flag a caller raises (for example from a SIGINT handler) to stop a long engine call.
public final class CancellationToken: Sendable {
  private let flag = Atomic<Bool>(false)
  public init() {}
  /// Raises the flag; async-signal-safe (a lock-free atomic store).
  public func cancel() { flag.store(true, ordering: .relaxed) }
  public func reset() { flag.store(false, ordering: .relaxed) }
  public var isCancelled: Bool { flag.load(ordering: .relaxed) }

  /// The token engine loops poll; set with `CancellationToken.$current.withValue`.
  @TaskLocal public static var current: CancellationToken? = nil

  /// Throws `EngineError.interrupted` when the current token was raised.
  @inline(__always)
  public static func check(_ token: CancellationToken? = current) throws {
    if let token, token.isCancelled { throw EngineError.interrupted }
  }
}
