#if Spark
import SegEngine

/// A Spark Connect address, `sc://host[:port][/;param=value;…]`, as Spark's clients read it:
/// port 15002 unless given; `use_ssl=true` for TLS; a `token` (which implies TLS) and a
/// `user_id`. The token is never part of `description`.
struct SparkConnectAddress: Sendable, Equatable {
  var host: String
  var port: Int
  var useTLS: Bool
  var token: String?
  var userID: String

  init(_ text: String) throws {
    func bad(_ reason: String) -> EngineError {
      .invalidParameter(name: "address", value: "\"\(Self.withoutToken(text))\"", reason: "\(reason); write sc://host:15002")
    }
    guard text.hasPrefix("sc://") else { throw bad("a Spark Connect address starts with sc://") }
    let rest = text.dropFirst(5)
    let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
    let authority = String(parts[0])
    guard !authority.isEmpty else { throw bad("it names no host") }
    if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
      host = String(authority[..<colon])
      guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else { throw bad("the port is not a number from 1 to 65535") }
      port = p
    } else {
      host = authority
      port = 15002
    }
    host = host.trimmingCharacters(in: ["[", "]"])
    guard !host.isEmpty else { throw bad("it names no host") }
    useTLS = false
    token = nil
    userID = "seg"
    guard parts.count == 2 else { return }
    for parameter in parts[1].split(separator: ";") where !parameter.isEmpty {
      let pair = parameter.split(separator: "=", maxSplits: 1)
      guard pair.count == 2 else { throw bad("\(pair[0]) has no value") }
      let (key, value) = (String(pair[0]), String(pair[1]))
      switch key {
      case "use_ssl": useTLS = value == "true"
      case "token":
        token = value
        useTLS = true
      case "user_id": userID = value
      case "session_id", "user_agent", "grpc_max_message_size": break  // seg sets its own
      default: throw bad("\(key) is not a Spark Connect parameter (use_ssl, token, user_id)")
      }
    }
  }

  /// The address to show: no token.
  var description: String { "sc://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

  /// `text` with any token's value hidden, for messages about an address that did not parse.
  static func withoutToken(_ text: String) -> String {
    guard let range = text.range(of: "token=") else { return text }
    let end = text[range.upperBound...].firstIndex(of: ";") ?? text.endIndex
    return text.replacingCharacters(in: range.upperBound..<end, with: "…")
  }
}
#endif
