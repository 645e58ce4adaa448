/// Where a long engine call says how far it has got; the caller decides how (if at all)
/// to show it. Reports come from the calling thread only, never from parallel workers.
public final class ProgressReporter: Sendable {
  private let handler: @Sendable (String) -> Void

  /// `handler` receives a short status such as "k-means: iteration 12".
  public init(_ handler: @escaping @Sendable (String) -> Void) { self.handler = handler }

  /// The reporter engine loops talk to; set with `ProgressReporter.$current.withValue`.
  @TaskLocal public static var current: ProgressReporter? = nil

  public static func report(_ status: @autoclosure () -> String) {
    guard let current else { return }
    current.handler(status())
  }

  /// "3 of 10 (30%)".
  public static func fraction(_ done: Int, of total: Int) -> String {
    "\(done) of \(total) (\(total > 0 ? 100 * done / total : 100)%)"
  }
}
