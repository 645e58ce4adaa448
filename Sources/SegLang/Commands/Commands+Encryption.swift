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
    try keyFromEnvironment(default: "SEG_ENCRYPTION_KEY", needing: "encrypted files need", at: arguments.options["encrypt"]?.range,
      help: { "set it before starting seg: export \($0)=$(openssl rand -hex 32); keep it safe: without it the files cannot be read" },
      EncryptedFile.Key.init(hex:))
  }

  /// A key made by `make` from the environment variable key_env= names (`fallback` unless
  /// given). An unset variable, or a key `make` refuses, is an error at key_env= (else at
  /// `at`, else the verb) that never shows the key.
  func keyFromEnvironment<Key>(default fallback: String, needing: String, at: SourceRange?, help: (String) -> String, _ make: (String) throws -> Key) throws -> Key {
    let variable = text("key_env") ?? fallback
    let range = arguments.options["key_env"]?.range ?? at ?? command.verbRange
    guard let text = env.environmentVariable(variable), !text.isEmpty else {
      throw Diagnostic(message: "\(needing) a key in the environment variable \(variable)", range: range, label: "it is not set", help: help(variable))
    }
    do { return try make(text) } catch EngineError.invalidParameter(_, _, let reason) {
      throw Diagnostic(message: "the key in \(variable) \(reason)", range: range)
    }
  }

  /// A model file's bytes, decrypted when it is encrypted, and the key that did it (nil for a
  /// plain file): what load model and forget read.
  func modelFileData(_ raw: String) throws -> (data: Data, key: EncryptedFile.Key?) {
    let path = self.path(raw)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw EngineError.io(path: raw, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
    }
    guard EncryptedFile.isEncrypted(data) else { return (data, nil) }
    let key = try encryptionKey()
    return (try EncryptedFile.open(data, key: key, path: raw), key)
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
