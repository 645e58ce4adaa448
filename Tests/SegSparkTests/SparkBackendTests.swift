import Foundation
import Testing
import SegTestSupport

#if Spark
  import SegEngine
  @testable import SegLang
  import SegSpark

  /// The Spark Connect server the tests use: `scripts/spark-connect start` prints the line
  /// that sets SEG_TEST_SPARK (CI starts one); without it these tests are skipped.
  enum SparkServer {
    static let address = ProcessInfo.processInfo.environment["SEG_TEST_SPARK"]
    static let reason: Comment = "SEG_TEST_SPARK is not set: start a server with scripts/spark-connect start"
  }

  /// A session that can connect to Spark, with what it printed and its frames.
  final class SparkHarness {
    let session: Session

    init(baseDirectory: String = SharedData.folder) {
      var printed: [String] = []
      session = Session(baseDirectory: baseDirectory, today: 20_089) { printed.append(TextPresenter(width: 100, unicode: true).render($0)) }
      session.clusterConnectors = [SparkConnector()]
      session.environmentVariable = { _ in nil }
      self.printed = { printed }
    }
    private var printed: () -> [String] = { [] }

    /// Runs `source`; the rendered diagnostics ("" when it succeeded).
    @discardableResult
    func run(_ source: String) -> String {
      switch session.run(SourceFile(name: "t.seg", text: source)) {
      case .completed: return ""
      case .failed(let problems): return problems.map { DiagnosticRenderer().render($0.diagnostic, in: $0.source) }.joined(separator: "\n")
      }
    }

    var text: String { printed().joined(separator: "\n") }
    var catalog: Catalog { session.env.catalog }

    /// Every row of a frame on Spark, in seg's order.
    func pulled(_ name: String) throws -> DataFrame {
      let frame = try #require(catalog.clusterFrames[name], "\(name) is not on Spark")
      return try #require(catalog.cluster).collect(frame.plan, limit: nil)
    }
  }

  /// The same script on seg's engine and on Spark gives the same frames: each data verb is
  /// lowered to Spark SQL with seg's meaning of missing values and row order.
  @Suite(.enabled(if: SparkServer.address != nil, SparkServer.reason), .serialized)
  struct SparkBackendTests {
    static var connect: String { "connect spark \"\(SparkServer.address ?? "")\"\n" }

    /// Runs `steps` after loading `file` in seg and on Spark; each named frame must match.
    func sameFrames(_ file: String, _ steps: String, frames: [String], tolerance: Double = 0) throws {
      let local = SparkHarness(), remote = SparkHarness()
      let load = "load \"\(file)\" as data\n"
      #expect(local.run(load + steps) == "")
      #expect(remote.run(Self.connect + load + steps) == "", "\(remote.text)")
      for name in frames { Self.expectSame(try remote.pulled(name), try local.catalog.frame(named: name), name, tolerance: tolerance) }
    }

    /// The frame made on Spark is the one seg made: names, types and every value.
    static func expectSame(_ got: DataFrame, _ want: DataFrame, _ name: String, tolerance: Double) {
      #expect(got.columnNames == want.columnNames, "\(name)")
      #expect(got.rowCount == want.rowCount, "\(name)")
      for (g, w) in zip(got.columns, want.columns) {
        #expect(g.type == w.type, "\(name).\(g.name): Spark \(g.type), seg \(w.type)")
        let differing = (0..<min(g.count, w.count)).first { !same(g.value(at: $0), w.value(at: $0), tolerance) }
        #expect(differing == nil, "\(name).\(g.name) row \((differing ?? 0) + 1): Spark \(differing.map { g.value(at: $0) } ?? .missing), seg \(differing.map { w.value(at: $0) } ?? .missing)")
      }
    }

    static func same(_ a: Scalar, _ b: Scalar, _ tolerance: Double) -> Bool {
      if case .double(let x) = a, case .double(let y) = b, tolerance > 0 { return abs(x - y) <= tolerance * max(1, abs(y)) }
      return a == b
    }

    @Test(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent"))
    func wholesaleVerbs() throws {
      try sameFrames("wholesale_customers.csv", """
        filter Fresh > 3000 and Region != 3
        derive total = Fresh + Milk + Grocery
        derive share = Milk / total big = if(total > 30000, "big", "small") lean = Frozen / (Milk - Milk)
        derive total = total * 2 where big == "big"
        sort Region total desc
        select Channel Region total share big lean Fresh Frozen
        drop lean
        rename Frozen=frozen
        drop where frozen < 500
        aggregate n=count() spend=sum(total) most=max(total) least=min(Fresh) kinds=nunique(big) by=Region,Channel as groups
        use data
        join groups on=Region,Channel as joined
        use data
        dedupe by=Region,big keep=last as last_of_each
        use data
        dedupe as distinct_rows
        """, frames: ["data", "groups", "joined", "last_of_each", "distinct_rows"])
    }

    /// Preparation on Spark is fitted by seg's code on the columns it reads and applied there
    /// as SQL: the same frames as in seg, with the same types; in-place transform and scale
    /// leave the values alone (models read through them), as in seg.
    @Test(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent"))
    func preparationOnSparkIsSegs() throws {
      try sameFrames("wholesale_customers.csv", """
        derive gap = if(Fresh > 10000, Fresh, missing) tier = if(Milk > 5000, "high", if(Milk > 2000, "mid", missing))
        impute gap strategy=median
        impute tier strategy=mode
        impute Delicassen strategy=constant value=0
        winsorize Grocery lower=0.05 upper=0.95
        clip Detergents_Paper max=20000
        outliers Delicassen method=iqr action=clip
        transform Milk method=log1p suffix=_log
        transform Fresh Milk Grocery method=log1p
        scale Fresh Milk Grocery method=zscore
        scale Frozen method=robust suffix=_r
        transform Frozen method=yeojohnson suffix=_yj
        encode tier method=onehot
        encode Region method=ordinal
        encode Channel method=frequency
        pca Fresh Milk Grocery components=2
        """, frames: ["data"], tolerance: 1e-12)
    }

    /// A frame of seg's joined to one on Spark is sent there as an Arrow stream seg writes
    /// (Spark's own reader reads it): the join gives the frame seg's join gives, with text,
    /// dates, date-times, booleans and missing values from seg's side; personal columns stay in seg.
    @Test(.enabled(if: SharedData.path("online_retail_2010-12.csv") != nil, "../shared/data is absent"))
    func joinWithAFrameOfSegs() throws {
      let path = try #require(SharedData.path("online_retail_2010-12.csv"))
      let side = """
        load "\(path)" as tx
        aggregate last=max(InvoiceDate) lines=count() spend=sum(Quantity) by=Country as countries
        derive big = lines > 1000 day = 2010-12-01 note = if(spend > 5000, "many", missing)

        """
      let local = SparkHarness(), remote = SparkHarness()
      #expect(local.run(side + "use tx\njoin countries on=Country as joined") == "", "\(local.text)")
      #expect(remote.run(side + Self.connect + "load \"\(path)\" as data\njoin countries on=Country as joined") == "", "\(remote.text)")
      #expect(remote.text.contains("sent countries to Spark: 24 rows × 7 columns"), "\(remote.text)")
      Self.expectSame(try remote.pulled("joined"), try local.catalog.frame(named: "joined"), "joined", tolerance: 0)
      #expect(remote.run("use countries\nroles note=pii\nuse data\njoin countries on=Country as private") == "", "\(remote.text)")
      #expect(remote.text.contains("note of countries is personal data, left out of what goes to Spark"), "\(remote.text)")
      #expect(try remote.pulled("private").columnNames == (try local.catalog.frame(named: "joined")).columnNames.filter { $0 != "note" })
    }

    /// The workshop's flow (examples/workshop.seg) up to its clustering, on its data written
    /// to CSV: rfm, join, rename, impute, winsorize, transform and scale give on Spark the
    /// frames they give in seg; k-means then runs on Spark ML on the scaled columns, and
    /// profile reads the result.
    @Test func workshopFlowOnSparkIsSegs() throws {
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-spark-workshop-\(getpid())").path
      defer { try? FileManager.default.removeItem(atPath: folder) }
      #expect(SparkHarness().run("""
        sample customers n=3000 seed=7 as customers
        sample transactions seed=7 as tx
        export to "\(folder)/tx.csv"
        use customers
        export to "\(folder)/customers.csv"
        """) == "")
      let steps = """
        load "\(folder)/customers.csv" as customers
        load "\(folder)/tx.csv" as tx
        rfm from=tx customer=customer_id date=invoice_date invoice=invoice_id amount=quantity*unit_price asof=2025-01-01 where quantity > 0 as rfm
        use customers
        join rfm on=customer_id
        rename segment=rfm_segment
        impute age income strategy=median
        winsorize monetary lower=1% upper=99%
        transform frequency monetary method=log1p
        scale age income recency frequency monetary method=zscore
        """
      let local = SparkHarness(), remote = SparkHarness()
      #expect(local.run(steps) == "", "\(local.text)")
      #expect(remote.run(Self.connect + steps) == "", "\(remote.text)")
      for name in ["rfm", "customers"] { Self.expectSame(try remote.pulled(name), try local.catalog.frame(named: name), name, tolerance: 1e-9) }
      #expect(remote.run("cluster kmeans age income recency frequency monetary k=5 seed=7 as segment\nprofile segment") == "", "\(remote.text)")
      #expect(remote.text.contains("segments of segment"), "\(remote.text)")
    }

    /// Sums, means and standard deviations of decimals add in another order on two
    /// partitions: equal to the last bits only (so the sort is on whole numbers, whose ties
    /// keep the order of the customers' first rows on both).
    @Test(.enabled(if: SharedData.path("online_retail_2010-12.csv") != nil, "../shared/data is absent"))
    func onlineRetailCustomers() throws {
      try sameFrames("online_retail_2010-12.csv", """
        filter CustomerID is not missing and Quantity > 0
        derive amount = Quantity * UnitPrice day = days_between(InvoiceDate, today())
        aggregate orders=nunique(InvoiceNo) spend=sum(amount) mean_item=mean(UnitPrice) spread=std(amount) middle=median(Quantity) last_seen=min(day) by=CustomerID as customers
        sort orders desc
        """, frames: ["customers"], tolerance: 1e-9)
    }

    /// RFM on Spark: the same customers, recency and frequency, monetary value to the last
    /// bits (sums in another order), and the same scores and segments.
    @Test(.enabled(if: SharedData.path("online_retail_2010-12.csv") != nil, "../shared/data is absent"))
    func onlineRetailRFM() throws {
      try sameFrames("online_retail_2010-12.csv", """
        rfm customer=CustomerID date=InvoiceDate invoice=InvoiceNo amount=Quantity*UnitPrice where Quantity > 0 as rfm
        rfm customer=CustomerID date=InvoiceDate amount=Quantity*UnitPrice monetary=mean bins=4 asof=2011-01-01 from=data where Quantity > 0 and Country != "United Kingdom" as rfm4
        """, frames: ["rfm", "rfm4"], tolerance: 1e-9)
    }

    /// What describe, crosstab, profile and plot print of a frame on Spark is what they print
    /// in seg: describe and crosstab computed there (counts, exact quartiles, extremes of every
    /// type, the most frequent value with ties to the first seen), profile and plot on the
    /// rows brought back; with missing values, text, dates and where clauses.
    @Test(arguments: [
      ("wholesale_customers.csv", "derive gap = if(Fresh > 10000, Fresh, missing) tier = if(Milk > 5000, \"high\", if(Milk > 2000, \"mid\", missing))\ndescribe\ndescribe Fresh tier where Region == 3"),
      ("online_retail_2010-12.csv", "describe InvoiceNo StockCode Quantity InvoiceDate UnitPrice CustomerID Country where Quantity > 0"),
      ("wholesale_customers.csv", """
        derive segment = if(Fresh > 20000, 0, if(Milk > 10000, 1, 2))
        crosstab segment Region normalize=row
        crosstab Channel Region values=sum(Milk) where Fresh > 3000
        profile segment by=Fresh,Milk,Grocery,Channel
        plot hist Fresh
        plot scatter Fresh Milk color=segment
        """),
    ])
    func readingCommandsPrintAsInSeg(_ file: String, _ steps: String) throws {
      let path = try #require(SharedData.path(file), "../shared/data is absent")
      let local = SparkHarness(), remote = SparkHarness()
      #expect(local.run("load \"\(path)\" as data\n" + steps) == "", "\(local.text)")
      #expect(remote.run(Self.connect + "load \"\(path)\" as data\n" + steps) == "", "\(remote.text)")
      let tables = { (h: SparkHarness) in h.text.split(separator: "\n").filter { !["connected", "loaded", "added"].contains(where: $0.hasPrefix) } }
      #expect(!tables(local).isEmpty)
      #expect(tables(remote) == tables(local))
    }

    /// lifetime on Spark: the transactions summed per customer and day there, the summary
    /// finished in seg: the same fit, holdout check and scored customers as in seg.
    @Test func lifetimeOnSparkIsSegs() throws {
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("seg-spark-lifetime-\(getpid()).csv").path
      defer { try? FileManager.default.removeItem(atPath: file) }
      #expect(SparkHarness().run("sample customers n=800 seed=7\nsample transactions seed=7 as tx\nexport to \"\(file)\"") == "")
      let steps = """
        lifetime model=bgnbd customer=customer_id date=invoice_date amount=quantity*unit_price spend=gammagamma freq=week calibration_end=2024-06-30 months=12 where quantity > 0 as ltv
        lifetime customer=customer_id date=invoice_date from=tx model=mbgnbd as d
        """
      let local = SparkHarness(), remote = SparkHarness()
      let load = "load \"\(file)\" as tx\n"
      #expect(local.run(load + steps) == "", "\(local.text)")
      #expect(remote.run(Self.connect + load + steps) == "", "\(remote.text)")
      let printed = { (h: SparkHarness) in h.text.split(separator: "\n").filter { !["connected", "loaded"].contains(where: $0.hasPrefix) } }
      #expect(printed(remote) == printed(local))
      // Each day's amounts add in another order on Spark; the Gamma-Gamma fit carries that
      // last-bit difference to about 1e-9 of the expected spend.
      for name in ["ltv", "d"] { Self.expectSame(try remote.catalog.frame(named: name), try local.catalog.frame(named: name), name, tolerance: 1e-7) }
      #expect(remote.run("lifetime customer=customer_id date=invoice_id from=tx").contains("column \"invoice_id\" is int; lifetime needs dates"))
    }

    nonisolated(unsafe) static let reference: [String: Any] = {
      let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/spark.json").path
      guard let data = FileManager.default.contents(atPath: path) else { return [:] }
      return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }()

    /// `cluster kmeans|bisecting|gmm` of a Spark frame is Spark ML's estimator, as PySpark
    /// fits it (scripts/make-reference-spark.py): the same iterations and cost (or
    /// log-likelihood), and every customer labelled as PySpark's model predicts.
    @Test(arguments: ["kmeans", "bisecting", "gmm"], 0..<2)
    func clusteringOnSparkIsPySparks(_ method: String, _ index: Int) throws {
      let cases = try #require(Self.reference[method] as? [[String: Any]], "Reference/spark.json is missing")
      let c = cases[index]
      let file = try #require(c["file"] as? String), columns = try #require(c["columns"] as? [String])
      let path = try #require(SharedData.path(file), "../shared/data is absent")
      let k = try #require(c["k"] as? Int), seed = try #require(c["seed"] as? Int)
      let maxIter = (c["max_iter"] as? Int).map { " max_iter=\($0)" } ?? ""
      let h = SparkHarness()
      #expect(h.run(Self.connect + "load \"\(path)\" as w\ncluster \(method) \(columns.joined(separator: " ")) k=\(k) seed=\(seed)\(maxIter) as segment") == "", "\(h.text)")
      let iterations = try #require(c["iterations"] as? Int)
      let cost = (c["cost"] as? Double).map { "within-cluster sum of squares \(ValueFormatter.number($0, significant: 6))" }
      let likelihood = (c["log_likelihood"] as? Double).map { "log-likelihood \(ValueFormatter.number($0, significant: 6))" }
      let fit = try #require(cost ?? likelihood, "the reference has no cost")
      #expect(h.text.contains("as segment (\(plural(iterations, "iteration")); \(fit))"), "\(h.text)")
      let labels = try h.pulled("w").column("segment")
      let want = try #require(c["predictions"] as? [Int])
      #expect((0..<labels.count).map(labels.value) == want.map { Scalar.int($0) })
    }

    /// evaluate on Spark: within_ss, Davies-Bouldin and Calinski-Harabasz from each cluster's
    /// sums there equal seg's on the same labels, its silhouette is seg's on the rows brought
    /// back, and spark_silhouette is PySpark's ClusteringEvaluator.
    @Test func evaluateOnSparkScoresAsSegAndSpark() throws {
      let path = try #require(SharedData.path("wholesale_customers.csv"), "../shared/data is absent")
      let c = try #require((Self.reference["kmeans"] as? [[String: Any]])?.first, "Reference/spark.json is missing")
      let remote = SparkHarness(), local = SparkHarness()
      #expect(remote.run(Self.connect + "load \"\(path)\" as w\ncluster kmeans Fresh Milk Grocery k=3 seed=1 as segment\nevaluate segment") == "", "\(remote.text)")
      let labels = try remote.pulled("w").column("segment")
      #expect(local.run("load \"\(path)\" as w") == "")
      let frame = try local.catalog.frame(named: "w")
      let x = try FeatureMatrix(columns: try ["Fresh", "Milk", "Grocery"].map { name in
        let column = try frame.column(name)
        return (0..<column.count).map { column.value(at: $0).doubleValue ?? .nan }
      }, names: ["Fresh", "Milk", "Grocery"])
      let ints = (0..<labels.count).map { if case .int(let l) = labels.value(at: $0) { l } else { -1 } }
      let scores = [
        ("within_ss", ClusterScores.inertia(x, labels: ints)),
        ("davies_bouldin", try ClusterScores.daviesBouldin(x, labels: ints)),
        ("calinski_harabasz", try ClusterScores.calinskiHarabasz(x, labels: ints)),
        ("silhouette", try Silhouette.score(x, labels: ints)),
        ("spark_silhouette", try #require(c["silhouette_squared_euclidean"] as? Double)),
      ]
      for (name, value) in scores {
        let line = try #require(remote.text.split(separator: "\n").first { $0.hasPrefix(name + " ") }, "no \(name) in \(remote.text)")
        #expect(line.contains(" \(ValueFormatter.number(value)) "), "\(line) vs \(value)")
      }
      #expect(remote.run("evaluate segment compare=Region").contains("compare= is not lowered to Spark yet"))
    }

    /// Clustering reads a Spark frame's columns through its in-place transform and scale, as
    /// in seg; the reference applies the same steps in PySpark (bisecting's uncentred, since
    /// Spark's bisecting never splits data centred on 0 and a shift leaves distances alone).
    @Test(arguments: 0..<2)
    func clusteringPreparedColumnsOnSparkIsPySparks(_ index: Int) throws {
      let c = try #require((Self.reference["prepared"] as? [[String: Any]])?[index], "Reference/spark.json is missing")
      let path = try #require(SharedData.path("wholesale_customers.csv"), "../shared/data is absent")
      let method = try #require(c["method"] as? String), columns = try #require(c["columns"] as? [String]).joined(separator: " ")
      let k = try #require(c["k"] as? Int), seed = try #require(c["seed"] as? Int)
      let h = SparkHarness()
      #expect(h.run(Self.connect + """
        load "\(path)" as w
        transform \(columns) method=log1p
        scale \(columns) method=zscore
        cluster \(method) \(columns) k=\(k) seed=\(seed) as segment
        """) == "", "\(h.text)")
      let cost = try #require(c["cost"] as? Double), iterations = try #require(c["iterations"] as? Int)
      #expect(h.text.contains("(\(plural(iterations, "iteration")); within-cluster sum of squares \(ValueFormatter.number(cost, significant: 6)))"), "\(h.text)")
      let labels = try h.pulled("w").column("segment")
      #expect((0..<labels.count).map(labels.value) == (try #require(c["predictions"] as? [Int])).map { Scalar.int($0) })
      // evaluate reads the same scaled columns on Spark and, collected, in seg.
      #expect(h.run("evaluate segment\ncollect as here\nevaluate segment") == "", "\(h.text)")
      let scores = h.text.split(separator: "\n").filter { ["within_ss ", "silhouette ", "davies_bouldin ", "calinski_harabasz "].contains(where: $0.hasPrefix) }
      #expect(scores.count == 8)
      let number = { (line: Substring) in line.split(separator: " ", omittingEmptySubsequences: true)[1] }
      #expect(scores.prefix(4).map(number) == scores.suffix(4).map(number), "\(scores)")
    }

    @Test func clusteringOnSparkRefusesWhatItDoesNotTake() throws {
      let path = try #require(SharedData.path("wholesale_customers.csv"), "../shared/data is absent")
      let h = SparkHarness()
      #expect(h.run(Self.connect + "load \"\(path)\" as w\ncluster kmeans Fresh Milk k=3 n_init=4").contains("n_init= is for seg's kmeans; on Spark, kmeans takes k=, seed=, max_iter= and tol="))
      #expect(h.run("cluster bisecting Fresh Milk k=3 tol=0.1").contains("tol= is for seg's bisecting; on Spark, bisecting takes k=, seed= and max_iter="))
      #expect(h.run("cluster dbscan Fresh Milk").contains("dbscan has no Spark lowering yet; kmeans, bisecting and gmm run on Spark ML"))
      #expect(h.run("derive gap = if(Fresh > 10000, Fresh, missing)\ncluster gmm gap Milk k=2").contains("column \"gap\" has"))
      #expect(h.run("derive tier = if(Fresh > 10000, \"high\", \"low\")\ncluster kmeans tier Milk k=2").contains("column \"tier\" is text; kmeans compares numbers"))
    }

    /// load spark (and sql) read a query the cluster runs, or a view or table of its catalog
    /// (here the view a file load made), with columns= and where as steps.
    @Test func loadSparkReadsAQueryOrATable() throws {
      let path = try #require(SharedData.path("wholesale_customers.csv"), "../shared/data is absent")
      let h = SparkHarness()
      #expect(h.run(Self.connect + """
        load spark query="SELECT * FROM VALUES (1, 'a', 2.5), (2, 'b', NULL), (3, NULL, 1.0) AS v(id, code, score)" as v
        load "\(path)" as w
        load spark table=seg_read_2 columns=Region,Fresh where Fresh > 50000 as big
        """) == "", "\(h.text)")
      let v = try h.pulled("v")
      #expect(v.columnNames == ["id", "code", "score"] && v.rowCount == 3)
      #expect(try v.column("score").value(at: 1) == .missing && v.column("code").value(at: 2) == .missing)
      let big = try h.pulled("big"), w = try h.pulled("w")
      #expect(big.columnNames == ["Region", "Fresh"])
      #expect(big.rowCount == (0..<w.rowCount).filter { (try? w.column("Fresh").value(at: $0).doubleValue ?? 0) ?? 0 > 50000 }.count)
      #expect(h.run("sql \"SELECT * FROM VALUES (1, 'a', 2.5), (2, 'b', NULL), (3, NULL, 1.0) AS v(id, code, score)\" as s") == "", "\(h.text)")
      #expect(try h.pulled("s").columnNames == v.columnNames && (try h.pulled("s")).rowCount == 3)
      #expect(h.run("load spark as x").contains("load spark needs table= or query= (one of them)"))
      #expect(h.run("load spark \"file.csv\" table=t").contains("load spark reads a table or query of the connected cluster, not a file"))
      #expect(h.run("load spark table=no_such_table").contains("TABLE_OR_VIEW_NOT_FOUND"))
    }

    @Test func collectBringsASeededSampleToSeg() throws {
      let path = try #require(SharedData.path("wholesale_customers.csv"), "../shared/data is absent")
      let h = SparkHarness()
      #expect(h.run(Self.connect + "load \"\(path)\" as w\ncollect n=100 seed=7 as a\nuse w\ncollect n=100 seed=7 as b\nuse w\ncollect as all") == "", "\(h.text)")
      let a = try h.catalog.frame(named: "a"), b = try h.catalog.frame(named: "b"), all = try h.catalog.frame(named: "all")
      #expect(a.rowCount == 100 && a == b)
      #expect(all.rowCount == 440)
      #expect(h.run("use a\ncluster kmeans Fresh Milk Grocery k=3 seed=1") == "", "\(h.text)")
    }

    /// A model fitted in seg labels every customer on Spark as assign labels them in seg:
    /// its preparation and nearest centre (or bisecting walk) become Spark SQL.
    @Test(arguments: ["kmeans", "bisecting"])
    func localModelsLabelOnSparkAsInSeg(_ method: String) throws {
      let path = try #require(SharedData.path("wholesale_customers.csv"), "../shared/data is absent")
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("seg-spark-\(method).json").path
      defer { try? FileManager.default.removeItem(atPath: file) }
      let fit = SparkHarness()
      #expect(fit.run("""
        load "\(path)" as w
        transform Fresh Milk Grocery Frozen method=log1p
        scale Fresh Milk Grocery Frozen method=zscore
        cluster \(method) Fresh Milk Grocery Frozen k=4 seed=3 as segment
        name segment 0="zero" 1="one"
        save model segment "\(file)"
        """) == "", "\(fit.text)")
      let script = "load \"\(path)\" as w\nload model \"\(file)\" as m\nassign m\n"
      let local = SparkHarness(), remote = SparkHarness()
      #expect(local.run(script) == "", "\(local.text)")
      #expect(remote.run(Self.connect + script) == "", "\(remote.text)")
      let want = try local.catalog.frame(named: "w"), got = try remote.pulled("w")
      #expect(got.columnNames == want.columnNames)
      for name in ["segment", "segment_name"] {
        let (g, w) = (try got.column(name), try want.column(name))
        #expect((0..<g.count).map(g.value) == (0..<w.count).map(w.value), "\(name)")
      }
      // The sizes table is the same.
      #expect(remote.text.hasSuffix(local.text.split(separator: "\n").suffix(6).joined(separator: "\n")), "\(remote.text)")
    }

    /// A plain path gets the file seg writes for the same rows; a path with a scheme is
    /// written by Spark, as a folder of parts, and reads back on Spark as the same rows.
    @Test func exportPullsToAFileOrWritesOnSpark() throws {
      let path = try #require(SharedData.path("wholesale_customers.csv"), "../shared/data is absent")
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-spark-export-\(getpid())").path
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(atPath: folder) }
      let steps = "filter Region == 1 and Milk > 2000\nexport to \"\(folder)/FILE.csv\" columns=Channel,Fresh,Milk\n"
      let local = SparkHarness(), remote = SparkHarness()
      #expect(local.run("load \"\(path)\" as w\n" + steps.replacingOccurrences(of: "FILE", with: "seg")) == "")
      #expect(remote.run(Self.connect + "load \"\(path)\" as w\n" + steps.replacingOccurrences(of: "FILE", with: "spark")) == "", "\(remote.text)")
      let want = try String(contentsOfFile: folder + "/seg.csv", encoding: .utf8)
      #expect(try String(contentsOfFile: folder + "/spark.csv", encoding: .utf8) == want)
      #expect(remote.run("export to \"file://\(folder)/parts.parquet\"\nload \"\(folder)/parts.parquet\" as back") == "", "\(remote.text)")
      #expect(FileManager.default.fileExists(atPath: folder + "/parts.parquet/_SUCCESS"))
      #expect(remote.text.contains("Spark wrote w to file://\(folder)/parts.parquet (parquet, 8 columns)"))
      #expect(try remote.pulled("back").rowCount == want.split(separator: "\n").count - 1)
      #expect(remote.run("use back\nexport to \"file://\(folder)/x.csv\" split=Region").contains("split= is for files seg writes itself"))
    }

    @Test func showAndHeadPullOnlyWhatTheyPrint() throws {
      let path = try #require(SharedData.path("wholesale_customers.csv"), "../shared/data is absent")
      let local = SparkHarness(), remote = SparkHarness()
      let script = "load \"\(path)\" as w\nshow Fresh Milk where Region == 1 n=4\nhead n=3\n"
      #expect(local.run(script) == "")
      #expect(remote.run(Self.connect + script) == "", "\(remote.text)")
      #expect(remote.session.env.catalog.clusterFrames["w"] != nil)
      // The tables are the same; only the messages of connect and load differ.
      #expect(Array(remote.text.split(separator: "\n").suffix(13)) == Array(local.text.split(separator: "\n").suffix(13)))
    }

    @Test(arguments: [
      ("filter Fresh > 1\nexplain Channel", "w is on Spark, and `explain` runs in seg"),
      ("kdist Fresh Milk", "collect n=100000 seed=1 as w_local"),
      ("scale Fresh where Region == 3", "scale … where is not lowered to Spark yet"),
      ("outliers Fresh method=iqr action=flag", "cannot be written as SQL"),
      ("impute Fresh strategy=knn using=Milk", "impute strategy=knn keeps no model to write as SQL"),
      ("load \"/nonexistent/seg/file.csv\" as gone", "Spark:"),
      ("select Nope", "unknown column \"Nope\""),
      ("derive r = round(Fresh)", "round() rounds half to even in seg"),
    ])
    func refusalsSayWhatToDo(_ step: String, _ message: String) throws {
      let path = try #require(SharedData.path("wholesale_customers.csv"), "../shared/data is absent")
      let h = SparkHarness()
      let problems = h.run(Self.connect + "load \"\(path)\" as w\n" + step)
      #expect(problems.contains(message), "\(problems)")
      // The session survives: the frame is still there and answers.
      #expect(h.run("use w\nhead n=1") == "", "\(h.text)")
    }

    /// A result past the pull limit (SEG_SPARK_PULL_LIMIT here, ten million by default) is
    /// refused whole, with what to do instead; nothing half-made is left.
    @Test func tooLargeToPullIsRefused() throws {
      let path = try #require(SharedData.path("wholesale_customers.csv"), "../shared/data is absent")
      let h = SparkHarness()
      h.session.environmentVariable = { $0 == "SEG_SPARK_PULL_LIMIT" ? "439" : nil }
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("seg-spark-too-large-\(getpid()).csv").path
      let problems = h.run(Self.connect + "load \"\(path)\" as w\nsort Fresh\ncollect as all")
      #expect(problems.contains("w has more than 439 rows, too many to bring to seg") && problems.contains("collect n=1000000 seed=1"), "\(problems)")
      #expect(h.run("export to \"\(file)\"").contains("too many to bring to seg for a file here"))
      #expect(!FileManager.default.fileExists(atPath: file))
      let profile = h.run("derive segment = Channel - 1\nprofile segment by=Fresh")
      #expect(profile.contains("w has more than 439 rows, too many to bring to seg for profile") && profile.contains("as w_sample) and profile that"), "\(profile)")
      #expect(h.run("filter Fresh > 3\ncollect as some") == "", "\(h.text)")
    }

    @Test func noServerAtTheAddress() {
      let h = SparkHarness()
      let problems = h.run("connect spark \"sc://127.0.0.1:1\"")
      #expect(problems.contains("no Spark Connect server answers"), "\(problems)")
      #expect(h.run("sample customers n=5 seed=1") == "")
    }

    @Test(arguments: ["http://host:15002", "sc://", "sc://host:99999", "sc://host/;color=red"])
    func badAddresses(_ address: String) {
      let h = SparkHarness()
      #expect(h.run("connect spark \"\(address)\"").contains("sc://host:15002"))
    }

    @Test func aTokenNeverShows() {
      let h = SparkHarness()
      let problems = h.run("connect spark \"sc://127.0.0.1:1/;token=s3cr3t-token;x=1\"")
      #expect(!problems.contains("s3cr3t-token") && !h.text.contains("s3cr3t-token"), "\(problems)")
    }

    /// The help examples of the verbs that need a cluster run against the test server.
    @Test(arguments: CommandTable.clusterVerbs.sorted())
    func helpExampleRuns(_ name: String) throws {
      let spec = try #require(CommandTable.spec(named: name))
      let h = SparkHarness(baseDirectory: ".")
      #expect(h.run(spec.example) == "", "\(h.text)")
    }
  }
#else
  /// Built without the Spark trait, the Spark tests cannot run: say so rather than pass.
  @Test(.disabled("built without the Spark trait; run swift test --traits Spark"))
  func sparkBackend() {}
#endif
