/// Turning categories into numbers: one-hot columns (OneHotEncoder with
/// handle_unknown="ignore" and max_categories), ordinal codes of the sorted categories, or
/// each category's share of the rows. Categories are learned on the selected rows and every
/// row is encoded, so the step replays.
extension DataFrame {
  func encoding(_ names: [String], method: EncodeMethod, dropFirst: Bool = false, maxCategories: Int? = nil, rows: [Bool]? = nil) throws
    -> PreparedFrame
  {
    let fitRows = rows.map { flags in flags.indices.filter { flags[$0] } }
    var out = self
    var fits: [FittedStep.ColumnFit] = []
    var columns: [PreparedColumn] = []
    for name in names {
      let column = try self.column(name)
      let fitted = fitRows.map { column.gather($0) } ?? column
      switch method {
      case .onehot:
        let (kept, other) = Encoder.categories(fitted, maxCategories: maxCategories)
        let made = try Encoder.onehot(column, kept: kept, other: other, dropFirst: dropFirst)
        out = try out.replacing(name, with: made)
        let outputs = made.map(\.name).joined(separator: ",")
        fits.append(FittedStep.ColumnFit(input: name, output: outputs, parameters: [:], categories: kept + (other ? ["other"] : [])))
        columns.append(PreparedColumn(input: name, output: outputs, note: "\(made.count) column\(made.count == 1 ? "" : "s")"))
      case .ordinal:
        let (kept, other) = Encoder.categories(fitted, maxCategories: maxCategories)
        try out.setColumn(Encoder.ordinal(column, kept: kept, other: other))
        fits.append(FittedStep.ColumnFit(input: name, output: name, parameters: [:], categories: kept + (other ? ["other"] : [])))
        columns.append(PreparedColumn(input: name, output: name, note: "0…\(kept.count - (other ? 0 : 1))"))
      case .frequency:
        let shares = Encoder.frequency(fitted).shares
        try out.setColumn(Encoder.frequency(column, shares: shares))
        fits.append(FittedStep.ColumnFit(input: name, output: name, parameters: shares))
        columns.append(PreparedColumn(input: name, output: name, note: "shares of \(shares.count) categor\(shares.count == 1 ? "y" : "ies")"))
      }
    }
    let step = FittedStep(verb: .encode, method: method.rawValue, columns: fits)
    return PreparedFrame(frame: out.recording(step, restricted: false), columns: columns)
  }
}
