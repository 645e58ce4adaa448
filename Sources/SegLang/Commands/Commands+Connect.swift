import SegEngine

/// Working on a cluster: connecting, and bringing rows back to seg.
extension CommandTable {
  static let connect = CommandSpec(
    "connect", family: .data, summary: "work on a Spark cluster through Spark Connect",
    explanation: """
      connect spark "sc://host:15002" opens a session on a Spark Connect server. Frames
      loaded after it (load "path" of a CSV, Parquet or JSON file the cluster can read) stay
      on the cluster as plans: filter, select, drop, rename, derive, sort, aggregate, join
      and rfm add steps that Spark runs, with seg's meaning of missing values and seg's row
      order; assign labels every customer there with a model fitted in seg (k-means family,
      bisecting); cluster kmeans fits Spark ML's KMeans there (k-means|| starts, maxIter 20
      unless max_iter= says otherwise: the same for the same data and seed on Spark, not
      seg's centres). show, head and frames pull back only the rows they print; export writes
      a local file, or lets Spark write a path with a scheme (file://, s3://, hdfs://).
      Commands that run in seg (profile, explain, …) need a sample brought back first:
      collect n=100000 seed=1. A token the server wants comes from the environment variable
      token_env= names, never from the script. disconnect ends the session; frames in seg
      stay.
      """,
    positionals: [
      PositionalSpec("kind", .choice(["spark"]), "the kind of cluster"),
      PositionalSpec("address", .text, "the server: sc://host:port"),
    ],
    options: [OptionSpec("token_env", .text, default: .described("none"), "the environment variable holding the server's token")],
    example: helpClusterExample + "filter income > 40000\nshow n=5\n"
  ) { inv in
    guard let kind = inv.positionalText("kind"), let address = inv.positionalText("address") else { return }
    guard let connector = inv.env.clusterConnectors.first(where: { $0.kind == kind }) else {
      throw Diagnostic(category: .runtime, message: "this seg was built without \(kind) support", range: inv.command.verbRange,
        help: "build it with the Spark trait: swift build -c release --traits Spark")
    }
    var token: String? = nil
    if let variable = inv.text("token_env") {
      guard let value = inv.env.environmentVariable(variable), !value.isEmpty else {
        throw Diagnostic(message: "token_env= names \(variable), which is not set", range: inv.arguments.options["token_env"]?.range,
          help: "export \(variable)=… before starting seg")
      }
      token = value
    }
    let backend = try connector.connect(address: address, token: token, context: inv.context)
    inv.env.catalog.dropCluster()
    inv.env.catalog.cluster = backend
    inv.message("connected to \(backend.description); frames loaded from now on stay there")
  }

  /// The start of the examples of the verbs that need a cluster: a Spark Connect server on
  /// this machine's port 15002 (`scripts/spark-connect start`).
  static let helpClusterExample = "sample customers n=50 seed=1\nexport to \"/tmp/seg_help_spark.csv\"\nconnect spark \"sc://127.0.0.1:15002\"\nload \"/tmp/seg_help_spark.csv\"\n"
  /// Verbs whose help example needs a cluster.
  static let clusterVerbs: Set<String> = ["connect", "collect", "sql"]

  static let sql = CommandSpec(
    "sql", family: .data, summary: "a frame of the rows a Spark SQL query gives, kept on the cluster",
    explanation: """
      After connect spark, sql "SELECT …" makes a frame of the rows the query gives, run by
      the cluster over the tables of its catalog (the same as load spark query="…"). The
      verbs after it build on it there.
      """,
    positionals: [PositionalSpec("query", .text, "the query, in quotes")],
    output: "the new frame (default: query)",
    example: helpClusterExample + "sql \"SELECT 1 AS one, 'a' AS letter\" as q\nshow\n"
  ) { inv in
    guard let query = inv.positionalText("query") else { return }
    guard inv.env.catalog.cluster != nil else {
      throw Diagnostic(category: .runtime, message: "sql runs a query on a connected cluster", range: inv.command.verbRange,
        help: "connect spark \"sc://host:15002\" first; for a database: load postgres \"postgresql://…\" query=\"SELECT …\"")
    }
    try storeLoadedOnCluster(inv, try inv.cluster().read(.query(query)), as: inv.outputName ?? "query")
  }

  static let disconnect = CommandSpec(
    "disconnect", family: .data, summary: "end the Spark session; frames on it are gone",
    explanation: "Ends the session that connect opened. The frames on the cluster are forgotten; frames in seg (made by collect) stay.",
    example: "disconnect\n"
  ) { inv in
    guard let cluster = inv.env.catalog.cluster else { return inv.message("no cluster is connected") }
    let description = cluster.description
    inv.env.catalog.dropCluster()
    inv.message("disconnected from \(description)")
  }

  static let collect = CommandSpec(
    "collect", family: .data, summary: "bring rows of a Spark frame to seg",
    explanation: """
      Brings a frame on the cluster into seg, for the commands that run here (cluster,
      profile, explain, …). n= rows are drawn by a seeded hash of each row's place, the same
      rows for the same data and seed (not the rows seg's own sample would draw); without n=
      every row comes, up to 10,000,000.
      """,
    options: [
      OptionSpec("n", .integer(min: 1), default: .described("every row"), "how many rows to bring"),
      OptionSpec("seed", .integer(min: 0), default: "0", "which rows: the same seed gives the same rows"),
      fromOption,
    ],
    output: "a frame in seg (default: <frame>_local), made current",
    example: helpClusterExample + "filter age is not missing and income is not missing\ncollect n=20 seed=1\ncluster kmeans age income k=3 seed=1\n"
  ) { inv in
    guard let (name, frame) = inv.clusterInput() else {
      throw Diagnostic(category: .runtime, message: "collect reads a frame on Spark", range: inv.command.verbRange,
        help: "connect spark \"sc://host:15002\", then load a file there")
    }
    let local = try inv.int("n").map { try inv.cluster().sample(frame.plan, rows: $0, seed: UInt64(inv.int("seed") ?? 0)) }
      ?? inv.pullWhole(frame.plan, of: name, why: "", at: inv.command.verbRange, help: "bring a sample: collect n=1000000 seed=1, or aggregate on Spark first")
    let target = inv.outputName ?? "\(name)_local"
    var arrived = local
    arrived.pipeline = frame.pipeline
    inv.storeArrived(arrived, as: target)
    inv.message("collected \(target): \(shape(local)) (now current)")
  }
}
