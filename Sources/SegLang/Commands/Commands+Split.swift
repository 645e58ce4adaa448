import SegEngine

/// Holding rows back to test a model on.
extension CommandTable {
  static let split = CommandSpec(
    "split", family: .predict, summary: "split rows into a training and a test frame",
    explanation: """
      Puts test= of the rows (rounded up) in a test frame and the rest in a training frame, so
      a model can be judged on rows it never saw. stratify= keeps each value of a column
      (the class to predict) in the same share in both, as scikit-learn's train_test_split
      does; a value with a single row cannot be in both and is refused. The same seed picks
      the same rows on every machine. Both frames keep the rows' order; the input frame is
      left as it is. as names the two frames (default: train and test); the training frame
      becomes current.
      """,
    options: [
      OptionSpec("test", .fraction, default: "20%", "the share of rows in the test frame"),
      OptionSpec("stratify", .column, default: .described("none"), "keep this column's values in the same shares in both"),
      OptionSpec("seed", .integer(min: 0), default: "0", "chooses the rows"),
      fromOption,
    ],
    acceptsWhere: true, output: "the training frame (default: train)", secondOutput: "the test frame (default: test)",
    example: "sample customers n=1000 seed=1\nsplit test=25% stratify=region seed=7 as fit holdout\ncrosstab region channel from=holdout\n"
  ) { inv in
    let frame = try inv.whereRows(inv.inputFrame().frame)
    let stratify = try inv.names("stratify").first.map { try frame.resolveColumns([$0])[0] }
    let parts = try frame.split(test: inv.number("test") ?? 0.2, stratify: stratify, seed: UInt64(inv.int("seed") ?? 0))
    let trainName = inv.outputName ?? "train", testName = inv.secondOutputName ?? "test"
    guard trainName != testName else {
      throw Diagnostic(message: "the training and test frames need two names", range: inv.command.secondOutputRange ?? inv.command.range, label: "for example: as train test")
    }
    inv.env.catalog.store(parts.test, as: testName, makeCurrent: false)
    inv.env.catalog.store(parts.train, as: trainName)
    inv.message("split \(grouped(frame.rowCount)) rows into \(trainName) (\(grouped(parts.train.rowCount))) and \(testName) (\(grouped(parts.test.rowCount)))"
      + (stratify.map { ", the same shares of \($0) in both" } ?? "") + "; \(trainName) is current")
  }
}
