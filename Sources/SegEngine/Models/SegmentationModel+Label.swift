/// Labelling new customers with a saved segmentation, as `assign` and the plan's apply-model
/// step do: the pipeline replayed with what it learned, the clusterer applied to the
/// columns as models read them.
extension SegmentationModel {
  /// The columns a frame must bring: inputs no earlier step makes, and the clusterer's
  /// columns no step makes.
  public var neededColumns: [String] {
    var needed: [String] = [], made: Set<String> = []
    for fit in pipeline.flatMap(\.columns) {
      needed += fit.input.split(separator: ",").map(String.init).filter { !made.contains($0) && !needed.contains($0) }
      made.formUnion(fit.output.split(separator: ",").map(String.init))
    }
    return needed + columns.filter { !made.contains($0) && !needed.contains($0) }
  }

  /// Whether `frame` has not been prepared yet (the steps will be replayed) or has been
  /// prepared by exactly these steps.
  public func canLabel(_ frame: DataFrame) -> Bool { frame.pipeline.isEmpty || frame.pipeline == pipeline }

  /// `frame` with the label column `name` (and `name_name` when segments are named).
  public func label(_ frame: DataFrame, as name: String) throws -> DataFrame {
    var (out, _, labels) = try labelling(frame)
    try out.setColumn(.ints(name, labels))
    let named = segmentNames
    if !named.isEmpty { try out.setColumn(.strings(name + "_name", labels.map { named[$0] })) }
    return out
  }

  /// The frame with the pipeline replayed, the numbers the clusterer read and its labels.
  func labelling(_ frame: DataFrame) throws -> (frame: DataFrame, matrix: FeatureMatrix, labels: [Int]) {
    guard canLabel(frame) else {
      throw EngineError.unsupported(
        "the frame has been prepared already (\(frame.pipeline.map { "\($0.verb) \($0.method)" }.joined(separator: ", "))), and the model prepares it again; label the frame as loaded: the model replays its own steps")
    }
    let missing = neededColumns.filter { frame.index(of: $0) == nil }
    guard missing.isEmpty else {
      throw EngineError.unsupported("the frame lacks \(missing.count == 1 ? "a column" : "columns") the model reads: \(missing.joined(separator: ", ")); load or join data with these columns first")
    }
    let out = frame.pipeline.isEmpty ? try DataFrame.replay(pipeline, on: frame) : frame
    let numeric = try clusterer.features.map { name -> [Double] in
      let column = try out.modelColumn(name)
      guard column.type.isNumeric || column.type == .bool, let values = column.doubles() else {
        throw EngineError.typeMismatch(column: name, expected: "numbers, as when the model was fitted", actual: column.type.rawValue)
      }
      if let row = values.firstIndex(where: { !$0.isFinite }) {
        throw EngineError.missingValues(column: name, count: values.filter { !$0.isFinite }.count, firstRow: row + 1)
      }
      return values
    }
    let categorical = try (clusterer.categoricalColumns).map { name in try CategoricalFeature(name: name, values: try out.column(name).plainTexts) }
    let matrix = try FeatureMatrix(columns: numeric, names: clusterer.features)
    return (out, matrix, try clusterer.assign(matrix, categorical: categorical))
  }

  /// The segment names by label number.
  public var segmentNames: [Int: String] {
    Dictionary(uniqueKeysWithValues: names.compactMap { k, v in Int(k).map { ($0, v) } })
  }
}
