import Foundation

/// A fitted model as `save model` writes it and `load model` reads it.
public enum FittedModel: Sendable, Equatable {
  /// A segmentation: its preparation, the fitted clustering, names and rules.
  case segmentation(SegmentationModel)
  /// Fitted preparation steps alone, to replay on new rows.
  case pipeline([FittedStep])
  /// A model that predicts a class from other columns.
  case classifier(Classifier)
  /// A buy-till-you-die model (with its spend model) that scores customer summaries.
  case lifetime(LifetimeModel)
}

/// Everything needed to label new customers as the training ones were labelled.
public struct SegmentationModel: Sendable, Equatable {
  /// The label column the model makes, and the columns its clusterer reads.
  public var label: String
  public var columns: [String]
  /// Preparation steps replayed on new rows before clustering, in order.
  public var pipeline: [FittedStep]
  public var clusterer: ClusterModel
  /// Segment names by label ("0": "Dormant").
  public var names: [String: String]
  /// Personalization rules, each as its line of seg (the language reads them back).
  public var rules: [String]
  /// What the model remembers of the customers it was fitted on, for `monitor`; nil in
  /// files saved before seg kept it.
  public var baseline: ModelBaseline?
  /// The privacy roles of the columns it reads (`ColumnRole`), so a session that loads it
  /// treats them as the one that saved it did.
  public var roles: [String: ColumnRole] = [:]

  public init(label: String, columns: [String], pipeline: [FittedStep], clusterer: ClusterModel, names: [String: String], rules: [String],
              baseline: ModelBaseline? = nil) {
    self.label = label
    self.columns = columns
    self.pipeline = pipeline
    self.clusterer = clusterer
    self.names = names
    self.rules = rules
    self.baseline = baseline
  }
}

/// The one model-file format (docs/model-format.md): JSON with sorted keys, a format name,
/// a version and a kind. Reading refuses other JSON, newer versions and any file whose
/// contents do not hold together (array lengths, indices, finite numbers, known kinds), with
/// one "damaged model file" error, so nothing unchecked reaches the kernels.
public enum ModelFile {
  public static let formatName = "seg-model"
  /// The newest version this seg reads. A file is written with the oldest version that
  /// reads it: 3 for a forest (its trees as columns), 2 for the rest.
  public static let currentVersion = 3
  /// Version 1 files (segmentations only) carried this name; they still load.
  static let firstFormatName = "seg-segment-model"

  /// The file's JSON, keys sorted so the same model gives the same bytes.
  public static func encode(_ model: FittedModel) throws -> Data {
    var envelope = Envelope(format: formatName, version: 2)
    // Indented for people to read and diff, except a forest: its file would be mostly the
    // indentation of hundreds of thousands of nodes' numbers, one per line.
    var indented = true
    switch model {
    case .segmentation(let m):
      envelope.kind = "segmentation"
      (envelope.label, envelope.columns, envelope.pipeline, envelope.clusterer, envelope.names, envelope.rules, envelope.baseline) =
        (m.label, m.columns, m.pipeline.map(\.encodable), m.clusterer, m.names, m.rules, m.baseline)
      // Written only when there is something to say, so files without them stay as they were.
      envelope.roles = m.roles.isEmpty ? nil : m.roles
      envelope.customer_data = m.customerLevelData
    case .pipeline(let steps):
      envelope.kind = "pipeline"
      envelope.pipeline = steps.map(\.encodable)
    case .classifier(let classifier):
      envelope.kind = "classifier"
      envelope.classifier = classifier
      if classifier.method == .forest { (envelope.version, indented) = (3, false) }
    case .lifetime(let model):
      envelope.kind = "lifetime"
      envelope.lifetime = model
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = indented ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
    return try encoder.encode(envelope)
  }

  /// Reads and validates a model file; `path` is how errors name it.
  public static func decode(_ data: Data, path: String) throws(EngineError) -> FittedModel {
    // The header alone first: it is read without building the whole document's values.
    let header: Header?
    do {
      header = try JSONDecoder().decode(Header.self, from: data)
    } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
      throw .io(path: path, reason: "is not a seg model file (not valid JSON); save one with save model")
    } catch {
      header = nil
    }
    let format = header?.format
    guard format == formatName || format == firstFormatName, let version = header?.version else {
      throw .io(path: path, reason: "is JSON but not a seg model file (no \"format\": \"\(formatName)\")")
    }
    guard version <= currentVersion else {
      throw .io(path: path, reason: "is a model of format version \(version), newer than this seg reads (\(currentVersion)); update seg")
    }
    let envelope: Envelope
    do {
      let decoder = JSONDecoder()
      decoder.userInfo[versionKey] = version
      envelope = try decoder.decode(Envelope.self, from: data)
    } catch {
      throw damaged(path, describe(error))
    }
    do {
      return try envelope.model()
    } catch let problem as ModelProblem {
      throw damaged(path, problem.text)
    } catch {
      throw damaged(path, "\(error)")
    }
  }

  /// Where the decoder carries the version of the file it reads, for the parts whose shape
  /// changed between versions.
  private static let versionKey = CodingUserInfoKey(rawValue: "seg.modelFileVersion")!

  /// The version of the model file `decoder` reads (the newest when it reads something else).
  static func version(of decoder: Swift.Decoder) -> Int { decoder.userInfo[versionKey] as? Int ?? currentVersion }

  private static func damaged(_ path: String, _ why: String) -> EngineError {
    .io(path: path, reason: "is a damaged seg model file (\(why)); save the model again")
  }

  private static func describe(_ error: Error) -> String {
    if let problem = error as? ModelProblem { return problem.text }
    guard let e = error as? DecodingError else { return "\(error)" }
    switch e {
    case .keyNotFound(let key, let c): return "missing \(path(c.codingPath + [key]))"
    case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): return "bad value at \(path(c.codingPath))"
    @unknown default: return "\(e)"
    }
  }

  private static func path(_ keys: [CodingKey]) -> String {
    keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().trimmingCharacters(in: ["."])
  }

  /// The fields that say whether the file is a seg model this seg reads; absent or of
  /// another type, nil.
  private struct Header: Decodable {
    var format: String?
    var version: Int?

    private enum Keys: String, CodingKey { case format, version }

    init(from decoder: Swift.Decoder) throws {
      let c = try decoder.container(keyedBy: Keys.self)
      format = try? c.decode(String.self, forKey: .format)
      version = try? c.decode(Int.self, forKey: .version)
    }
  }

  /// The file as JSON: one flat object, the kind's fields beside the header.
  private struct Envelope: Codable {
    var format: String
    var version: Int
    var kind: String?
    var label: String?
    var columns: [String]?
    var pipeline: [FittedStep]?
    var clusterer: ClusterModel?
    var names: [String: String]?
    var rules: [String]?
    var baseline: ModelBaseline?
    var roles: [String: ColumnRole]?
    /// What the file holds of individual customers, in words (written, never read back:
    /// the file's contents say it).
    var customer_data: String?
    var classifier: Classifier?
    var lifetime: LifetimeModel?

    init(format: String, version: Int) {
      self.format = format
      self.version = version
    }

    func model() throws -> FittedModel {
      // Version 1 files have no kind: they are segmentations.
      switch kind ?? "segmentation" {
      case "segmentation":
        guard let label, let columns, let clusterer else { throw ModelProblem("a segmentation needs label, columns and clusterer") }
        var model = SegmentationModel(label: label, columns: columns, pipeline: pipeline ?? [], clusterer: clusterer, names: names ?? [:], rules: rules ?? [],
          baseline: baseline)
        model.roles = roles ?? [:]
        try model.validate()
        return .segmentation(model)
      case "pipeline":
        guard let pipeline else { throw ModelProblem("a pipeline needs its steps") }
        for (i, step) in pipeline.enumerated() { try step.validate(at: "pipeline[\(i)]") }
        return .pipeline(pipeline)
      case "classifier":
        guard let classifier else { throw ModelProblem("a classifier model needs its classifier") }
        try classifier.validate()
        return .classifier(classifier)
      case "lifetime":
        guard let lifetime else { throw ModelProblem("a lifetime model needs its lifetime part") }
        try lifetime.validate()
        return .lifetime(lifetime)
      case let other:
        throw ModelProblem("unknown kind \"\(other)\"; this seg reads segmentation, pipeline, classifier and lifetime models")
      }
    }
  }
}

/// Why a decoded model file cannot be used.
struct ModelProblem: Error {
  let text: String
  init(_ text: String) { self.text = text }
}

extension FittedStep {
  /// The step as a file holds it: an unbounded limit (clip with min= only) is left out,
  /// since JSON has no infinity, and reads back as unbounded.
  var encodable: FittedStep {
    var out = self
    out.columns = columns.map { fit in
      var fit = fit
      fit.parameters = fit.parameters.filter { $0.value.isFinite }
      return fit
    }
    return out
  }
}
