import SegEngine

/// Judging a kind of model by cross-validation.
extension CommandTable {
  static let crossval = CommandSpec(
    "crossval", family: .predict, summary: "judge a kind of model by k-fold cross-validation",
    explanation: """
      Splits the current frame's rows with a target value into folds= parts (by default
      keeping target's classes in the same shares in each, as scikit-learn's StratifiedKFold),
      and for each part trains the model on the other parts only and scores it on that part:
      accuracy, balanced accuracy, macro F1, ROC AUC and log loss, then their mean and standard
      deviation over the folds. The model's own preparation (the fill values, the one-hot
      columns, logistic's standardising) is learned inside each fold, so no fold sees the
      rows it is scored on. So is the frame's, when it was prepared only by scale,
      transform and pca (which keep the values they read): they are fitted again on each
      fold's training rows. Steps that change values in place (impute, clip, winsorize,
      outliers, encode) were fitted on all rows and cannot be; for a fair score leave
      filling and encoding to the model.
      The options are those of train.
      """,
    positionals: supervisedPositionals,
    options: [
      OptionSpec("target", .column, default: .required, "the column to predict"),
      OptionSpec("folds", .integer(min: 2, max: 100), default: "5", "how many parts"),
      OptionSpec("stratify", .boolean, default: "true", "keep the target's classes in the same shares in every fold"),
      OptionSpec("folds_seed", .integer(min: 0), default: "0", "chooses which rows go to which fold"),
      fromOption,
    ],
    example: """
      sample customers n=1000 seed=1
      crossval logistic age income web_visits region target=channel folds=5
      """,
    variants: supervisedVariants
  ) { inv in
    guard let (method, frameName, frame, features, target) = try supervisedInputs(inv) else { return }
    let k = inv.int("folds") ?? 5
    let stratified = inv.bool("stratify") ?? true
    let result = try CrossValidation(
      method, features: features, target: target, on: frame, try inv.parameterValues(method.parameters),
      folds: k, stratified: stratified, seed: UInt64(inv.int("folds_seed") ?? 0))
    let scores = ClassificationScore.allCases.filter { s in result.folds.allSatisfy { $0.scores[s] != nil } }
    let fold = { (x: Double) in ValueFormatter.number(x, significant: 4) }
    var rows = result.folds.enumerated().map { i, f in [String(i + 1), grouped(f.trainingRows), grouped(f.testRows)] + scores.map { fold(f.scores[$0]!) } }
    rows.append(["mean", "", ""] + scores.map { fold(result.summary($0).mean) })
    rows.append(["std", "", ""] + scores.map { fold(result.summary($0).std) })
    inv.output(.table(Table(
      title: "\(method.rawValue) predicting \(target) from \(features.joined(separator: ", ")): \(k) \(stratified ? "stratified " : "")folds of \(frameName)",
      headers: ["fold", "train", "test"] + scores.map(\.rawValue), rows: rows,
      numeric: [false, true, true] + scores.map { _ in true })))
    let accuracy = result.summary(.accuracy)
    inv.message("accuracy \(fold(accuracy.mean)) ± \(fold(accuracy.std))" + (scores.contains(.rocAUC) ? ", ROC AUC \(fold(result.summary(.rocAUC).mean)) ± \(fold(result.summary(.rocAUC).std))" : "") + " over \(k) folds; log_loss: lower is better")
    if result.refitsPreparation {
      inv.message("the \(frame.pipeline.map(\.verb.rawValue).joined(separator: ", ")) of \(frameName) fitted again on each fold's training rows")
    } else if !frame.pipeline.isEmpty {
      inv.warning("\(frameName) was prepared by \(frame.pipeline.map(\.verb.rawValue).joined(separator: ", ")) on all its rows, before the folds: those steps saw every fold's rows; steps that change values in place cannot be fitted again per fold, so leave filling and encoding to the model")
    }
  }
}
