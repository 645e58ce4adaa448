/// How a supervised model turns a frame's columns into numbers, learned on the training rows
/// and kept in the model so new raw rows are encoded the same way: a number column as it is,
/// its missing values filled with the training median (scikit-learn's
/// SimpleImputer(strategy="median")); any other column one-hot, one 0/1 feature per training
/// value in sorted order, a missing or unseen value all zeros (OneHotEncoder with
/// handle_unknown="ignore").
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

  /// The features' names, one per encoded column: `income`, `region=North`, …
  public var names: [String] { features { c, value in value.map { "\(c)=\($0)" } ?? c } }

  /// The column each feature is read from (a one-hot column's features all name it).
  public var featureColumns: [String] { features { c, _ in c } }

  /// Whether each feature is a number column (rather than one value of a one-hot column).
  public var numberFeatures: [Bool] { features { _, value in value == nil } }

  /// One entry per encoded feature, from its column and, for a one-hot feature, its value.
  private func features<T>(_ describe: (String, String?) -> T) -> [T] {
    inputs.flatMap { input -> [T] in
      switch input {
      case .number(let c, _): [describe(c, nil)]
      case .categories(let c, let values): values.map { describe(c, $0) }
      }
    }
  }

  /// Learns the encoding of `columns` from `frame`'s rows.
  public init(fitting columns: [String], on frame: DataFrame) throws {
    inputs = try columns.map { name in
      let column = try frame.column(name)
      if column.type.isNumeric, let values = column.doubles() {
        let present = values.filter { !$0.isNaN && $0.isFinite }
        guard !present.isEmpty else {
          throw EngineError.unsupported("feature \(name) has no values in the training rows; leave it out")
        }
        return .number(column: name, fill: Statistics.median(present))
      }
      var seen = Set<String>()
      for i in 0..<column.count where !column.value(at: i).isMissing { seen.insert(ValueFormatter.plain(column.value(at: i))) }
      guard !seen.isEmpty else {
        throw EngineError.unsupported("feature \(name) has no values in the training rows; leave it out")
      }
      try MemoryBudget.require(
        MemoryBudget.product(seen.count, frame.rowCount, MemoryLayout<Double>.stride), for: "one-hot encoding feature \(name) into \(ValueFormatter.grouped(seen.count)) columns",
        hint: "a column with that many values (an id?) is no feature; leave it out")
      return .categories(column: name, values: seen.sorted())
    }
  }

  /// The features of `frame`'s rows, column-major, in `names` order.
  public func matrix(_ frame: DataFrame) throws -> [[Double]] {
    var out: [[Double]] = []
    for input in inputs {
      let column = try frame.column(input.column)
      switch input {
      case .number(let name, let fill):
        guard column.type.isNumeric, let values = column.doubles() else {
          throw EngineError.typeMismatch(column: name, expected: "numbers, as in the training rows", actual: column.type.rawValue)
        }
        out.append(values.map { $0.isNaN ? fill : $0 })
      case .categories(_, let values):
        let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        var block = [[Double]](repeating: [Double](repeating: 0, count: frame.rowCount), count: values.count)
        for i in 0..<frame.rowCount {
          let v = column.value(at: i)
          if !v.isMissing, let k = index[ValueFormatter.plain(v)] { block[k][i] = 1 }
        }
        out += block
      }
    }
    return out
  }
}
