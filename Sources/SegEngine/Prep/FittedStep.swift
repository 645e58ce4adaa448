/// One fitted preparation step: what was learned from the data (means, scales, fill values)
/// so that exactly the same change can be applied to new rows later. Codable, to be saved.
public struct FittedStep: Sendable, Equatable, Codable {
  /// The verb that fitted it.
  public var verb: PreparationVerb
  /// The method (`zscore`, `median`, …).
  public var method: String
  /// Per column: the column read, the column written, and the learned numbers.
  public var columns: [ColumnFit]
  /// Fitted and applied on some rows only (`where`): it cannot be replayed on new rows.
  public var restricted = false
  /// The unfitted step that learned this, to fit it again on other rows (nil in older model files).
  public var step: PreparationStep?

  public init(verb: PreparationVerb, method: String, columns: [ColumnFit], restricted: Bool = false) {
    self.verb = verb
    self.method = method
    self.columns = columns
    self.restricted = restricted
  }

  /// Every column the step writes, in order (a one-hot encoding writes several per input).
  public var outputColumns: [String] { columns.flatMap { $0.output.split(separator: ",").map(String.init) } }

  /// The columns a one-hot encoding takes the place of, with those it puts there.
  public var replacedInputs: [String: [String]] {
    guard verb == .encode, method == EncodeMethod.onehot.rawValue else { return [:] }
    return Dictionary(columns.map { ($0.input, $0.output.split(separator: ",").map(String.init)) }, uniquingKeysWith: { a, _ in a })
  }

  /// The step without the centre a scale subtracts: the same distances between rows, away
  /// from the origin.
  public var uncentred: FittedStep {
    guard verb == .scale else { return self }
    var out = self
    for i in out.columns.indices where out.columns[i].parameters["center"] != nil { out.columns[i].parameters["center"] = 0 }
    return out
  }

  /// What a step learned for one column.
  public struct ColumnFit: Sendable, Equatable, Codable {
    public var input: String
    public var output: String
    /// Named numbers, e.g. ["center": 12.3, "scale": 4.5].
    public var parameters: [String: Double]
    /// A fill value for text columns (impute).
    public var text: String?
    /// The categories learned (encode), in output order.
    public var categories: [String]?

    public init(input: String, output: String, parameters: [String: Double], text: String? = nil, categories: [String]? = nil) {
      self.input = input
      self.output = output
      self.parameters = parameters
      self.text = text
      self.categories = categories
    }
  }
}

/// The preparation verbs, as scripts and model files name them.
public enum PreparationVerb: String, Sendable, Codable, CaseIterable {
  case impute, clip, winsorize, outliers, transform, scale, encode, pca
}
