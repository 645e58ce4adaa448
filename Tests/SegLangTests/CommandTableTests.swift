import Foundation
import Testing
@testable import SegLang

@Suite struct CommandTableTests {
  @Test func namesAreUniqueAndDocumented() {
    #expect(Set(CommandTable.names).count == CommandTable.all.count)
    for spec in CommandTable.all {
      #expect(!spec.summary.isEmpty, "\(spec.name) has no summary")
      #expect(spec.explanation.count > 40, "\(spec.name) needs a real explanation")
      #expect(!spec.example.isEmpty, "\(spec.name) has no example")
      for o in spec.options { #expect(!o.doc.isEmpty, "\(spec.name) \(o.name)= has no doc") }
      for p in spec.positionals { #expect(!p.doc.isEmpty, "\(spec.name) <\(p.name)> has no doc") }
    }
  }

  /// A literal default is a value as a script would write it, so it must pass the option's own check.
  @Test(arguments: CommandTable.names)
  func literalDefaultsAreValidValues(_ name: String) throws {
    let spec = try #require(CommandTable.spec(named: name))
    for o in spec.options {
      guard case .literal(let text) = o.defaultValue else { continue }
      let e = try #require(o.literalValue, "\(name) \(o.name)= default \(text) does not parse")
      #expect(throws: Never.self, "\(name) \(o.name)= default \(text)") {
        try ArgumentBinder(spec: spec, variables: [:]).check(e, against: o.kind, what: o.name, variant: nil)
      }
    }
  }

  /// Every help example runs on a fresh session at the prompt without an error (those that
  /// need a cluster run in SegSparkTests, against a Spark Connect server).
  @Test(arguments: CommandTable.names.filter { !CommandTable.clusterVerbs.contains($0) })
  func helpExampleRuns(_ name: String) throws {
    let spec = try #require(CommandTable.spec(named: name))
    let h = SessionHarness()
    h.session.isInteractive = true
    let problems = h.run(spec.example)
    #expect(problems.isEmpty, "example of \(name) failed:\n\(problems)")
    #expect(spec.example.contains(name), "the example of \(name) should use \(name)")
  }

  @Test(arguments: CommandTable.names)
  func helpPageShowsEveryOptionAndDefault(_ name: String) throws {
    let spec = try #require(CommandTable.spec(named: name))
    let page = HelpText.page(for: spec)
    // The usage is wrapped at spaces, never inside a word, to 100 columns.
    let usage = page.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("usage: ") }.prefix { !$0.isEmpty }
    #expect(usage.map { $0.dropFirst(7) }.joined(separator: " ") == spec.usage)
    #expect(usage.allSatisfy { $0.count <= 100 }, "\(usage)")
    for o in spec.options {
      #expect(page.contains("\(o.name)="))
      if let d = o.defaultText { #expect(page.contains("(default: \(d))")) }
    }
    #expect(page.contains("example:"))
  }

  @Test func overviewListsEveryVerbByFamilyOnOneScreen() {
    let text = HelpText.overview()
    #expect(text.split(separator: "\n").count <= 20, "help fits a screen; help all has the rest")
    let words = Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    for family in CommandFamily.allCases { #expect(text.contains(family.rawValue + ":")) }
    for name in CommandTable.names { #expect(words.contains(name), "\(name) is missing from help") }
  }

  @Test func helpAllSaysWhatEachCommandDoes() {
    let text = HelpText.all()
    for spec in CommandTable.all { #expect(text.contains("  \(spec.name)") && text.contains(spec.summary)) }
  }

  @Test func dotHelpShowsEachUsageWhole() {
    let h = SessionHarness()
    _ = h.session.dot(".help")
    for dot in DotCommands.all { #expect(h.output.joined().contains(dot.usage), "\(dot.usage) is cut") }
  }
}
