/// "Did you mean" from edit distance (optimal string alignment, so swapped letters cost one).
enum Suggestions {
  static func closest(to word: String, in candidates: [String]) -> String? {
    let lowered = word.lowercased()
    let w = Array(lowered)
    let limit = max(1, min(3, (w.count + 2) / 3))
    var best: (String, Int)? = nil
    for c in candidates {
      // The distance is at least the difference in length: most candidates (and any word of
      // a megabyte) are ruled out without the quadratic comparison.
      let other = Array(c.lowercased())
      guard abs(other.count - w.count) <= limit else { continue }
      let d = distance(w, other)
      if d <= limit && (best == nil || d < best!.1) { best = (c, d) }
    }
    if best == nil, w.count >= 3, let prefixMatch = candidates.first(where: { $0.lowercased().hasPrefix(lowered) }) {
      return prefixMatch
    }
    return best?.0
  }

  /// The label under a caret: `did you mean "x"?`, or the list of choices when short.
  static func label(for word: String, in candidates: [String], what: String) -> String {
    if let s = closest(to: word, in: candidates) { return "did you mean \"\(s)\"?" }
    if candidates.isEmpty { return "" }
    if candidates.count <= 8 { return "\(what): " + candidates.joined(separator: ", ") }
    return ""
  }

  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
      }
    }
    return d[a.count][b.count]
  }
}
