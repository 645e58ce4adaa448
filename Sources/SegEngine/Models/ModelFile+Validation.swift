/// What a model file must hold together before any of it is used: a file is untrusted input,
/// and a short array or a stray index would otherwise be read past its end by the kernels.
extension SegmentationModel {
  func validate() throws {
    guard !label.isEmpty else { throw ModelProblem("the label is empty") }
    try clusterer.validate()
    for (i, step) in pipeline.enumerated() { try step.validate(at: "pipeline[\(i)]") }
    let categorical = clusterer.categoricalColumns
    guard Set(columns) == Set(clusterer.features + categorical) else {
      throw ModelProblem("columns (\(columns.joined(separator: ", "))) differ from what the clusterer reads")
    }
    for key in names.keys {
      guard let label = Int(key), label >= 0, label < clusterer.shownLabelLimit else { throw ModelProblem("names has a label \(key) the clustering does not make") }
    }
    try baseline?.validate(columns: neededColumns)
  }
}

extension ClusterModel {
  /// Labels relabel= may give: the fitted k, or more when matching to an earlier clustering.
  var shownLabelLimit: Int { max(k, (relabel?.max() ?? -1) + 1) }

  func validate() throws {
    guard ClusteringMethods.named(method) != nil else {
      throw ModelProblem("clusterer.method \"\(method)\" is not one of \(ClusteringMethods.all.map { $0.method }.joined(separator: ", "))")
    }
    guard (1...100_000).contains(k) else { throw ModelProblem("clusterer.k is \(k); it must be 1 to 100,000") }
    let d = features.count
    guard d <= 100_000, Set(features).count == d, !features.contains("") else { throw ModelProblem("clusterer.features are not distinct column names") }
    guard d > 0 || !categoricalColumns.isEmpty else { throw ModelProblem("clusterer.features is empty") }
    let expected: Bool = switch (method, rule) {
    case (BisectingKMeans.method, .tree), (GaussianMixture.method, .mixture), (DBSCAN.method, .density),
      (KPrototypes.method, .prototypes), (MiniBatchKMeans.method, .runningMeans), (KMeans.method, .nearestCenter),
      (Hierarchical.method, .nearestCenter): true
    default: false
    }
    guard expected else { throw ModelProblem("clusterer lacks the fitted parts of \(method), or holds another method's") }
    try check(centers, count: k * d, "clusterer.centers")
    if let relabel {
      guard relabel.count == k, Set(relabel).count == k, relabel.allSatisfy({ (0..<100_000).contains($0) }) else {
        throw ModelProblem("clusterer.relabel must give each of the \(k) clusters its own number")
      }
    }
    switch rule {
    case .nearestCenter: break
    case .runningMeans(let counts):
      try check(counts, count: k, "clusterer.counts")
      guard counts.allSatisfy({ $0 >= 0 }) else { throw ModelProblem("clusterer.counts has a negative count") }
    case .tree(let tree): try validate(tree: tree, d: d)
    case .mixture(let mixture): try validate(mixture: mixture, d: d)
    case .density(let density): try validate(density: density, d: d)
    case .prototypes(let categorical):
      guard !categorical.columns.isEmpty, categorical.modes.count == k, categorical.modes.allSatisfy({ $0.count == categorical.columns.count }) else {
        throw ModelProblem("clusterer.categorical needs one mode per column for each of the \(k) clusters")
      }
      guard categorical.gamma.isFinite, categorical.gamma >= 0 else { throw ModelProblem("clusterer.categorical.gamma must be a number of at least 0") }
    }
  }

  private func check(_ values: [Double], count: Int, _ what: String) throws {
    guard values.count == count else { throw ModelProblem("\(what) has \(values.count) numbers; \(count) expected") }
    guard values.allSatisfy(\.isFinite) else { throw ModelProblem("\(what) holds a number that is not finite") }
  }

  /// Every node reached once from the root, each a leaf with a label or a split in two.
  private func validate(tree: [BisectingNode], d: Int) throws {
    guard !tree.isEmpty, tree.count < 2 * k else { throw ModelProblem("clusterer.tree has \(tree.count) nodes for \(k) clusters") }
    var seen = [Bool](repeating: false, count: tree.count)
    var waiting = [0]
    var leaves = 0
    while let node = waiting.popLast() {
      guard !seen[node] else { throw ModelProblem("clusterer.tree reaches node \(node) twice") }
      seen[node] = true
      try check(tree[node].center, count: d, "clusterer.tree[\(node)].center")
      if let children = tree[node].children {
        guard children.count == 2, children.allSatisfy({ tree.indices.contains($0) }) else {
          throw ModelProblem("clusterer.tree[\(node)].children must be two nodes of the tree")
        }
        waiting += children
      } else {
        guard let label = tree[node].label, (0..<k).contains(label) else { throw ModelProblem("clusterer.tree[\(node)] is a leaf without a label below k") }
        leaves += 1
      }
    }
    guard leaves == k else { throw ModelProblem("clusterer.tree has \(leaves) leaves for \(k) clusters") }
  }

  private func validate(mixture m: MixtureParameters, d: Int) throws {
    guard let covariance = GaussianMixture.Covariance(rawValue: m.covariance) else { throw ModelProblem("clusterer.mixture.covariance \"\(m.covariance)\" is unknown") }
    try check(m.weights, count: k, "clusterer.mixture.weights")
    guard m.weights.allSatisfy({ $0 > 0 }) else { throw ModelProblem("clusterer.mixture.weights must be above 0") }
    try check(m.means, count: k * d, "clusterer.mixture.means")
    let factors = switch covariance {
    case .full: k * d * d
    case .tied: d * d
    case .diag: k * d
    case .spherical: k
    }
    try check(m.precisionsCholesky, count: factors, "clusterer.mixture.precisionsCholesky")
  }

  private func validate(density: DensityParameters, d: Int) throws {
    guard density.eps.isFinite, density.eps > 0 else { throw ModelProblem("clusterer.density.eps must be above 0") }
    guard d > 0, density.cores.count % d == 0 else { throw ModelProblem("clusterer.density.cores is not a whole number of rows of \(d) features") }
    try check(density.cores, count: density.coreLabels.count * d, "clusterer.density.cores")
    guard density.coreLabels.allSatisfy({ (0..<k).contains($0) }) else { throw ModelProblem("clusterer.density.coreLabels holds a label outside 0..<\(k)") }
  }
}

extension FittedStep {
  /// The learned numbers each verb needs are present and finite, and its method is known.
  func validate(at place: String) throws {
    let methodKnown = switch verb {
    case .impute: ImputeStrategy(rawValue: method) != nil
    case .clip: method == "bounds"
    case .winsorize: method == "percentiles"
    case .outliers:
      method.split(separator: " ").count == 2 && OutlierMethod(rawValue: String(method.split(separator: " ")[0])) != nil
        && OutlierAction(rawValue: String(method.split(separator: " ")[1])) != nil
    case .transform: TransformMethod(rawValue: method) != nil
    case .scale: ScaleMethod(rawValue: method) != nil
    case .encode: EncodeMethod(rawValue: method) != nil
    case .pca: method == "covariance"
    }
    guard methodKnown else { throw ModelProblem("\(place) is \"\(verb.rawValue) \(method)\", which this seg cannot replay") }
    guard !columns.isEmpty else { throw ModelProblem("\(place) has no columns") }
    for (j, fit) in columns.enumerated() {
      let at = "\(place).columns[\(j)]"
      guard !fit.input.isEmpty, !fit.output.isEmpty else { throw ModelProblem("\(at) lacks its input or output column") }
      guard fit.parameters.values.allSatisfy(\.isFinite) else { throw ModelProblem("\(at) holds a number that is not finite") }
      let needed: [String] = switch verb {
      case .scale: ["center", "scale"]
      case .transform where method == "boxcox" || method == "yeojohnson": ["lambda"]
      case .impute where method == "regression": ["intercept"]
      case .pca: fit.input.split(separator: ",").flatMap { ["mean:\($0)", "weight:\($0)"] }
      default: []
      }
      if let missing = needed.first(where: { fit.parameters[$0] == nil }) { throw ModelProblem("\(at) lacks its learned \(missing)") }
      if verb == .scale, fit.parameters["scale"] == 0 { throw ModelProblem("\(at) has a scale of 0") }
      if verb == .impute, method != "regression", method != "knn", fit.parameters["value"] == nil, fit.text == nil {
        throw ModelProblem("\(at) lacks its fill value")
      }
      if verb == .encode, method != "frequency", fit.categories?.isEmpty != false { throw ModelProblem("\(at) lacks its categories") }
    }
  }
}
