import Crypto
import Foundation

/// SHA-256 fingerprints of files and bytes (the run manifest's), through swift-crypto.
public enum Fingerprint {
  /// The hex digest of `data`.
  public static func hex(_ data: Data) -> String { Crypto.SHA256.hash(data: data).hexString }

  /// The size and hex digest of a file, read in 1 MB pieces.
  public static func file(_ path: String) throws -> (size: Int, digest: String) {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw EngineError.io(path: path, reason: "cannot read it to fingerprint it (moved or deleted since it was loaded?)")
    }
    defer { try? handle.close() }
    var hasher = Crypto.SHA256()
    var size = 0
    while true {
      let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
      if chunk.isEmpty { break }
      size += chunk.count
      hasher.update(data: chunk)
    }
    return (size, hasher.finalize().hexString)
  }
}

extension Sequence where Element == UInt8 {
  /// Lower-case hex, two digits a byte.
  var hexString: String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    for b in self {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
