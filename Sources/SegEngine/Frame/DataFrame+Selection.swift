/// Choosing, renaming and filtering columns and rows.
extension DataFrame {
  /// Resolves names and globs (`spend_*`) to existing column names, in the order given.
  public func resolveColumns(_ patterns: [String]) throws -> [String] { try Self.resolveColumns(patterns, among: columnNames) }

  /// Resolves names and globs against a list of column names (a frame's, or a cluster frame's).
  public static func resolveColumns(_ patterns: [String], among columnNames: [String]) throws -> [String] {
    var out: [String] = []
    for p in patterns {
      if p.contains("*") {
        let matches = columnNames.filter { Glob.matches(pattern: p, $0) }
        guard !matches.isEmpty else {
          throw EngineError.columnNotFound(name: p, available: columnNames)
        }
        out += matches.filter { !out.contains($0) }
      } else {
        guard columnNames.contains(p) else {
          throw EngineError.columnNotFound(name: p, available: columnNames)
        }
        if !out.contains(p) { out.append(p) }
      }
    }
    return out
  }

  /// Keeps only the named columns, in the given order.
  public func selecting(_ names: [String]) throws -> DataFrame {
    var out = try DataFrame(columns: names.map { try column($0) })
    out.pipeline = pipeline
    return out.withRoles(roles)
  }

  /// Removes the named columns.
  public func dropping(_ names: [String]) throws -> DataFrame {
    for n in names where index(of: n) == nil {
      throw EngineError.columnNotFound(name: n, available: columnNames)
    }
    var out = try DataFrame(columns: columns.filter { !names.contains($0.name) })
    if out.columns.isEmpty { out.rowCount = 0 }
    out.pipeline = pipeline
    return out.withRoles(roles)
  }

  /// Renames columns (`old → new`); fails on unknown old names or clashing new ones.
  public func renaming(_ pairs: [(String, String)]) throws -> DataFrame {
    var cols = columns
    var renamedRoles = roles
    for (old, new) in pairs {
      guard let i = cols.firstIndex(where: { $0.name == old }) else {
        throw EngineError.columnNotFound(name: old, available: cols.map(\.name))
      }
      if let step = featureSteps(of: old).first?.step {
        // The step would stay with the old name, and models would read the renamed column raw.
        throw EngineError.unsupported(
          "\(old) is \(step.verb)d for models (\(step.verb) \(step.method)), so it keeps its name; rename before preparing, or \(step.verb) with suffix= to make a column of its own")
      }
      cols[i].name = new
      renamedRoles[new] = renamedRoles.removeValue(forKey: old)
    }
    var out = try DataFrame(columns: cols)
    out.pipeline = pipeline
    return out.withRoles(renamedRoles)
  }

  /// The frame with column `name` replaced, in place, by `replacements` (one-hot columns).
  public func replacing(_ name: String, with replacements: [Column]) throws -> DataFrame {
    guard let position = index(of: name) else { throw EngineError.columnNotFound(name: name, available: columnNames) }
    var cols = columns
    cols.replaceSubrange(position...position, with: replacements)
    var out = try DataFrame(columns: cols)
    out.pipeline = pipeline
    return out.withRoles(roles)
  }

  /// Keeps the rows where `mask` is true (missing counts as false).
  public func filtering(_ mask: Column) throws -> DataFrame {
    gather(try mask.trueRows())
  }
}

/// Shell-style `*` wildcards for column names.
enum Glob {
  static func matches(pattern: String, _ name: String) -> Bool {
    let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
    var rest = Substring(name)
    for (i, part) in parts.enumerated() {
      if i == 0 {
        guard rest.hasPrefix(part) else { return false }
        rest = rest.dropFirst(part.count)
      } else if i == parts.count - 1 {
        return rest.hasSuffix(part)
      } else if let r = rest.range(of: part) {
        rest = rest[r.upperBound...]
      } else {
        return false
      }
    }
    return rest.isEmpty
  }
}
