import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// One meaning per column name: scale and transform in place leave the frame's values alone,
/// models read the columns through the recorded steps, and a replay on new rows reads the
/// same as fitting by hand.
@Suite struct ModelViewTests {
  static let spend: [Double] = [10, 100, 1000, 55, 2.5]

  /// `spend` logged and z-scored in place, with the numbers fitted by hand.
  static func prepared(_ values: [Double] = spend) throws -> (frame: DataFrame, center: Double, scale: Double) {
    var frame = try DataFrame(columns: [.doubles("spend", values), .ints("visits", [1, 2, 3, 4, 5])])
    let logged = PowerTransform.apply(values, method: .log1p, lambda: nil)
    let (center, scale) = try Scaler.fit(logged, method: .zscore)
    frame.pipeline = [
      FittedStep(verb: .transform, method: "log1p", columns: [.init(input: "spend", output: "spend", parameters: [:])]),
      FittedStep(verb: .scale, method: "zscore", columns: [.init(input: "spend", output: "spend", parameters: ["center": center, "scale": scale])]),
    ]
    return (frame, center, scale)
  }

  @Test func theFrameKeepsItsUnitsAndModelsReadThroughTheSteps() throws {
    let (frame, center, scale) = try Self.prepared()
    #expect(try frame.column("spend").doubles() == Self.spend)
    let byHand = Scaler.apply(PowerTransform.apply(Self.spend, method: .log1p, lambda: nil), center: center, scale: scale)
    #expect(try frame.modelColumn("spend").doubles() == byHand)
    #expect(try frame.modelView().column("spend").doubles() == byHand)
    // A column no step touched comes back as it is, type included.
    #expect(try frame.modelColumn("visits").type == .int)
    #expect(frame.preparedColumns == ["spend"])
  }

  @Test func aReplayOnNewRowsEqualsApplyingTheFitByHand() throws {
    let (fitted, center, scale) = try Self.prepared()
    let newSpend: [Double] = [3, 3000, .nan, 41]
    let fresh = try DataFrame(columns: [.doubles("spend", newSpend)])
    let replayed = try fitted.replayPipeline(on: fresh)
    #expect(try replayed.column("spend").doubles()?.map(\.bitPattern) == newSpend.map(\.bitPattern))
    let byHand = Scaler.apply(PowerTransform.apply(newSpend, method: .log1p, lambda: nil), center: center, scale: scale)
    #expect(try replayed.modelColumn("spend").doubles()?.map(\.bitPattern) == byHand.map(\.bitPattern))
  }

  @Test func aStepWithASuffixReadsItsInputAsModelsDoAndNamesItsSource() throws {
    var (frame, _, _) = try Self.prepared()
    let prepared = try frame.modelColumn("spend").doubles()!
    let (center, scale) = try Scaler.fit(prepared, method: .minmax)
    frame.pipeline.append(FittedStep(verb: .scale, method: "minmax", columns: [.init(input: "spend", output: "spend_m", parameters: ["center": center, "scale": scale])]))
    let replayed = try frame.replayPipeline(on: try DataFrame(columns: [.doubles("spend", Self.spend)]))
    #expect(try replayed.column("spend_m").doubles() == Scaler.apply(prepared, center: center, scale: scale))
    #expect(try replayed.column("spend").doubles() == Self.spend)
    #expect(replayed.sourceColumn(of: "spend_m") == "spend")
    #expect(replayed.sourceColumn(of: "spend") == "spend")
    #expect(replayed.sourceColumn(of: "visits") == "visits")
  }

  @Test func aColumnModelsReadPreparedKeepsItsName() throws {
    let (frame, _, _) = try Self.prepared()
    #expect(throws: EngineError.self) { try frame.renaming([("spend", "amount")]) }
    #expect(try frame.renaming([("visits", "web_visits")]).columnNames == ["spend", "web_visits"])
  }

  @Test func aJoinedColumnIsReadByModelsAsBeforeTheJoin() throws {
    var (right, _, _) = try Self.prepared()
    try right.setColumn(.ints("id", [1, 2, 3, 4, 5]))
    let left = try DataFrame(columns: [.ints("id", [5, 4, 3, 2, 1]), .doubles("spend", [0, 0, 0, 0, 0])])
    let joined = try left.joined(with: right, on: ["id"], kind: .left, suffix: "_r")
    // spend clashes, so the right's spend (logged and scaled) arrives as spend_r.
    #expect(try joined.modelColumn("spend_r").doubles() == Array(try right.modelColumn("spend").doubles()!.reversed()))
    #expect(try joined.modelColumn("spend").doubles() == [0, 0, 0, 0, 0])
    #expect(try joined.column("spend_r").doubles() == Array(Self.spend.reversed()))
  }

  @Test func aStepMissingItsNumbersIsRefusedNotTakenAsTheIdentity() throws {
    var frame = try DataFrame(columns: [.doubles("spend", Self.spend)])
    frame.pipeline = [FittedStep(verb: .scale, method: "zscore", columns: [.init(input: "spend", output: "spend", parameters: ["center": 1])])]
    #expect(throws: EngineError.self) { try frame.modelColumn("spend") }
  }

  @Test(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent; the wholesale round trip is skipped"))
  func wholesaleRoundTrip() throws {
    let path = try #require(SharedData.path("wholesale_customers.csv"))
    let raw = try CSVReader.read(path: path).frame
    let columns = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]
    var fitted = raw
    for name in columns {
      let values = try fitted.column(name).doubles()!
      let lambda = try PowerTransform.fit(values, method: .boxcox)
      let transformed = PowerTransform.apply(values, method: .boxcox, lambda: lambda)
      let (center, scale) = try Scaler.fit(transformed, method: .robust)
      fitted.pipeline += [
        FittedStep(verb: .transform, method: "boxcox", columns: [.init(input: name, output: name, parameters: ["lambda": lambda!])]),
        FittedStep(verb: .scale, method: "robust", columns: [.init(input: name, output: name, parameters: ["center": center, "scale": scale])]),
      ]
      #expect(try fitted.modelColumn(name).doubles() == Scaler.apply(transformed, center: center, scale: scale))
    }
    // The first 200 customers replayed alone read as they do inside the whole frame.
    let part = try fitted.replayPipeline(on: raw.gather(Array(0..<200)))
    for name in columns {
      #expect(try part.column(name).doubles() == Array(try raw.column(name).doubles()!.prefix(200)))
      #expect(try part.modelColumn(name).doubles() == Array(try fitted.modelColumn(name).doubles()!.prefix(200)))
    }
  }
}
