/// How a supervised model turns a frame's columns into numbers, learned on the training rows
/// and kept in the model so new raw rows are encoded the same way: a number column as it is,
/// its missing values filled with the training median (scikit-learn's
/// SimpleImputer(strategy="median")); any other column one-hot, one 0/1 feature per training
/// value in sorted order, a missing or unseen value all zeros (OneHotEncoder with
/// handle_unknown="ignore"). A model that splits categories itself (boosting) reads such a
/// column as one feature instead: the value's index among the training values, missing for
/// a missing or unseen value.
public struct FeatureEncoding: Sendable, Equatable, Codable {
  public enum Input: Sendable, Equatable, Codable {
    case number(column: String, fill: Double)
    case categories(column: String, values: [String])

    public var column: String {
      switch self {
      case .number(let c, _), .categories(let c, _): c
      }
    }
  }

  public let inputs: [Input]
  /// Whether a text column is one feature of category indices rather than one-hot features.
  public let categoryIndices: Bool

  private enum CodingKeys: String, CodingKey { case inputs, categoryIndices = "category_indices" }

  public init(from decoder: Swift.Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    inputs = try c.decode([Input].self, forKey: .inputs)
    categoryIndices = try c.decodeIfPresent(Bool.self, forKey: .categoryIndices) ?? false
  }

  public func encode(to encoder: Swift.Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(inputs, forKey: .inputs)
    if categoryIndices { try c.encode(true, forKey: .categoryIndices) }
  }

  /// Per feature, the number of categories it indexes (0 for a number or one-hot feature).
  public var categoryCounts: [Int] {
    inputs.flatMap { input -> [Int] in
      switch input {
      case .number: [0]
      case .categories(_, let values): categoryIndices ? [values.count] : Array(repeating: 0, count: values.count)
      }
    }
  }

  /// The features' names, one per encoded column: `income`, `region=North`, …
  public var names: [String] { features { c, value, _ in value.map { "\(c)=\($0)" } ?? c } }

  /// The column each feature is read from (a one-hot column's features all name it).
  public var featureColumns: [String] { features { c, _, _ in c } }

  /// Per feature, the column it is read from and, for a one-hot feature, its value.
  public var featureSources: [(column: String, category: String?)] { features { c, value, _ in (c, value) } }

  /// Whether each feature is a number column (rather than one value of a one-hot column or category indices).
  public var numberFeatures: [Bool] { features { _, _, isNumber in isNumber } }

  /// One entry per encoded feature, from its column, for a one-hot feature its value, and
  /// whether it is a number column.
  private func features<T>(_ describe: (_ column: String, _ oneHotValue: String?, _ isNumber: Bool) -> T) -> [T] {
    inputs.flatMap { input -> [T] in
      switch input {
      case .number(let c, _): [describe(c, nil, true)]
      case .categories(let c, let values): categoryIndices ? [describe(c, nil, false)] : values.map { describe(c, $0, false) }
      }
    }
  }

  /// Learns the encoding of `columns` from `frame`'s rows.
  public init(fitting columns: [String], on frame: DataFrame, categoryIndices: Bool = false) throws {
    self.categoryIndices = categoryIndices
    inputs = try columns.map { name in
      let column = try frame.column(name)
      if column.type.isNumeric, let values = column.doubles() {
        let present = values.filter { !$0.isNaN && $0.isFinite }
        guard !present.isEmpty else {
          throw EngineError.unsupported("feature \(name) has no values in the training rows; leave it out")
        }
        return .number(column: name, fill: Statistics.median(present))
      }
      let (codes, texts) = column.plainTextCodes
      var used = [Bool](repeating: false, count: texts.count)
      for code in codes where code >= 0 { used[Int(code)] = true }
      let seen = Set(texts.indices.filter { used[$0] }.map { texts[$0] })
      guard !seen.isEmpty else {
        throw EngineError.unsupported("feature \(name) has no values in the training rows; leave it out")
      }
      if categoryIndices {
        guard seen.count <= Int(FeatureBins.missingBin) else {
          throw EngineError.unsupported("feature \(name) has \(ValueFormatter.grouped(seen.count)) values; boosting splits at most 255 categories of a column: group the rare ones first, or leave it out")
        }
        return .categories(column: name, values: seen.sorted())
      }
      try MemoryBudget.require(
        MemoryBudget.product(seen.count, frame.rowCount, MemoryLayout<Double>.stride), for: "one-hot encoding feature \(name) into \(ValueFormatter.grouped(seen.count)) columns",
        hint: "a column with that many values (an id?) is no feature; leave it out")
      return .categories(column: name, values: seen.sorted())
    }
  }

  /// The features of `frame`'s rows, column-major, in `names` order; a missing number is its
  /// fill, or stays NaN for a model that handles missing values itself.
  public func matrix(_ frame: DataFrame, fillingMissing: Bool = true) throws -> [[Double]] {
    var out: [[Double]] = []
    for input in inputs {
      let column = try frame.column(input.column)
      switch input {
      case .number(let name, let fill):
        guard column.type.isNumeric, let values = column.doubles() else {
          throw EngineError.typeMismatch(column: name, expected: "numbers, as in the training rows", actual: column.type.rawValue)
        }
        out.append(fillingMissing ? values.map { $0.isNaN ? fill : $0 } : values)
      case .categories(_, let values):
        // Each distinct text looked up once; a row reads its text's feature (-1: missing or unseen).
        let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        let (codes, texts) = column.plainTextCodes
        let feature = texts.map { index[$0] ?? -1 }
        let features = codes.map { $0 < 0 ? -1 : feature[Int($0)] }
        if categoryIndices {
          out.append(features.map { $0 < 0 ? .nan : Double($0) })
          continue
        }
        var block = [[Double]](repeating: [Double](repeating: 0, count: frame.rowCount), count: values.count)
        for (i, k) in features.enumerated() where k >= 0 { block[k][i] = 1 }
        out += block
      }
    }
    return out
  }
}
