/// A segmentation fitted again on new customers as it was first fitted: the same preparation
/// steps learning their values afresh, the same method with the same hyperparameters, and,
/// with `match`, the new segments numbered (and so named) after the old segments they share
/// most customers with. The old model's labels of the same customers say what moved.
public struct ModelRefit: Sendable {
  public let model: SegmentationModel
  /// The new customers, prepared by the refitted steps, with the new label column.
  public let frame: DataFrame
  public let labels: [Int]
  /// The old model's labels of the same customers.
  public let previous: [Int]
  /// The adjusted Rand index of the old and new labels (1: the same partition).
  public let agreement: Double
  public let migration: SegmentMigration

  public init(_ old: SegmentationModel, on raw: DataFrame, match: Bool) throws {
    guard raw.rowCount > 0 else { throw EngineError.emptyInput("the frame has no customers to refit on") }
    let steps = old.pipeline.compactMap(\.step)
    guard steps.count == old.pipeline.count else {
      throw EngineError.unsupported("the model was saved before seg recorded how its steps were fitted, so they cannot be fitted again; prepare and cluster the new customers, then save a new model")
    }
    let previous = try old.labelling(raw).labels
    // A frame these very steps prepared (copied from the one the model was fitted on) keeps
    // its values, which steps that keep units already changed; the steps fit again on them.
    var base = raw
    base.pipeline = []
    let prepared = try base.fitting(steps)
    let numeric = try old.clusterer.features.map { name -> [Double] in
      let values = try prepared.modelColumn(name).doubles() ?? []
      if let row = values.firstIndex(where: { !$0.isFinite }) {
        throw EngineError.missingValues(column: name, count: values.filter { !$0.isFinite }.count, firstRow: row + 1)
      }
      return values
    }
    let matrix = try FeatureMatrix(columns: numeric, names: old.clusterer.features)
    var clusterer = try ClusteringMethods.make(old.clusterer.method, try Self.hyperparameters(of: old.clusterer))
    if var prototypes = clusterer as? KPrototypes {
      prototypes.categorical = try old.clusterer.categoricalColumns.map { try CategoricalFeature(name: $0, values: try prepared.column($0).plainTexts) }
      clusterer = prototypes
    }
    var fit = try clusterer.fit(matrix)
    var names = old.names
    if match {
      let mapping = LabelMatching.mapping(matrix, labels: fit.labels, previous: previous.map { $0 >= 0 ? $0 : nil })
      fit.labels = fit.labels.map { $0 >= 0 ? mapping[$0] : $0 }
      fit.model.relabel = mapping
    } else {
      names = [:]
    }
    var model = SegmentationModel(label: old.label, columns: old.columns, pipeline: prepared.pipeline, clusterer: fit.model, names: names, rules: old.rules)
    // Names of segments the refit no longer makes are dropped.
    model.names = names.filter { key, _ in Int(key).map { fit.labels.contains($0) } ?? false }
    model.baseline = try ModelBaseline(model: model, fitted: prepared, labels: fit.labels, matrix: matrix)
    var labelled = prepared
    try labelled.setColumn(.ints(old.label, fit.labels))
    let named = model.segmentNames
    if !named.isEmpty { try labelled.setColumn(.strings(old.label + "_name", fit.labels.map { named[$0] })) }
    self.model = model
    self.frame = labelled
    self.labels = fit.labels
    self.previous = previous
    agreement = try LabelAgreement.adjustedRand(previous, fit.labels)
    migration = try SegmentMigration(before: .ints("before", previous), after: .ints("after", fit.labels))
  }

  /// The fitted model's hyperparameters, read back from how it wrote them; words its table
  /// does not take ("none", "auto") leave the table's default.
  static func hyperparameters(of model: ClusterModel) throws -> [String: ParameterValue] {
    guard let table = ClusteringMethods.named(model.method)?.parameters else {
      throw EngineError.unsupported("the model's method \(model.method) is not one seg fits")
    }
    var given: [String: ParameterValue] = [:]
    for parameter in table.parameters {
      guard let text = model.parameters[parameter.name] else { continue }
      let value: ParameterValue? =
        switch parameter.kind {
        case .integer: Int(text).map { .integer($0) }
        case .number, .fraction: Double(text).map { .number($0) }
        case .choice(let words): words.contains(text) ? .word(text) : nil
        case .boolean: Bool(text).map { .boolean($0) }
        }
      if let value, parameter.kind.accepts(value) { given[parameter.name] = value }
    }
    return given
  }
}
