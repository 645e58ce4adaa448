/// New customers against what a segmentation model remembers of those it was fitted on
/// (`monitor`): drift of its input columns, the shift of its segments' shares, and the
/// share of customers far from every centre.
public struct ModelMonitor: Sendable {
  public let drift: DriftReport
  /// Per segment label (fit-time ones, then any new), the share then and now.
  public let segments: [(label: Int, baseline: Double, current: Double)]
  /// The population stability index of the segment shares.
  public let segmentShift: Double
  /// The share of new customers beyond the fit-time 99th-percentile distance; nil for
  /// models without centres.
  public let farShare: Double?
  /// Per column a fill step filled (in files that record it): the share of missing values
  /// among the fitted customers and among the new ones, and the PSI of the two.
  public let missingness: [(column: String, baseline: Double, current: Double, psi: Double, verdict: DriftVerdict)]

  /// The worst missingness change, by the PSI marks.
  public var missingVerdict: DriftVerdict { missingness.map(\.verdict).max() ?? .stable }

  public var segmentVerdict: DriftVerdict { DriftMethod.psi.verdict(statistic: segmentShift, pValue: nil) }

  /// Stable below 2 % of customers far from every centre (1 % was at fit time), major above 5 %.
  public var farVerdict: DriftVerdict {
    guard let farShare else { return .stable }
    return farShare < 0.02 ? .stable : farShare <= 0.05 ? .moderate : .major
  }

  /// The worst of the four.
  public var verdict: DriftVerdict { max(drift.verdict, segmentVerdict, farVerdict, missingVerdict) }

  public init(_ model: SegmentationModel, baseline: ModelBaseline, frame: DataFrame, method: DriftMethod) throws {
    guard frame.rowCount > 0 else { throw EngineError.emptyInput("the frame has no customers to monitor") }
    let (prepared, matrix, labels) = try model.labelling(frame)
    // A frame prepared already had its missing values filled: there is nothing left to count.
    missingness = frame.pipeline.isEmpty ? try Self.missingness(model.pipeline, frame) : []
    drift = try DriftReport(baselines: baseline.features, current: prepared, method: method, bins: ModelBaseline.bins)
    var counts: [Int: Int] = [:]
    for l in labels { counts[l, default: 0] += 1 }
    let all = baseline.segments + counts.keys.filter { !baseline.segments.contains($0) }.sorted()
    let bins = DriftBins(labels: all.map(String.init),
      baseline: all.map { l in baseline.segments.firstIndex(of: l).map { baseline.segmentCounts[$0] } ?? 0 },
      current: all.map { counts[$0] ?? 0 })
    let b = bins.baselineShares, c = bins.currentShares
    segments = all.indices.map { (all[$0], b[$0], c[$0]) }
    segmentShift = PopulationStability.index(bins)
    if let limit = baseline.distanceLimit, let distances = try ModelBaseline.nearestDistances(model.clusterer, matrix) {
      farShare = Double(distances.filter { $0 > limit }.count) / Double(distances.count)
    } else {
      farShare = nil
    }
  }

  /// What each fill step's record says was missing, against the same column of `frame` before filling.
  static func missingness(_ pipeline: [FittedStep], _ frame: DataFrame) throws -> [(column: String, baseline: Double, current: Double, psi: Double, verdict: DriftVerdict)] {
    pipeline.filter { $0.verb == .impute }.flatMap(\.columns).compactMap { fit in
      guard let missing = fit.parameters["missing"], let rows = fit.parameters["rows"], rows > 0, let column = try? frame.column(fit.input) else { return nil }
      let now = Double(column.absentCount)
      let bins = DriftBins(labels: ["missing", "present"], baseline: [Int(missing), Int(rows - missing)], current: [Int(now), frame.rowCount - Int(now)])
      let psi = PopulationStability.index(bins)
      return (fit.input, missing / rows, now / Double(max(1, frame.rowCount)), psi, DriftMethod.psi.verdict(statistic: psi, pValue: nil))
    }
  }
}
