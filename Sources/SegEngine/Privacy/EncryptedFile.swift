import Crypto
import Foundation

/// Files encrypted at rest with AES-256-GCM: a readable header line, a 12-byte nonce, the
/// ciphertext and GCM's 16-byte tag, the header authenticated with them. The nonce is
/// derived from the key and the content (a synthetic IV, as AES-GCM-SIV does), so the same
/// content and key give the same bytes on every run and a nonce never repeats for
/// different content under one key.
public enum EncryptedFile {
  /// The first bytes of every encrypted file.
  public static let header = Array("seg encrypted file: AES-256-GCM v1\n".utf8)
  static let nonceBytes = 12
  static let tagBytes = 16

  /// A 256-bit key, given as 64 hex digits (what `openssl rand -hex 32` prints).
  public struct Key: Sendable {
    let encryption: SymmetricKey
    let nonce: SymmetricKey

    public init(hex: String) throws {
      let text = hex.trimmingCharacters(in: .whitespacesAndNewlines)
      var bytes: [UInt8] = []
      var digits = text.utf8.makeIterator()
      while let a = digits.next() {
        guard let b = digits.next(), let hi = Self.nibble(a), let lo = Self.nibble(b) else { bytes = []; break }
        bytes.append(hi << 4 | lo)
      }
      guard bytes.count == 32, text.utf8.count == 64 else {
        throw EngineError.invalidParameter(name: "key", value: "\(text.utf8.count) characters",
          reason: "must be 64 hex digits (256 bits); make one with openssl rand -hex 32")
      }
      let master = SymmetricKey(data: bytes)
      encryption = HKDF<Crypto.SHA256>.deriveKey(inputKeyMaterial: master, info: Data("seg file encryption".utf8), outputByteCount: 32)
      nonce = HKDF<Crypto.SHA256>.deriveKey(inputKeyMaterial: master, info: Data("seg file nonce".utf8), outputByteCount: 32)
    }

    static func nibble(_ c: UInt8) -> UInt8? {
      switch c {
      case 48...57: c - 48
      case 97...102: c - 87
      case 65...70: c - 55
      default: nil
      }
    }
  }

  /// Whether `bytes` start like an encrypted file.
  public static func isEncrypted<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
    bytes.count >= header.count && bytes.prefix(header.count).elementsEqual(header)
  }

  /// Whether the file at `path` is encrypted (false when it cannot be read: its reader says why).
  public static func isEncrypted(path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    return isEncrypted((try? handle.read(upToCount: header.count)) ?? Data())
  }

  /// `plain` encrypted under `key`.
  public static func seal(_ plain: Data, key: Key) throws -> Data {
    let mac = HMAC<Crypto.SHA256>.authenticationCode(for: plain, using: key.nonce)
    let nonce = try AES.GCM.Nonce(data: Array(mac.prefix(nonceBytes)))
    let box = try AES.GCM.seal(plain, using: key.encryption, nonce: nonce, authenticating: Data(header))
    return Data(header) + box.combined!
  }

  /// The content of an encrypted file; an error when the key is wrong or a byte changed.
  public static func open(_ sealed: Data, key: Key, path: String) throws -> Data {
    guard isEncrypted(sealed), sealed.count >= header.count + nonceBytes + tagBytes else {
      throw EngineError.io(path: path, reason: "is not a complete seg encrypted file")
    }
    do {
      let box = try AES.GCM.SealedBox(combined: sealed.dropFirst(header.count))
      return try AES.GCM.open(box, using: key.encryption, authenticating: Data(header))
    } catch {
      throw EngineError.io(path: path, reason: "cannot be decrypted: the key is not the one it was encrypted with, or the file was changed since")
    }
  }
}
