/// A byte range in a source text.
public struct SourceRange: Sendable, Equatable, Hashable {
  public var start: Int
  public var end: Int
  public init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = end
  }
  /// The smallest range covering both.
  func union(_ other: SourceRange) -> SourceRange { SourceRange(min(start, other.start), max(end, other.end)) }
}

/// A 1-based line and column (the column counts characters, not bytes).
public struct SourceLocation: Sendable, Equatable {
  public var line: Int
  public var column: Int
}

/// A named source text with its line starts, for turning byte offsets into line:column.
public struct SourceFile: Sendable {
  public let name: String
  public let text: String
  let bytes: [UInt8]
  let lineStarts: [Int]
  /// Added to every line number (a REPL cell or a fragment of a bigger file).
  let firstLine: Int

  public init(name: String, text: String, firstLine: Int = 1) {
    self.name = name
    self.text = text
    self.firstLine = firstLine
    bytes = Array(text.utf8)
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == 10 { starts.append(i + 1) }
    lineStarts = starts
  }

  /// The line index (0-based) holding `offset`.
  func lineIndex(_ offset: Int) -> Int {
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  public func location(_ offset: Int) -> SourceLocation {
    let l = lineIndex(offset)
    let prefix = bytes[lineStarts[l]..<min(offset, bytes.count)]
    return SourceLocation(line: l + firstLine, column: String(decoding: prefix, as: UTF8.self).count + 1)
  }

  /// The text of the line holding `offset`, without its newline.
  public func lineText(_ offset: Int) -> String {
    let l = lineIndex(offset)
    var end = l + 1 < lineStarts.count ? lineStarts[l + 1] - 1 : bytes.count
    if end > lineStarts[l] && end <= bytes.count && end > 0 && bytes[end - 1] == 13 { end -= 1 }
    return String(decoding: bytes[lineStarts[l]..<max(lineStarts[l], end)], as: UTF8.self)
  }

  /// The source text of a range.
  func slice(_ r: SourceRange) -> String {
    String(decoding: bytes[max(0, r.start)..<min(r.end, bytes.count)], as: UTF8.self)
  }
}
