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

/// The CDNOW data the lifetimes package bundles, where pip installed it (never copied into
/// the project); `SEG_LIFETIMES_DATA` names the folder explicitly. Tests skip when absent.
public enum LifetimesData {
  public static let folder: String? = {
    let fm = FileManager.default
    if let given = ProcessInfo.processInfo.environment["SEG_LIFETIMES_DATA"] { return given }
    let home = fm.homeDirectoryForCurrentUser.path
    var roots = ["/usr/local/lib", "/usr/lib", home + "/.local/lib"]
    if let versions = try? fm.contentsOfDirectory(atPath: home + "/.pyenv/versions") {
      roots += versions.sorted().map { home + "/.pyenv/versions/\($0)/lib" }
    }
    for root in roots {
      for python in ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted() where python.hasPrefix("python3") {
        for packages in ["site-packages", "dist-packages"] {
          let folder = "\(root)/\(python)/\(packages)/lifetimes/datasets"
          if fm.fileExists(atPath: folder + "/CDNOW_sample.txt") { return folder }
        }
      }
    }
    return nil
  }()

  public static func path(_ name: String) -> String? {
    guard let folder else { return nil }
    let p = folder + "/" + name
    return FileManager.default.fileExists(atPath: p) ? p : nil
  }
}
