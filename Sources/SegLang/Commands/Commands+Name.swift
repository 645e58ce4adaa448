import SegEngine

/// Naming segments, so tables, conditions and exports speak the business's language.
extension CommandTable {
  static let name = CommandSpec(
    "name", family: .segment, summary: "give segments names",
    explanation: """
      Names segments by their numbers: name segment 0="Dormant" 1="Loyal". The names show
      next to the numbers in profile, explain and coverage tables, a column
      segment_name is added for exports, and conditions may use them: filter segment ==
      "Loyal". Naming again replaces the names given; others stay. To keep numbers (and
      so names) stable when you cluster again, use cluster … match=segment.
      """,
    positionals: [labelsSlot],
    assignments: "<number>=\"<name>\"…",
    example: segmentExampleSetup + "name segment 0=\"Young\" 1=\"Affluent\" 2=\"Browsers\" 3=\"Older\"\nshow customer_id segment segment_name n=3\n"
  ) { inv in
    let (frameName, frame) = try inv.inputFrame()
    let labelName = try frame.resolveColumns(inv.positionalWords("labels")).first ?? ""
    let values = try frame.segmentLabels(labelName)
    guard !inv.arguments.assignments.isEmpty else {
      throw Diagnostic(message: "name needs names", range: inv.command.range, label: "for example: name \(labelName) 0=\"Dormant\" 1=\"Loyal\"")
    }
    let present = Set(values.filter { !$0.isNaN }.map { Int($0) })
    var names = inv.env.catalog.segmentNames[labelName] ?? [:]
    for a in inv.arguments.assignments {
      guard let label = Int(a.key), present.contains(label) else {
        throw Diagnostic(message: "\(labelName) has no segment \(a.key)", range: a.keyRange,
          label: "segments: " + present.sorted().map(String.init).joined(separator: ", "))
      }
      guard case .string(let text) = a.value.kind, !text.isEmpty else {
        throw Diagnostic(message: "a segment name is text in double quotes", range: a.value.range, label: "for example \(a.key)=\"Loyal\"")
      }
      if let clash = names.first(where: { $0.value == text && $0.key != label }) {
        throw Diagnostic(message: "segment \(clash.key) is already called \"\(text)\"", range: a.value.range, label: "give each segment its own name")
      }
      names[label] = text
    }
    inv.env.catalog.segmentNames[labelName] = names
    var out = frame
    try out.setColumn(.strings(labelName + "_name", values.map { $0.isNaN ? nil : names[Int($0)] }))
    inv.env.catalog.store(out, as: frameName)
    let unnamed = present.subtracting(names.keys).filter { $0 >= 0 }.sorted()
    inv.message("named \(plural(names.count, "segment")) of \(labelName) (column \(labelName)_name)"
      + (unnamed.isEmpty ? "" : "; still unnamed: \(unnamed.map(String.init).joined(separator: ", "))"))
  }
}
