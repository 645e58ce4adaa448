import Foundation

/// Writes frames as a JSON array of row objects (missing values as null), atomically.
public enum JSONWriter {
  public static func encode(_ frame: DataFrame) -> [UInt8] {
    var out: [UInt8] = Array("[".utf8)
    let keys = frame.columns.map { Array(escape($0.name).utf8) }
    for i in 0..<frame.rowCount {
      out += (i == 0 ? "\n  " : ",\n  ").utf8
      appendObject(frame, keys, row: i, to: &out)
    }
    out += (frame.rowCount > 0 ? "\n]\n" : "]\n").utf8
    return out
  }

  private static func appendObject(_ frame: DataFrame, _ keys: [[UInt8]], row i: Int, to out: inout [UInt8]) {
    out += "{".utf8
    for (j, c) in frame.columns.enumerated() {
      if j > 0 { out += ", ".utf8 }
      out += keys[j]
      out += ": ".utf8
      out += value(c.value(at: i)).utf8
    }
    out += "}".utf8
  }

  /// One object per line (NDJSON), for streams.
  public static func encodeLines(_ frame: DataFrame) -> [UInt8] {
    var out: [UInt8] = []
    let keys = frame.columns.map { Array(escape($0.name).utf8) }
    for i in 0..<frame.rowCount {
      appendObject(frame, keys, row: i, to: &out)
      out.append(UInt8(ascii: "\n"))
    }
    return out
  }

  static func value(_ v: Scalar) -> String {
    switch v {
    case .missing: "null"
    case .int(let x): String(x)
    case .double(let x): x.isFinite ? "\(x)" : "null"
    case .bool(let b): b ? "true" : "false"
    case .string, .date, .datetime: escape(ValueFormatter.plain(v))
    }
  }

  /// A JSON string literal.
  static func escape(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
      }
    }
    return out + "\""
  }

  public static func write(_ frame: DataFrame, to path: String) throws {
    try AtomicFile.write(Data(encode(frame)), to: path)
  }
}
