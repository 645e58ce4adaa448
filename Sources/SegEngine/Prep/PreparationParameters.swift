/// The preparation steps' hyperparameters as tables, like the clustering methods': the
/// language builds each step's options, help, checks and manifest defaults from them.
public enum PreparationParameters {
  public static let impute = ParameterTable("impute", [
    Parameter("strategy", .choice(ImputeStrategy.allCases.map(\.rawValue)), default: .value(.word("mean")), "how to choose the fill value"),
    Parameter("k", .integer(min: 1, max: 10_000), default: .value(.integer(5)), "knn: how many nearest rows to average"),
  ])
  public static let clip = ParameterTable("clip", [
    Parameter("min", .number(NumericBounds()), default: .described("no lower limit"), "the smallest value kept"),
    Parameter("max", .number(NumericBounds()), default: .described("no upper limit"), "the largest value kept"),
  ])
  public static let winsorize = ParameterTable("winsorize", [
    Parameter("lower", .fraction, default: .value(.number(0.01)), "the lower percentile"),
    Parameter("upper", .fraction, default: .value(.number(0.99)), "the upper percentile"),
  ])
  public static let outliers = ParameterTable("outliers", [
    Parameter("method", .choice(OutlierMethod.allCases.map(\.rawValue)), default: .value(.word("iqr")), "how to find them"),
    Parameter("factor", .number(.positive), default: .described("1.5 for iqr, 3 for zscore, 3.5 for mad"), "how far counts as extreme"),
    Parameter("action", .choice(OutlierAction.allCases.map(\.rawValue)), default: .value(.word("flag")), "what to do with them"),
  ])
  public static let transform = ParameterTable("transform", [
    Parameter("method", .choice(TransformMethod.allCases.map(\.rawValue)), default: .value(.word("log1p")), "the transform"),
  ])
  public static let scale = ParameterTable("scale", [
    Parameter("method", .choice(ScaleMethod.allCases.map(\.rawValue)), default: .value(.word("zscore")), "how to scale"),
  ])
  public static let encode = ParameterTable("encode", [
    Parameter("method", .choice(EncodeMethod.allCases.map(\.rawValue)), default: .value(.word("onehot")), "the encoding"),
    Parameter("drop_first", .boolean, default: .value(.boolean(false)), "onehot: leave out the first category"),
    Parameter("max_categories", .integer(min: 2, max: 100_000), default: .described("all"), "onehot/ordinal: keep this many, the rest is other"),
  ])
  public static let pca = ParameterTable("pca", [
    Parameter("components", .integer(min: 1, max: 10_000), default: .value(.integer(2)), "how many components to keep"),
  ])
}
