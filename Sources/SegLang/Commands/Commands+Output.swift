import Foundation
import SegEngine

/// Writing results out.
extension CommandTable {
  static let export = CommandSpec(
    "export", family: .output, summary: "write a frame to a CSV or JSON file",
    explanation: """
      Writes the current frame (or the columns and rows you pick) to a file. The format
      follows the file name (.json gives JSON, anything else CSV) unless format= says
      otherwise. The file is written to a temporary name first and then moved into place,
      so a failed export never leaves a half-written file.
      """,
    positionals: [
      PositionalSpec("to", .choice(["to"]), required: false, "optional word: export to \"file\""),
      PositionalSpec("file", .path, "the file to write"),
    ],
    options: [
      OptionSpec("columns", .column, list: true, default: .described("all columns"), "the columns to write"),
      OptionSpec("format", .choice(["csv", "json"]), default: .described("from the file name"), "the file format"),
      fromOption,
    ],
    acceptsWhere: true,
    example: "sample customers n=20 seed=1\nexport to \"/tmp/seg_help_export.csv\" columns=customer_id,age\n"
  ) { inv in
    guard let raw = inv.positionalText("file") else { return }
    var frame = try inv.whereRows(inv.inputFrame().frame)
    let names = inv.names("columns")
    if !names.isEmpty { frame = try frame.selecting(try frame.resolveColumns(names)) }
    let format = inv.text("format") ?? (raw.lowercased().hasSuffix(".json") ? "json" : "csv")
    let path = inv.path(raw)
    if format == "json" { try JSONWriter.write(frame, to: path) } else { try CSVWriter.write(frame, to: path) }
    inv.message("wrote \(shape(frame)) to \(raw)")
  }
}
