import SegEngine

/// Shaping values for clustering: transform skewed numbers, encode categories, project with PCA.
extension CommandTable {
  static let transform = CommandSpec(
    "transform", family: .prepare, summary: "reduce skew: log, log1p, sqrt, Box-Cox, Yeo-Johnson",
    explanation: """
      Spending and counts are usually skewed: a few customers have huge values. These
      transforms pull the long tail in. log needs values above 0, log1p (log of 1 + x)
      above -1, sqrt at least 0; boxcox needs values above 0 and yeojohnson takes any
      number — both choose their power λ by maximum likelihood, as scipy does, and the λ is
      kept in the frame's pipeline. Without suffix= the frame keeps the columns' own units
      and the verbs that fit models (cluster, sweep, evaluate, kdist, pca) read them
      transformed, as scale does; with suffix= and `where`, only those rows are fitted and
      changed.
      """,
    positionals: [PositionalSpec("columns", .column, repeating: true, "the numeric columns to transform")],
    options: OptionSpec.options(PreparationParameters.transform) + [
      OptionSpec("suffix", .text, default: .described("none: models read the columns transformed; the frame keeps them"), "write new columns named column+suffix"),
      fromOption,
    ],
    acceptsWhere: true,
    example: "sample customers n=200 seed=1\ntransform income method=boxcox suffix=_bc\nshow income income_bc n=3\n"
  ) { inv in
    let step = PreparationStep(.transform(try inv.parameterValues(PreparationParameters.transform), suffix: inv.text("suffix") ?? ""),
      columns: try inv.inputColumns(inv.positionalWords("columns")))
    let prepared = try inv.fitPreparation(step)
    inv.message("\(inv.text("method")!): " + prepared.columns.map { $0.output + ($0.note.map { " (\($0))" } ?? "") }.joined(separator: ", ") + forModelsNote(inv, columns: prepared.columns.count))
  }

  static let encode = CommandSpec(
    "encode", family: .prepare, summary: "turn categories into numbers (one-hot, ordinal, frequency)",
    explanation: """
      Clustering needs numbers. method=onehot replaces a category column by one 0/1 column
      per category (region_North, region_South, …, categories sorted); drop_first=true leaves
      out the first, and max_categories= keeps the most frequent ones and groups the rest as
      "other". ordinal numbers the sorted categories 0, 1, 2, …; frequency replaces each
      category by its share of the rows. Missing stays missing. With `where`, the categories
      and shares are learned from those rows and every row is encoded.
      """,
    positionals: [PositionalSpec("columns", .column, repeating: true, "the category columns")],
    options: OptionSpec.options(PreparationParameters.encode) + [
      fromOption,
    ],
    acceptsWhere: true,
    example: "sample customers n=100 seed=1\nencode region channel method=onehot drop_first=true\ncolumns\n"
  ) { inv in
    let step = PreparationStep(.encode(try inv.parameterValues(PreparationParameters.encode)), columns: try inv.inputColumns(inv.positionalWords("columns")))
    let prepared = try inv.fitPreparation(step)
    inv.message("encoded " + prepared.columns.map { "\($0.input) → \($0.note ?? "")" }.joined(separator: ", ") + " (\(inv.text("method")!))")
  }
}

extension CommandTable {
  static let pca = CommandSpec(
    "pca", family: .prepare, summary: "summarise many numeric columns in a few components",
    explanation: """
      Principal component analysis finds the directions in which customers differ most and
      writes each customer's position along the first few as new columns (pc1, pc2, …, or
      named after `as`). The share of the variation each component explains is printed: if
      the first two explain most of it, a scatter of pc1 against pc2 shows the customers
      faithfully. Columns are centred, not scaled: scale them first when their units differ.
      Matches scikit-learn's PCA (components up to sign: the largest weight is positive).
      With `where`, the components are fitted on those rows and every row gets its scores.
      """,
    positionals: [PositionalSpec("columns", .column, repeating: true, "the numeric columns")],
    options: OptionSpec.options(PreparationParameters.pca) + [fromOption],
    acceptsWhere: true, output: "the prefix of the new columns (default: pc)",
    example: "sample customers n=200 seed=1\nimpute income age strategy=median\nscale age income web_visits\npca age income web_visits components=2\n"
  ) { inv in
    let prefix = inv.outputName ?? "pc"
    let step = PreparationStep(.pca(try inv.parameterValues(PreparationParameters.pca), prefix: prefix), columns: try inv.inputColumns(inv.positionalWords("columns")))
    let prepared = try inv.fitPreparation(step)
    let ratios = prepared.columns.map { $0.varianceShare ?? 0 }
    let shares = zip(prepared.columns, ratios).map { "\($0.output) \(ValueFormatter.number($1 * 100, significant: 3))%" }
    let total = ratios.reduce(0, +)
    inv.message("added \(shares.joined(separator: ", ")) of the variance (\(ValueFormatter.number(total * 100, significant: 3))% together)")
  }
}
