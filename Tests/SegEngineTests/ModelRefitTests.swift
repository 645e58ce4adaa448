import Foundation
import Testing
@testable import SegEngine

/// Refitting a saved segmentation on new customers: the same steps and hyperparameters give
/// the same model on the same customers, and matching keeps numbers and names.
@Suite struct ModelRefitTests {
  @Test(arguments: ["kmeans", "minibatch", "bisecting", "hierarchical", "gmm"])
  func theSameCustomersGiveTheSameModelAgain(_ method: String) throws {
    let given: [String: ParameterValue] = method == "hierarchical" ? ["k": .integer(3)] : ["k": .integer(3), "seed": .integer(7)]
    let (model, labels, raw) = try ModelFileTests.fitted(method: method, given)
    let refit = try ModelRefit(model, on: raw, match: true)
    #expect(refit.model.clusterer.parameters == model.clusterer.parameters)
    #expect(refit.model.pipeline == model.pipeline)
    if method == "hierarchical" {
      // Hierarchical labels new rows by the nearest segment centre, which may differ from the tree's cut.
      #expect(refit.agreement > 0.9)
    } else {
      #expect(refit.labels == labels)
      #expect(refit.agreement == 1)
      #expect(refit.migration.moved == 0)
    }
    #expect(refit.model.names == ["0": "Young"])
  }

  @Test func newCustomersAreMatchedToTheOldSegmentsAndKeepTheirNames() throws {
    let (model, _, _) = try ModelFileTests.fitted()
    let next = try SampleData.customers(count: 600, seed: 11)
    let matched = try ModelRefit(model, on: next, match: true)
    let fresh = try ModelRefit(model, on: next, match: false)
    #expect(matched.agreement == fresh.agreement)
    // Matching numbers segments after the old ones: the labels agree with the old model's
    // more often than the fresh numbering does, or as often.
    let agreeing = { (r: ModelRefit) in zip(r.labels, r.previous).filter { $0 == $1 }.count }
    #expect(agreeing(matched) >= agreeing(fresh))
    #expect(agreeing(matched) > 500)
    #expect(matched.model.names == ["0": "Young"] && fresh.model.names.isEmpty)
    #expect(try matched.frame.column("segment_name").plainTexts.contains("Young"))
    #expect(matched.model.baseline?.rows == 600)
  }

  @Test func hyperparametersReadBackAsTheirTableTakesThem() throws {
    let (model, _, _) = try ModelFileTests.fitted(method: "hierarchical", ["distance": .number(12.5)])
    #expect(try ModelRefit.hyperparameters(of: model.clusterer)["distance"] == .number(12.5))
    #expect(try ModelRefit.hyperparameters(of: model.clusterer)["k"] == nil)
  }
}
