import Foundation
import SegEngine

/// The file `save model` writes and `load model` reads: everything needed to label new
/// customers the same way (docs/model-format.md). Versioned: a reader refuses newer files.
struct SegmentModel: Codable {
  static let formatName = "seg-segment-model"
  static let currentVersion = 1

  var format = formatName
  var version = currentVersion
  /// The label column the model makes, and the columns its clusterer reads.
  var label: String
  var columns: [String]
  /// Preparation steps replayed on new rows before clustering, in order.
  var pipeline: [FittedStep]
  var clusterer: ClusterModel
  /// Segment names by label ("0": "Dormant").
  var names: [String: String]
  /// Personalization rules, each as its line of seg.
  var rules: [String]

  func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(self)
  }

  /// Reads a model file, refusing files of another kind or a newer version.
  static func read(_ data: Data, path: String) throws -> SegmentModel {
    guard let json = try? JSONSerialization.jsonObject(with: data) else {
      throw EngineError.io(path: path, reason: "is not a seg model file (not valid JSON); save one with save model")
    }
    let header = json as? [String: Any]
    guard header?["format"] as? String == formatName, let version = header?["version"] as? Int else {
      throw EngineError.io(path: path, reason: "is JSON but not a seg model file (no \"format\": \"\(formatName)\")")
    }
    guard version <= currentVersion else {
      throw EngineError.io(path: path, reason: "is a model of format version \(version), newer than this seg reads (\(currentVersion)); update seg")
    }
    do {
      return try JSONDecoder().decode(SegmentModel.self, from: data)
    } catch {
      throw EngineError.io(path: path, reason: "is a damaged seg model file (\(Self.describe(error)))")
    }
  }

  private static func describe(_ error: Error) -> String {
    guard let e = error as? DecodingError else { return "\(error)" }
    switch e {
    case .keyNotFound(let key, let c): return "missing \(Self.path(c.codingPath + [key]))"
    case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): return "bad value at \(Self.path(c.codingPath))"
    @unknown default: return "\(e)"
    }
  }

  private static func path(_ keys: [CodingKey]) -> String {
    keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().trimmingCharacters(in: ["."])
  }
}
