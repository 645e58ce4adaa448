import Foundation

/// Where the real data sets live; tests that need them skip when absent.
public enum SharedData {
  public static let folder: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("shared/data").path
  }()

  public static func path(_ name: String) -> String? {
    let p = folder + "/" + name
    return FileManager.default.fileExists(atPath: p) ? p : nil
  }
}
