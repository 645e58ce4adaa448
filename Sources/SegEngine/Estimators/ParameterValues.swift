/// The hyperparameters given to an estimator by name, checked against its table: unknown
/// names, values of the wrong kind or out of bounds, missing required ones and broken
/// either-or rules are refused; absent ones read as the table's default.
public struct ParameterValues: Sendable {
  public let table: ParameterTable
  private let given: [String: ParameterValue]

  public init(_ given: [String: ParameterValue], for table: ParameterTable) throws(EngineError) {
    for name in given.keys.sorted() {
      guard let parameter = table.parameter(name) else {
        throw .invalidParameter(name: name, value: given[name]!.description,
          reason: "\(table.estimator) takes \(table.parameters.map(\.name).joined(separator: ", "))")
      }
      guard parameter.kind.accepts(given[name]!) else {
        throw .invalidParameter(name: name, value: given[name]!.description, reason: "\(name) needs \(parameter.kind.expected)")
      }
    }
    if let problem = table.problem(given: Set(given.keys)) {
      throw .invalidParameter(name: problem.name, value: "none", reason: problem.reason)
    }
    self.table = table
    self.given = given
  }

  /// The value given, else the table's default value (nil when the default is described).
  public subscript(_ name: String) -> ParameterValue? {
    if let v = given[name] { return v }
    if case .value(let v) = table.parameter(name)?.defaultValue { return v }
    return nil
  }

  public func int(_ name: String) -> Int? {
    if case .integer(let v) = self[name] { return v }
    return nil
  }

  public func number(_ name: String) -> Double? {
    switch self[name] {
    case .number(let v): v
    case .integer(let v): Double(v)
    default: nil
    }
  }

  public func word(_ name: String) -> String? {
    if case .word(let w) = self[name] { return w }
    return nil
  }

  public func bool(_ name: String) -> Bool? {
    if case .boolean(let b) = self[name] { return b }
    return nil
  }

  /// A choice parameter read as its enum.
  public func choice<T: RawRepresentable>(_ name: String, as: T.Type) -> T? where T.RawValue == String {
    word(name).flatMap(T.init(rawValue:))
  }
}

/// An estimator's hyperparameters, and which of them must be given: each required one, and
/// exactly one of each `oneOf` group (hierarchical: k or distance).
public struct ParameterTable: Sendable, Equatable {
  public let estimator: String
  public let parameters: [Parameter]
  public let oneOf: [[String]]

  public init(_ estimator: String, _ parameters: [Parameter], oneOf: [[String]] = []) {
    self.estimator = estimator
    self.parameters = parameters
    self.oneOf = oneOf
  }

  public func parameter(_ name: String) -> Parameter? { parameters.first { $0.name == name } }

  /// The first rule the given names break: a required parameter missing, or an either-or
  /// group with none or both given.
  public func problem(given: Set<String>) -> (name: String, reason: String)? {
    for p in parameters where p.defaultValue == .required && !given.contains(p.name) {
      return (p.name, "\(estimator) needs \(p.name)= (\(p.doc))")
    }
    for group in oneOf {
      let present = group.filter(given.contains)
      if present.isEmpty { return (group[0], "\(estimator) needs \(group.map { $0 + "=" }.joined(separator: " or "))") }
      if present.count > 1 { return (present[1], "give \(group.map { $0 + "=" }.joined(separator: " or ")), not both") }
    }
    return nil
  }
}
