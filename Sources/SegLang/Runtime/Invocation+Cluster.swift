import SegEngine

/// Data verbs on a cluster: the command's plan, written over the session's frame names, with
/// each frame on the cluster replaced by the steps that make it there; the cluster checks it
/// (an unknown column fails at the command that named it) and runs it when rows are pulled.
extension Invocation {
  /// The frame the command reads (`from=` or the current one) when it is on the cluster.
  func clusterInput() -> (name: String, frame: ClusterFrame)? {
    guard let name = text("from") ?? env.catalog.currentName, let frame = env.catalog.clusterFrames[name] else { return nil }
    return (name, frame)
  }

  /// The cluster the session is connected to.
  func cluster() throws -> any ClusterBackend {
    guard let cluster = env.catalog.cluster else {
      throw Diagnostic(category: .runtime, message: "no cluster is connected", help: "connect spark \"sc://host:15002\"")
    }
    return cluster
  }

  /// `plan` with the cluster's frames in place of their names; a frame of seg's it reads (the
  /// other side of a join) is sent to the cluster, its personal columns left out as an export
  /// leaves them out.
  func clusterPlan(_ plan: LogicalPlan) throws -> LogicalPlan {
    try plan.replacingScans { name in
      if let frame = env.catalog.clusterFrames[name] { return frame.plan }
      let local = env.catalog.stamped(try env.catalog.frame(named: name))
      let personal = local.personalColumns
      if !personal.isEmpty {
        warning("\(personal.joined(separator: ", ")) of \(name) \(personal.count == 1 ? "is" : "are") personal data, left out of what goes to Spark")
      }
      let sending = try local.dropping(personal)
      let sent = try cluster().upload(sending)
      message("sent \(name) to Spark: \(shape(sending))")
      return sent.plan
    }
  }

  /// Runs `plan` on the cluster as the frame `name` (made current); its columns.
  @discardableResult
  func storeOnCluster(_ plan: LogicalPlan, as name: String) throws -> ClusterFrame {
    try storeResolved(try clusterPlan(plan), as: name)
  }

  /// Stores a plan already over the cluster's sources, once the cluster has checked it.
  @discardableResult
  func storeResolved(_ plan: LogicalPlan, as name: String, pipeline: [FittedStep]? = nil) throws -> ClusterFrame {
    var frame = ClusterFrame(plan: plan, schema: try cluster().schema(of: plan))
    // A data verb keeps the steps fitted for the frame it read, as it does in seg.
    frame.pipeline = pipeline ?? clusterInput()?.frame.pipeline ?? []
    env.catalog.store(frame, as: name)
    return frame
  }

  /// The most rows a frame on the cluster brings to seg whole (collect, export to a local
  /// file): ten million, or SEG_SPARK_PULL_LIMIT.
  var pullLimit: Int {
    env.environmentVariable("SEG_SPARK_PULL_LIMIT").flatMap { Int($0) }.map { max(1, $0) } ?? 10_000_000
  }

  /// Every row of `plan` (the cluster frame `name`) in seg, or an error at `range` when there
  /// are more than the pull limit: `why` says what they were for, `help` what to do instead.
  func pullWhole(_ plan: LogicalPlan, of name: String, why: String, at range: SourceRange, help: String) throws -> DataFrame {
    guard let rows = try cluster().collectAll(plan, atMost: pullLimit) else {
      throw Diagnostic(category: .runtime, message: "\(name) has more than \(grouped(pullLimit)) rows, too many to bring to seg\(why)", range: range, help: help)
    }
    return rows
  }

  /// The rows of `plan` in seg: run on the cluster when the command reads a frame there (a
  /// summary, small by nature; the pull limit guards it), else by seg's engine.
  func runWhereTheRowsAre(_ plan: LogicalPlan) throws -> DataFrame {
    guard let (name, _) = clusterInput() else { return try run(plan) }
    return try pullWhole(try clusterPlan(plan), of: "\(command.verb)'s result", why: "", at: command.verbRange, help: sampleFirst(name))
  }

  /// What to do when the cluster frame `name` is too large to bring to seg for this command.
  func sampleFirst(_ name: String) -> String {
    "collect a seeded sample first (collect n=1000000 seed=1 as \(name)_sample) and \(command.verb) that"
  }

  /// A data verb's result on the cluster: the frame `as` names, else the one it read.
  @discardableResult
  func storeOnCluster(_ plan: LogicalPlan, replacing name: String) throws -> ClusterFrame {
    try storeOnCluster(plan, as: outputName ?? name)
  }
}
