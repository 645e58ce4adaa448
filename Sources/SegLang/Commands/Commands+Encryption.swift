import Foundation
import SegEngine

/// Encrypted files: the options of the commands that write and read them, and the key.
extension CommandTable {
  /// encrypt= and key_env= of the commands that write files (export, save model).
  static let encryptionOptions = [
    OptionSpec("encrypt", .boolean, default: "false", "encrypt the file (AES-256-GCM) with the key in key_env="),
    OptionSpec("key_env", .text, default: "SEG_ENCRYPTION_KEY", "the environment variable holding the 64-hex-digit key"),
  ]
  /// key_env= of the commands that read files, which may be encrypted.
  static let decryptionOption = OptionSpec("key_env", .text, default: "SEG_ENCRYPTION_KEY", "for an encrypted file: the environment variable holding its key")
}

extension Invocation {
  /// The file encryption key from the environment variable key_env= names.
  func encryptionKey() throws -> EncryptedFile.Key {
    let variable = text("key_env") ?? "SEG_ENCRYPTION_KEY"
    let at = arguments.options["key_env"]?.range ?? arguments.options["encrypt"]?.range ?? command.verbRange
    guard let hex = env.environmentVariable(variable), !hex.isEmpty else {
      throw Diagnostic(message: "encrypted files need a key in the environment variable \(variable)", range: at, label: "it is not set",
        help: "set it before starting seg: export \(variable)=$(openssl rand -hex 32); keep it safe: without it the files cannot be read")
    }
    do { return try EncryptedFile.Key(hex: hex) } catch EngineError.invalidParameter(_, _, let reason) {
      throw Diagnostic(message: "the key in \(variable) \(reason)", range: at)
    }
  }

  /// The key to read the file at `path` with: nil unless it is encrypted.
  func decryptionKey(for path: String) throws -> EncryptedFile.Key? {
    EncryptedFile.isEncrypted(path: path) ? try encryptionKey() : nil
  }

  /// Writes files whole or not at all, encrypted when encrypt=true; files with personal data
  /// (and encrypted ones, which may hold it) only their owner may read.
  func writeFiles(_ files: [(path: String, data: Data)], personal: Bool) throws {
    guard bool("encrypt") == true else {
      if let given = arguments.options["key_env"] {
        throw Diagnostic(message: "key_env= is for encrypt=true", range: given.keyRange, label: "add encrypt=true, or leave it out")
      }
      return try AtomicFile.writeAll(files, personal: personal)
    }
    let key = try encryptionKey()
    try AtomicFile.writeAll(try files.map { ($0.path, try EncryptedFile.seal($0.data, key: key)) }, personal: true)
  }

  /// " (encrypted)" when encrypt=true, for messages.
  var encryptedNote: String { bool("encrypt") == true ? " (encrypted)" : "" }
}
