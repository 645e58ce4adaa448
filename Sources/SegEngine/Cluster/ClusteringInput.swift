/// The rows and columns a clustering reads from a frame: numbers (booleans as 0/1) as a
/// matrix, read as models read them (through scale and transform steps), and, for
/// k-prototypes, text and booleans as categories.
public struct ClusteringInput: Sendable {
  public var matrix: FeatureMatrix
  public var categorical: [CategoricalFeature]
  /// The columns read, numeric and categorical, in the order given.
  public var columns: [String]
  /// The frame rows the matrix holds, in order.
  public var rows: [Int]
  /// Each numeric column's population standard deviation (worked out from the contiguous
  /// column, before the matrix interleaves it).
  public var spreads: [(column: String, sd: Double)]

  /// - Parameter textAsCategories: k-prototypes: text and booleans become categories;
  ///   otherwise a text column is refused.
  public init(_ frame: DataFrame, columns: [String], rows selected: [Bool]?, textAsCategories: Bool) throws {
    let view = try frame.modelView()
    self.columns = columns
    rows = selected.map { flags in flags.indices.filter { flags[$0] } } ?? Array(0..<frame.rowCount)
    var numeric: [(String, [Double])] = []
    categorical = []
    for name in columns {
      let column = try view.column(name)
      let picked = selected == nil ? column : column.gather(rows)
      if column.type.isNumeric || (column.type == .bool && !textAsCategories) {
        numeric.append((name, picked.doubles()!))
      } else if textAsCategories {
        categorical.append(try CategoricalFeature(name: name, values: picked.plainTexts))
      } else {
        throw EngineError.typeMismatch(column: name, expected: "numbers (encode text first, or cluster it with kprototypes)", actual: column.type.rawValue)
      }
    }
    matrix = try FeatureMatrix(columns: numeric.map(\.1), names: numeric.map(\.0))
    spreads = numeric.map { ($0.0, Statistics.populationVariance($0.1).squareRoot()) }
  }

  /// Labels of the fitted rows placed at their frame rows; other rows stay missing.
  func spread(_ labels: [Int], rows count: Int) -> [Int?] {
    var out = [Int?](repeating: nil, count: count)
    for (t, row) in rows.enumerated() { out[row] = labels[t] }
    return out
  }

  /// The columns a fit adds to a frame of `count` rows (rows it did not read are missing):
  /// the labels as `name`, their `names` as `name_name` when there are any, and with
  /// `probabilities` a Gaussian mixture's membership probability per cluster as `name_p0`, ….
  public func labelColumns(_ fit: ClusterFit, name: String, names: [Int: String], probabilities: Bool, rows count: Int) -> [Column] {
    let labels = spread(fit.labels, rows: count)
    var out: [Column] = [.ints(name, labels)]
    if !names.isEmpty { out.append(.strings(name + "_name", labels.map { $0.flatMap { names[$0] } })) }
    if probabilities, let p = fit.mixture?.probabilities {
      let k = fit.model.k
      for c in 0..<k {
        var column = [Double](repeating: .nan, count: count)
        for (t, row) in rows.enumerated() { column[row] = p[t * k + c] }
        out.append(.doubles("\(name)_p\(c)", column))
      }
    }
    return out
  }

  /// The numeric column with the widest spread when it is over ten times the narrowest
  /// (distances would be dominated by it), with both standard deviations.
  public var dominance: (widest: String, widestSD: Double, narrowest: String, narrowestSD: Double)? {
    let positive = spreads.filter { $0.sd > 0 }
    guard let widest = positive.max(by: { $0.sd < $1.sd }), let narrowest = positive.min(by: { $0.sd < $1.sd }), widest.sd > 10 * narrowest.sd else { return nil }
    return (widest.column, widest.sd, narrowest.column, narrowest.sd)
  }
}
