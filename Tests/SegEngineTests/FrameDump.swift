@testable import SegEngine

/// A compact text form of a frame for table-driven expectations: `name:type=v|v|·; …`
/// where `·` is missing and text shows as written.
func dump(_ frame: DataFrame) -> String {
  frame.columns.map { c in
    "\(c.name):\(c.type.rawValue)=" + (0..<c.count).map { i in
      let v = c.value(at: i)
      return v.isMissing ? "·" : ValueFormatter.plain(v)
    }.joined(separator: "|")
  }.joined(separator: "; ")
}

/// Where the real data sets live; tests that need them skip when absent.
enum SharedData {
  static let folder: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("shared/data").path
  }()

  static func path(_ name: String) -> String? {
    let p = folder + "/" + name
    return FileManager.default.fileExists(atPath: p) ? p : nil
  }
}

import Foundation
