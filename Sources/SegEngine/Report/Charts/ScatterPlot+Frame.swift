/// A scatter plot drawn from a frame's rows: two columns in their own units, or three and
/// more projected onto their first two principal components as models read them; coloured by
/// a segment label column; a seeded sample of the points when there are many.
public struct FrameScatter: Sendable {
  public var plot: ScatterPlot
  public var xLabel: String
  public var yLabel: String
  /// What the reader should know: a projection, a sample.
  public var notes: [String]

  /// Rows with every coordinate present (and a label, when coloured) are drawn; centres are
  /// the means of every drawn row, before sampling. `name` names a label value.
  public init(_ frame: DataFrame, columns: [String], labelColumn: String?, name: (Int) -> String, sample limit: Int, seed: UInt64) throws {
    let read = columns.count > 2 ? try frame.modelView() : frame
    let values = try columns.map { try read.numbers($0, for: "plot scatter") }
    let labels = try labelColumn.map { try frame.segmentLabels($0) }
    let rows = (0..<frame.rowCount).filter { r in values.allSatisfy { !$0[r].isNaN } && labels.map { !$0[r].isNaN } ?? true }
    guard rows.count >= 2 else { throw EngineError.emptyInput("plot scatter needs at least two rows with \(columns.joined(separator: ", ")) present") }
    var x = rows.map { values[0][$0] }, y = rows.map { values[1][$0] }
    (xLabel, yLabel) = (columns[0], columns[1])
    notes = []
    if columns.count > 2 {
      let kept = values.map { v in rows.map { v[$0] } }
      let pca = try PCA.fit(kept, components: 2)
      let projected = pca.transform(kept)
      (x, y) = (projected[0], projected[1])
      let share = { (i: Int) in ValueFormatter.number(100 * pca.explainedVarianceRatio[i], significant: 3) + "%" }
      (xLabel, yLabel) = ("PC1 (\(share(0)) of the variance)", "PC2 (\(share(1)))")
      notes.append("the first two principal components of \(columns.joined(separator: ", "))")
    }
    let rowLabels = labels.map { l in rows.map { Int(l[$0]) } }
    let groupValues = Array(Set(rowLabels ?? [])).sorted()
    let groupIndex = Dictionary(uniqueKeysWithValues: groupValues.enumerated().map { ($0.element, $0.offset) })
    let group = rowLabels?.map { groupIndex[$0]! } ?? Array(repeating: 0, count: rows.count)
    var centers: [(Double, Double)]? = nil
    if rowLabels != nil {
      var sums = Array(repeating: (0.0, 0.0, 0), count: groupValues.count)
      for i in rows.indices { sums[group[i]].0 += x[i]; sums[group[i]].1 += y[i]; sums[group[i]].2 += 1 }
      centers = zip(groupValues, sums).filter { $0.0 >= 0 }.map { ($0.1.0 / Double($0.1.2), $0.1.1 / Double($0.1.2)) }
    }
    var shown = Array(rows.indices)
    if rows.count > limit {
      var generator = SeededGenerator(seed: seed)
      shown = generator.sample(limit, from: rows.count).sorted()
      notes.append("a seeded sample of \(ValueFormatter.grouped(limit)) of \(ValueFormatter.grouped(rows.count)) rows is drawn (sample=, seed=)")
    }
    plot = ScatterPlot(x: shown.map { x[$0] }, y: shown.map { y[$0] }, group: shown.map { group[$0] },
      groups: rowLabels == nil ? [] : groupValues.map(name), centers: centers)
  }
}
