import Foundation
import SegEngine

/// Erasure: customers out of frames and model files.
extension CommandTable {
  static let forget = CommandSpec(
    "forget", family: .privacy, summary: "erase customers: from every frame, and from model files that hold them",
    explanation: """
      Erases the customers listed in a file (a CSV or other file load reads, with a column
      named as key=, else its first column) from every frame of the session that has the key
      column, drops clusterings fitted on them, and rewrites the model files in models= that
      hold customer-level data (DBSCAN's core samples) without them, each whole or not at
      all, encrypted again if it was. It lists every frame changed and every file rewritten.
      Centroid, mixture and tree models hold no single customer's data and are left as they are.
      """,
    options: [
      OptionSpec("ids", .path, default: .described("required"), "the file listing the customers to erase"),
      OptionSpec("key", .column, default: .described("customer_id"), "the column that names a customer, in the file and in the frames"),
      OptionSpec("models", .path, list: true, default: .described("none"), "model files to erase them from"),
      decryptionOption,
    ],
    example: "sample customers n=50 seed=1\nexport to \"/tmp/seg_help_erase.csv\" columns=customer_id where customer_id <= 3\nforget ids=\"/tmp/seg_help_erase.csv\" key=customer_id\n"
  ) { inv in
    guard let raw = inv.text("ids") else {
      throw Diagnostic(message: "forget needs ids= (the file of customers to erase)", range: inv.command.verbRange, label: "for example: forget ids=\"erase.csv\"")
    }
    let key = inv.names("key").first ?? "customer_id"
    let listed = try DataFile.read(path: inv.path(raw), key: try inv.decryptionKey(for: inv.path(raw))).frame
    guard let idColumn = listed.index(of: key).map({ listed.columns[$0] }) ?? listed.columns.first else {
      throw Diagnostic(message: "\(raw) lists no customers", range: inv.range(of: "ids"), label: "a file with a \(key) column")
    }
    let ids = Set(idColumn.plainTexts.compactMap { $0 })
    let catalog = inv.env.catalog
    var erasedRows: [DataFrame] = []
    var changed: [String] = []
    for name in catalog.frameOrder {
      let frame = try catalog.frame(named: name)
      guard frame.index(of: key) != nil else { continue }
      let (kept, erased) = try Erasure.split(frame, key: key, ids: ids)
      guard erased.rowCount > 0 else { continue }
      catalog.store(kept, as: name, makeCurrent: false)
      erasedRows.append(erased)
      changed.append("\(name) (\(plural(erased.rowCount, "row")))")
    }
    let dropped = catalog.clusterings.filter { _, c in
      c.input.index(of: key) != nil && ((try? Erasure.split(c.input.gather(c.rows), key: key, ids: ids).erased.rowCount) ?? 0) > 0
    }.keys.sorted()
    for label in dropped { catalog.clusterings[label] = nil }
    var rewritten: [String] = []
    for file in inv.names("models") {
      let (data, key) = try inv.modelFileData(file)
      guard case .segmentation(let model) = try ModelFile.decode(data, path: file), model.customerLevelData != nil else {
        inv.message("\(file) holds no customer-level data: left as it is")
        continue
      }
      guard let rows = erasedRows.first(where: { r in model.canLabel(r) && model.neededColumns.allSatisfy { r.index(of: $0) != nil } }) else {
        throw Diagnostic(message: "\(file) holds customers' data (\(model.customerLevelData!)), and no frame of the session has the erased customers' \(model.neededColumns.joined(separator: ", "))",
          range: inv.range(of: "models"), label: "load the data the model was fitted on, then forget again")
      }
      let (erased, removed) = try model.erasing(rows)
      var out = try ModelFile.encode(.segmentation(erased))
      if let key { out = try EncryptedFile.seal(out, key: key) }
      try AtomicFile.write(out, to: inv.path(file), personal: key != nil)
      rewritten.append("\(file) (\(plural(removed, "core sample")) removed)")
    }
    inv.message("forgot \(plural(ids.count, "customer")) listed in \(raw): "
      + (changed.isEmpty ? "no frame held them" : "rows removed from " + changed.joined(separator: ", "))
      + (dropped.isEmpty ? "" : "; dropped the clustering\(dropped.count == 1 ? "" : "s") \(dropped.joined(separator: ", ")) fitted on them")
      + (rewritten.isEmpty ? "" : "; rewrote " + rewritten.joined(separator: ", ")))
  }
}
