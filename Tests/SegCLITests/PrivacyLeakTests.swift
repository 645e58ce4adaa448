import Foundation
import SegEngine
import Testing

/// The workshop flow on customers with names, e-mail addresses and phone numbers, through the
/// real binary: afterwards no file written, no output, no report, no saved script and no
/// history holds any raw personal value, unless include_pii=true or reveal asked for it.
@Suite(.serialized) struct PrivacyLeakTests {
  static let customers = 400
  static let key = String(repeating: "5e", count: 32)

  /// Every raw name, e-mail and phone of the sample.
  static let personalValues: [String] = {
    let frame = try! SampleData.customers(count: customers, seed: 11, personalData: true)
    return ["full_name", "email", "phone"].flatMap { try! Set(frame.column($0).plainTexts.compactMap { $0 }).sorted() }
  }()

  static func leaks(in text: String) -> [String] { personalValues.filter { text.contains($0) } }

  /// Every file under `folder`, as text (encrypted ones as the bytes they are).
  static func files(under folder: URL) throws -> [(name: String, text: String)] {
    let names = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
    return try names.sorted().compactMap { name in
      var isFolder: ObjCBool = false
      let path = folder.appendingPathComponent(name).path
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
      return (name, String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
    }
  }

  static func folder(_ tag: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-leak-\(tag)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test func aScriptLeaksNothing() throws {
    let folder = try Self.folder("script")
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = """
      sample customers n=\(Self.customers) seed=11 pii=true
      show n=40
      head
      describe
      columns
      roles email_opt_in=consent
      impute age income strategy=median
      scale age income web_visits method=zscore
      cluster kmeans age income web_visits k=4 seed=1 as segment
      profile segment by=age,income,region,full_name key=email
      crosstab segment region
      aggregate customers=count() by=segment
      show
      use customers
      rule "vip" when segment == 1 then offer "early_access"
      rule "rest" when true then offer "newsletter"
      apply rules holdout=10% seed=3 as offer
      coverage offer
      plot bar segment
      export to "plain.csv"
      export to "plain.parquet"
      export to "campaign" split=offer
      export to "secret.csv" include_pii=true encrypt=true
      save model segment "model.json"
      report "report.html"
      report "report.md"
      """
    try script.write(to: folder.appendingPathComponent("workshop.seg"), atomically: true, encoding: .utf8)
    let r = try SegBinary.run(["run", "workshop.seg"], environment: ["SEG_ENCRYPTION_KEY": Self.key], directory: folder)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("k***@***.com") || r.stdout.contains("@***.com"), "masked values are shown")
    #expect(Self.leaks(in: r.stdout + r.stderr).isEmpty, "output leaked \(Self.leaks(in: r.stdout + r.stderr).prefix(3))")
    let written = try Self.files(under: folder)
    #expect(written.count >= 8)
    for (name, text) in written { #expect(Self.leaks(in: text).isEmpty, "\(name) leaked \(Self.leaks(in: text).prefix(3))") }
    // The campaign files hold only customers who consented.
    let frame = try SampleData.customers(count: Self.customers, seed: 11, personalData: true)
    let optIn = try frame.column("email_opt_in")
    for (name, text) in written where name.hasPrefix("campaign/") {
      for line in text.split(separator: "\n").dropFirst() {
        let id = Int(line.prefix { $0 != "," })!
        #expect(optIn.value(at: id - 1) == .bool(true), "\(name): customer \(id) did not consent")
      }
    }
    // include_pii=true did keep them, behind the key.
    let back = try SegBinary.run(["run", "-"], stdin: "load \"secret.csv\"\nexport to \"again.csv\" include_pii=true\n",
      environment: ["SEG_ENCRYPTION_KEY": Self.key], directory: folder)
    #expect(back.status == 0, "\(back.stderr)")
    let again = try String(contentsOf: folder.appendingPathComponent("again.csv"), encoding: .utf8)
    #expect(Self.leaks(in: again).count == Self.personalValues.count)
  }

  @Test func theREPLRevealsOnlyToThePersonAtIt() throws {
    let home = try Self.folder("repl")
    defer { try? FileManager.default.removeItem(at: home) }
    let environment = [
      "TERM": "xterm", "HOME": home.path, "SEG_HISTORY": home.appendingPathComponent("history").path,
      "INPUTRC": "/dev/null", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "SEG_TODAY": "2025-01-01",
    ]
    let t = try PseudoTerminal(environment: environment)
    #expect(t.wait(for: "seg[1]> "))
    for line in ["sample customers n=\(Self.customers) seed=11 pii=true", "show email phone n=5", "reveal email n=2"] {
      t.type(line + "\r")
    }
    let first = try SampleData.customers(count: 1, seed: 11, personalData: true).column("email").plainTexts[0]!
    #expect(t.wait(for: first), "reveal showed nothing: \(t.transcript)")
    t.type(".save \(home.path)/saved.seg\r")
    #expect(t.wait(for: "saved.seg"))
    t.type("report \"\(home.path)/r.html\"\r")
    #expect(t.wait(for: "r.html"))
    t.type(".quit\r")
    #expect(t.finish() == 0)
    let before = t.transcript.components(separatedBy: "reveal email").first ?? ""
    #expect(Self.leaks(in: before).isEmpty)
    for (name, text) in try Self.files(under: home) { #expect(Self.leaks(in: text).isEmpty, "\(name) leaked \(Self.leaks(in: text).prefix(3))") }
    let saved = try String(contentsOf: home.appendingPathComponent("saved.seg"), encoding: .utf8)
    #expect(!saved.contains("reveal"))
    #expect(saved.contains("show email phone"))
  }
}
