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

extension SourceFile {
  /// A script read from bytes: UTF-8 text, or an error at the first byte that is not UTF-8,
  /// with its line and column, whatever the bytes came from (a file or standard input).
  public static func decoding(_ bytes: [UInt8], name: String) throws(LocatedDiagnostic) -> SourceFile {
    let file = SourceFile(name: name, text: String(decoding: bytes, as: UTF8.self))
    guard let bad = firstInvalidUTF8(bytes) else { return file }
    // Bytes before the bad one decode as they are, so its offset is its place in the text.
    let byte = "0x" + String(bytes[bad], radix: 16, uppercase: true)
    throw LocatedDiagnostic(
      diagnostic: Diagnostic(message: "the script is not UTF-8 text: byte \(byte) here", range: SourceRange(bad, bad + 1),
        label: "not UTF-8", help: "save the script as UTF-8 (most editors offer it under Save As, encoding)"),
      source: file)
  }

  /// The offset of the first byte that does not begin or continue a valid UTF-8 sequence
  /// (overlong forms, surrogates and values above U+10FFFF are invalid).
  static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
    var i = 0
    while i < b.count {
      let c = b[i]
      if c < 0x80 { i += 1; continue }
      let (length, low, high): (Int, UInt8, UInt8) = switch c {
      case 0xC2...0xDF: (2, 0x80, 0xBF)
      case 0xE0: (3, 0xA0, 0xBF)
      case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80, 0xBF)
      case 0xED: (3, 0x80, 0x9F)
      case 0xF0: (4, 0x90, 0xBF)
      case 0xF1...0xF3: (4, 0x80, 0xBF)
      case 0xF4: (4, 0x80, 0x8F)
      default: (0, 0, 0)
      }
      guard length > 0 else { return i }
      guard i + 1 < b.count, (low...high).contains(b[i + 1]) else { return i }
      for k in 2..<length { guard i + k < b.count, (0x80...0xBF).contains(b[i + k]) else { return i } }
      i += length
    }
    return nil
  }
}
