import Foundation

/// Rewrites the file names in a command so they reach the same files from another folder.
enum ScriptPaths {
  /// `command` with every relative path argument (load's file, export's, `plot … to=`, …)
  /// rewritten relative to `to` instead of `from`; unchanged when it does not parse.
  static func rebased(_ command: String, from: String, to: String) -> String {
    let source = absolute(from), destination = absolute(to.isEmpty ? "." : to)
    guard source != destination, let cmd = try? Parser.parse(command).first, let spec = CommandTable.spec(named: cmd.verb),
      let bound = try? ArgumentBinder(spec: spec, variables: [:]).bind(cmd)
    else { return command }
    var paths: [Expression] = spec.positionals.filter { $0.kind == .path }.flatMap { bound.positionals[$0.name] ?? [] }
    paths += spec.options.filter { $0.kind == .path }.compactMap { bound.options[$0.name]?.value }
    var out = Array(command.utf8)
    // From the end, so earlier ranges stay valid.
    for e in paths.sorted(by: { $0.range.start > $1.range.start }) {
      guard case .string(let path) = e.kind, !path.hasPrefix("/"), !path.hasPrefix("~") else { continue }
      let rewritten = relative(source + "/" + path, from: destination) + (path.hasSuffix("/") ? "/" : "")
      let quoted = "\"" + rewritten.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
      out.replaceSubrange(e.range.start..<e.range.end, with: Array(quoted.utf8))
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func absolute(_ folder: String) -> String {
    let full = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
    return (full as NSString).standardizingPath
  }

  /// `path` (absolute) as seen from the folder `base` (absolute): `../data/c.csv`.
  private static func relative(_ path: String, from base: String) -> String {
    let target = (path as NSString).standardizingPath.split(separator: "/")
    let here = base.split(separator: "/")
    let common = zip(target, here).prefix { $0 == $1 }.count
    let parts = Array(repeating: "..", count: here.count - common) + target[common...].map(String.init)
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }
}
