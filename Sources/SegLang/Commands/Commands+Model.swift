import Foundation
import SegEngine

/// Saving a segmentation and labelling new customers with it.
extension CommandTable {
  static let save = CommandSpec(
    "save", family: .segment, summary: "save a segmentation or a trained model as a model file",
    explanation: """
      save model segment "segment_model.json" writes what made the segment column: the
      preparation steps fitted before clustering (fill values, limits, transforms,
      scales, encodings), the fitted clustering, the segment names and the rules, in a
      versioned JSON format (docs/model-format.md); encrypt=true encrypts it with AES-256-GCM
      (the key from key_env=, docs/encrypted-files.md). load model reads it back, and assign
      labels new customers exactly as these were labelled. A .sql file (format=sql, with
      table=) is one SELECT that labels a table's rows inside a database instead; for a tree
      from train it adds the predicted class and each class's probability. save model m "m.json" writes a
      model train made (its feature encoding, classes and fitted tree), or one lifetime made
      (its parameters, spend model and horizon); after load model, predict uses it. The file
      is written whole or not at all.
      """,
    positionals: [
      PositionalSpec("model", .choice(["model"]), "the word model"),
      labelsSlot,
      PositionalSpec("file", .path, "the model file to write (.json), or the SQL (.sql)"),
    ],
    options: [
      OptionSpec("format", .choice(["json", "sql"]), default: .described("sql for a .sql file, else json"), "a model file, or a SELECT that labels a table in a database"),
      OptionSpec("table", .text, default: .described("required for sql"), "the table the SQL labels"),
      OptionSpec("dialect", .choice(SQLDialect.allCases.map(\.rawValue)), default: "postgres", "the database the SQL is for"),
    ] + encryptionOptions,
    example: segmentExampleSetup + "save model segment \"/tmp/seg_help_model.json\"\n"
  ) { inv in
    let labelName = inv.positionalText("labels") ?? ""
    let raw = inv.positionalText("file") ?? ""
    let asSQL = inv.text("format") == "sql" || inv.text("format") == nil && raw.lowercased().hasSuffix(".sql")
    for option in ["table", "dialect"] where !asSQL && inv.arguments.options[option] != nil {
      throw Diagnostic(message: "\(option)= is for format=sql", range: inv.range(of: option), label: "write a .sql file, or leave it out")
    }
    if asSQL && inv.env.catalog.lifetimeModels[labelName] != nil {
      throw Diagnostic(message: "only segmentations and trees can be written as SQL", range: inv.positionals("labels").first?.range,
        label: "save \(labelName) as a .json model file")
    }
    if let classifier = inv.env.catalog.classifiers[labelName], asSQL {
      guard let table = inv.text("table") else {
        throw Diagnostic(message: "the SQL needs the table it scores", range: inv.positionals("file").first?.range, label: "say which with table=customers")
      }
      let dialect = inv.choice("dialect", as: SQLDialect.self) ?? .postgres
      let column = classifier.target + "_predicted"
      let sql = try classifier.scoringSQL(table: table, dialect: dialect, column: column, probabilities: true)
      try inv.writeFiles([(inv.path(raw), Data(sql.utf8))], personal: false)
      inv.message("saved model \(labelName) to \(raw)\(inv.encryptedNote) as \(dialect.rawValue) SQL adding \(column) and each class's probability to the rows of \(table)")
      return
    }
    if let classifier = inv.env.catalog.classifiers[labelName] {
      try inv.writeFiles([(inv.path(raw), try ModelFile.encode(.classifier(classifier)))], personal: false)
      inv.message("saved model \(labelName) to \(raw)\(inv.encryptedNote): a \(classifier.method.rawValue) predicting \(classifier.target) from \(classifier.encoding.inputs.map(\.column).joined(separator: ", "))")
      return
    }
    if let lifetime = inv.env.catalog.lifetimeModels[labelName]?.model {
      try inv.writeFiles([(inv.path(raw), try ModelFile.encode(.lifetime(lifetime)))], personal: false)
      inv.message("saved model \(labelName) to \(raw)\(inv.encryptedNote): \(lifetimeDescription(lifetime))")
      return
    }
    var model = try segmentation(inv, labelName)
    let read = model.neededColumns + model.columns
    if let personal = read.first(where: { inv.env.catalog.roles[$0] == .pii }) {
      throw Diagnostic(message: "\(labelName) reads \(personal), which is personal data: the model file would keep its values", range: inv.positionals("labels").first?.range,
        label: "pseudonymise \(personal) before preparing and clustering, or clear its role if it is not personal")
    }
    model.roles = inv.env.catalog.roles.filter { read.contains($0.key) }
    let described = "\(model.clusterer.method) on \(model.columns.joined(separator: ", ")), \(plural(model.pipeline.count, "preparation step")), \(plural(model.names.count, "name")), \(plural(model.rules.count, "rule"))"
    if asSQL {
      guard let table = inv.text("table") else {
        throw Diagnostic(message: "the SQL needs the table it scores", range: inv.positionals("file").first?.range, label: "say which with table=customers")
      }
      let dialect = inv.choice("dialect", as: SQLDialect.self) ?? .postgres
      // Conditions name segments by the model's names, as they did when the rules were written.
      let sessionNames = inv.env.catalog.segmentNames[model.label]
      inv.env.catalog.segmentNames[model.label] = model.segmentNames.isEmpty ? sessionNames : model.segmentNames
      defer { inv.env.catalog.segmentNames[model.label] = sessionNames }
      let rules = RuleSet(try ruleDeclarations(inv, model.rules, file: raw).map(\.rule))
      try inv.writeFiles([(inv.path(raw), Data(try model.scoringSQL(table: table, dialect: dialect, rules: rules, context: inv.context).utf8))], personal: false)
      inv.message("saved model of \(labelName) to \(raw)\(inv.encryptedNote) as \(dialect.rawValue) SQL labelling the rows of \(table): \(described)")
      return
    }
    try inv.writeFiles([(inv.path(raw), try ModelFile.encode(.segmentation(model)))], personal: false)
    inv.message("saved model of \(labelName) to \(raw)\(inv.encryptedNote): \(described)"
      + (model.customerLevelData.map { "; it holds \($0) (forget … models= erases customers from it)" } ?? ""))
  }

  /// The segmentation `save model` writes: the one a clustering of this session made (with
  /// the steps the frame had then and the session's names and rules), or a loaded or
  /// refitted model.
  static func segmentation(_ inv: Invocation, _ labelName: String) throws -> SegmentationModel {
    if inv.env.catalog.clusterings[labelName] == nil, let model = inv.env.catalog.models[labelName] { return model }
    guard let stored = inv.env.catalog.clusterings[labelName] else {
      throw Diagnostic(message: "no clustering in this session made \(labelName)", range: inv.positionals("labels").first?.range,
        label: Suggestions.label(for: labelName, in: inv.env.catalog.clusterings.keys.sorted(), what: "clusterings"),
        help: "cluster first (cluster kmeans … as \(labelName)), then save its model")
    }
    if let step = stored.pipeline.first(where: \.restricted) {
      throw Diagnostic(category: .runtime, message: "the \(step.verb) step was fitted with where on some rows only, so new customers cannot be prepared the same way",
        range: inv.command.range, help: "prepare all rows alike (filter first, then \(step.verb)), cluster again, then save the model")
    }
    let names = inv.env.catalog.segmentNames[labelName] ?? [:]
    var model = SegmentationModel(
      label: labelName, columns: stored.columns, pipeline: stored.pipeline, clusterer: stored.fit.model,
      names: Dictionary(uniqueKeysWithValues: names.map { (String($0.key), $0.value) }), rules: inv.env.catalog.rules.map(\.source))
    let described = model.neededColumns.filter { stored.input.index(of: $0) != nil }
    model.baseline = try ModelBaseline(model: model, fitted: try stored.input.selecting(described).gather(stored.rows), labels: stored.fit.labels,
      matrix: stored.matrix)
    return model
  }

  /// The segmentation model the positional slot `model` names, which load model (or refit) made.
  static func loadedSegmentation(_ inv: Invocation) throws -> (name: String, model: SegmentationModel) {
    let name = inv.positionalText("model") ?? ""
    guard let model = inv.env.catalog.models[name] else {
      throw Diagnostic(message: "no segmentation model called \(name)", range: inv.positionals("model").first?.range,
        label: Suggestions.label(for: name, in: inv.env.catalog.models.keys.sorted(), what: "models"),
        help: "read one first: load model \"file.json\" as \(name)")
    }
    return (name, model)
  }

  /// A model's rules, read back through the parser, so a damaged rule is caught when the
  /// model is read, not when the rules are applied.
  static func ruleDeclarations(_ inv: Invocation, _ lines: [String], file raw: String) throws -> [RuleDeclaration] {
    try lines.map { line in
      let source = SourceFile(name: raw, text: line)
      guard let cmd = try? Parser.parse(line).first, let spec = CommandTable.spec(named: "rule"),
        let args = try? ArgumentBinder(spec: spec, variables: [:]).bind(cmd),
        let rule = try? RuleDeclaration(Invocation(command: cmd, spec: spec, env: inv.env, arguments: args, source: source, emit: { _ in }))
      else { throw EngineError.io(path: raw, reason: "holds a rule seg cannot read: \(line)") }
      return rule
    }
  }

  /// `load model "file" as m`: reads a model file and its rules.
  static func loadModel(_ inv: Invocation, _ raw: String) throws {
    let path = inv.path(raw)
    let (data, key) = try inv.modelFileData(raw)
    if key == nil { try refuse(inv, ["key_env"], unless: "an encrypted file", hint: "\(raw) is not encrypted") }
    let name = inv.outputName ?? "model"
    let decoded = try ModelFile.decode(data, path: raw)
    if case .classifier(let classifier) = decoded {
      inv.env.recorder.noteInput(raw, path: path)
      inv.env.catalog.classifiers[name] = classifier
      inv.message("loaded model \(name) from \(raw): a \(classifier.method.rawValue) predicting \(classifier.target) from \(classifier.encoding.inputs.map(\.column).joined(separator: ", ")); predict \(name) uses it")
      return
    }
    if case .lifetime(let lifetime) = decoded {
      inv.env.recorder.noteInput(raw, path: path)
      inv.env.catalog.lifetimeModels[name] = (lifetime, nil)
      inv.env.catalog.lastLifetime = name
      inv.message("loaded model \(name) from \(raw): \(lifetimeDescription(lifetime)); predict \(name) scores a frame of \(lifetime.inputColumns.joined(separator: ", "))")
      return
    }
    guard case .segmentation(let model) = decoded else {
      throw EngineError.io(path: raw, reason: "holds fitted preparation steps only, not a segmentation; assign needs a file from save model")
    }
    inv.env.recorder.noteInput(raw, path: path)
    let rules = try ruleDeclarations(inv, model.rules, file: raw)
    inv.env.catalog.adoptRoles(model.roles)
    inv.env.catalog.models[name] = model
    for r in rules { inv.env.catalog.declare(r) }
    inv.message("loaded model \(name) from \(raw): \(model.clusterer.method) making \(model.label) from \(model.columns.joined(separator: ", ")); \(plural(model.pipeline.count, "preparation step")), \(plural(model.names.count, "name")), \(plural(rules.count, "rule"))")
  }

  /// "a BG/NBD with Gamma-Gamma spend, time in weeks, fitted on 2,357 customers".
  static func lifetimeDescription(_ model: LifetimeModel) -> String {
    "a \(model.kind.title)\(model.spend == nil ? "" : " with Gamma-Gamma spend"), time in \(model.unit.rawValue)s, fitted on \(plural(model.customers, "customer"))"
  }

  static let assign = CommandSpec(
    "assign", family: .segment, summary: "label customers with a loaded model",
    explanation: """
      Labels the current frame's customers with a model from load model: the model's
      preparation steps are replayed with the values they learned (never fitted again),
      then each customer gets the segment the clustering gives it (k-means family: the
      nearest centre; gmm: the most probable; dbscan: the cluster of the nearest core
      customer within eps, else -1; hierarchical: the nearest segment centre). The frame
      must hold the columns the model was prepared from, not yet prepared. Names come
      along; the label column is named as in the model unless you say as. A model from
      train (a classifier) adds its predicted class instead, as predict does.
      """,
    positionals: [PositionalSpec("model", .frame, "the name given at load model … as")],
    output: "the label column (default: the model's)",
    example: segmentExampleSetup + """
      save model segment "/tmp/seg_help_assign.json"
      sample customers n=50 seed=99 as newcomers
      load model "/tmp/seg_help_assign.json" as m
      assign m
      """
  ) { inv in
    let modelName = inv.positionalText("model") ?? ""
    if let classifier = inv.env.catalog.classifiers[modelName] {
      let (frameName, frame) = try inv.inputFrame()
      try addPredictions(inv, classifier, frameName, frame, column: inv.outputName ?? classifier.target + "_predicted", probabilities: false)
      return
    }
    guard let model = inv.env.catalog.models[modelName] else {
      let known = (Array(inv.env.catalog.models.keys) + Array(inv.env.catalog.classifiers.keys)).sorted()
      throw Diagnostic(message: "no model called \(modelName)", range: inv.positionals("model").first?.range,
        label: Suggestions.label(for: modelName, in: known, what: "models"),
        help: "read one first: load model \"file.json\" as \(modelName)")
    }
    if inv.clusterInput() != nil { return try assignOnCluster(inv, model, modelName) }
    let (frameName, raw) = try inv.inputFrame()
    let labelName = inv.outputName ?? model.label
    let frame = try inv.run(.applyModel(.scan(frameName), model, as: labelName))
    let labels = try frame.segmentLabels(labelName).map { Int($0) }
    let names = model.segmentNames
    inv.env.catalog.segmentNames[labelName] = names.isEmpty ? nil : names
    inv.env.catalog.store(frame, as: frameName)
    inv.env.catalog.assignedColumns[labelName] = model.columns
    inv.env.catalog.clusterings[labelName] = nil
    inv.env.catalog.noteLabel(labelName)
    inv.message("assigned \(plural(labels.count, "customer")) of \(frameName) to \(labelName) with model \(modelName)"
      + (model.pipeline.isEmpty || !raw.pipeline.isEmpty ? "" : " (after replaying \(plural(model.pipeline.count, "preparation step")))"))
    inv.output(.table(sizeTable(labels, total: labels.count, names: names)))
  }

  /// `assign` of a frame on Spark: the model as SQL expressions, so the cluster labels every
  /// customer; the sizes are counted there.
  static func assignOnCluster(_ inv: Invocation, _ model: SegmentationModel, _ modelName: String) throws {
    guard let (frameName, _) = inv.clusterInput() else { return }
    let labelName = inv.outputName ?? model.label
    let counts = try labelOnCluster(inv, frameName, model, as: labelName)
    inv.env.catalog.assignedColumns[labelName] = model.columns
    let total = counts.values.reduce(0, +)
    inv.message("assigned \(plural(total, "customer")) of \(frameName) on Spark to \(labelName) with model \(modelName)")
    inv.output(.table(sizeTable(counts: counts, total: total, names: model.segmentNames)))
  }

  /// The rows of each label of `plan` (over the cluster's sources), counted where they are;
  /// every row must have one.
  static func countLabels(_ inv: Invocation, _ plan: LogicalPlan, label labelName: String, frameName: String) throws -> [Int: Int] {
    let sizes = try inv.cluster().collect(.aggregate(plan, by: [labelName], [AggregateExpression("n", .count, nil)]), limit: nil)
    var counts: [Int: Int] = [:]
    for row in 0..<sizes.rowCount {
      guard case .int(let n) = sizes.columns[1].value(at: row) else { continue }
      guard case .int(let label) = sizes.columns[0].value(at: row) else {
        throw Diagnostic(category: .runtime, message: "\(plural(n, "customer")) of \(frameName) have missing values the model's steps do not fill",
          range: inv.command.range, help: "fill them first (impute) or leave them out (filter … is not missing)")
      }
      counts[label] = n
    }
    return counts
  }

  /// Labels the cluster frame's rows with `model` where they are and counts each label there
  /// (every row must get one); the frame then has the label column and is the latest labelling.
  static func labelOnCluster(_ inv: Invocation, _ frameName: String, _ model: SegmentationModel, as labelName: String) throws -> [Int: Int] {
    let labelled = LogicalPlan.applyModel(.scan(frameName), model, as: labelName)
    let counts = try countLabels(inv, try inv.clusterPlan(labelled), label: labelName, frameName: frameName)
    try inv.storeOnCluster(labelled, as: frameName)
    let names = model.segmentNames
    inv.env.catalog.segmentNames[labelName] = names.isEmpty ? nil : names
    inv.env.catalog.clusterings[labelName] = nil
    inv.env.catalog.noteLabel(labelName)
    return counts
  }
}
