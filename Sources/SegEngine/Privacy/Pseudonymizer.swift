import Crypto
import Foundation

/// Keyed pseudonyms: HMAC-SHA256 of a value's text under a secret key, in hex. The same key
/// gives the same pseudonym on any machine, so frames pseudonymised apart still join; without
/// the key a pseudonym cannot be recomputed from a guessed id, as a plain hash could be.
public struct Pseudonymizer: Sendable {
  /// Keys shorter than this are refused: HMAC-SHA256 keys should carry 128 bits or more.
  public static let minimumKeyBytes = 16
  private let key: SymmetricKey
  /// How many hex digits each pseudonym keeps (64 is the whole digest).
  public let length: Int

  public init(key: [UInt8], length: Int = 64) throws {
    guard key.count >= Self.minimumKeyBytes else {
      throw EngineError.invalidParameter(
        name: "key", value: "\(key.count) bytes",
        reason: "is too short; use a random key of at least \(Self.minimumKeyBytes) bytes (32 hex digits), for example from openssl rand -hex 32")
    }
    guard (16...64).contains(length) else {
      throw EngineError.invalidParameter(name: "length", value: String(length), reason: "must be from 16 to 64 hex digits")
    }
    self.key = SymmetricKey(data: key)
    self.length = length
  }

  /// The pseudonym of `text`.
  public func pseudonym(_ text: String) -> String {
    String(HMAC<Crypto.SHA256>.authenticationCode(for: Data(text.utf8), using: key).hexString.prefix(length))
  }

  /// The column with every value replaced by the pseudonym of its plain text (`ValueFormatter.plain`);
  /// missing stays missing. Text columns pseudonymise each distinct value once.
  public func pseudonymise(_ column: Column) -> Column {
    switch column.storage {
    case .string(let codes, let levels):
      return Column(name: column.name, storage: .string(codes: codes, levels: levels.map(pseudonym)), validity: column.validity)
    default:
      return Column.strings(column.name, column.plainTexts.map { $0.map(pseudonym) })
    }
  }
}
