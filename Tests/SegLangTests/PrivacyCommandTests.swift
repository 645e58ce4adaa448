import Foundation
import Testing
@testable import SegEngine
@testable import SegLang

/// roles, reveal, pseudonymise, masked output, exports without personal data, consent.
@Suite struct PrivacyCommandTests {
  static let setup = "sample customers n=200 seed=5 pii=true\n"

  /// Every raw e-mail, phone and name of the sample, to search output for.
  static func personalValues() throws -> [String] {
    let frame = try SampleData.customers(count: 200, seed: 5, personalData: true)
    return try ["full_name", "email", "phone"].flatMap { try frame.column($0).plainTexts.compactMap { $0 } }
  }

  @Test func loadFlagsAndOutputMasks() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "show n=50\ndescribe\ncolumns\nshow email phone where age > 40\n") == "")
    let text = h.output.joined(separator: "\n")
    #expect(text.contains("columns look like personal data"))
    #expect(text.contains("roles full_name=none"))
    let leaked = try Self.personalValues().filter { text.contains($0) }
    #expect(leaked.isEmpty, "leaked: \(leaked.prefix(3))")
  }

  @Test func rolesCanBeClearedAndListed() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "roles full_name=none customer_id=id\nroles\nshow full_name n=1\n") == "")
    let text = h.output.joined(separator: "\n")
    #expect(text.contains("customer_id  id"))
    let first = try SampleData.customers(count: 1, seed: 5, personalData: true).column("full_name").plainTexts[0]!
    #expect(text.contains(first), "a cleared role is shown")
    // Loading again does not flag it again.
    #expect(h.run("sample customers n=10 seed=5 pii=true as again\nroles from=again\n") == "")
    #expect(!h.output.last!.contains("full_name"))
  }

  @Test(arguments: [
    ("roles mail=pii", "customers has no column mail"),
    ("roles email=secret", "a role is one of id, pii, quasi, consent, objection, pseudonym, none"),
    ("roles region=consent", "is neither yes nor no"),
    ("reveal n=3", "reveal works only at the prompt"),
    ("export to \"/tmp/seg_privacy_x.csv\" columns=email", "email is personal data"),
    ("export to \"/tmp/seg_privacy_x\" split=email", "its values would become file names"),
    ("pseudonymise email key_env=SEG_NOT_SET_ANYWHERE", "needs a key in the environment variable SEG_NOT_SET_ANYWHERE"),
    ("pseudonymise email length=8", "length="),
  ])
  func badInputIsRefused(_ line: String, _ message: String) {
    let h = SessionHarness()
    let problems = h.run(Self.setup + line + "\n")
    #expect(problems.contains(message), "\(problems)")
  }

  /// Text made from a personal column is personal; numbers made from one are not.
  @Test func derivedTextOfPersonalColumnsIsPersonal() throws {
    let h = SessionHarness()
    #expect(h.run(Self.setup + "derive contact = lower(email) gmail = contains(email, \"gmail\")\naggregate first_email=first(email) people=count() by=region as by_region\n") == "")
    #expect(h.session.env.catalog.roles["contact"] == .pii)
    #expect(h.session.env.catalog.roles["first_email"] == .pii)
    #expect(h.session.env.catalog.roles["gmail"] == nil)
    #expect(h.session.env.catalog.roles["people"] == nil)
    #expect(h.run("show n=5\nshow contact n=5 from=customers\n") == "")
    let leaked = try Self.personalValues().filter { h.output.joined(separator: "\n").contains($0) }
    #expect(leaked.isEmpty, "\(leaked.prefix(2))")
  }

  @Test func aShortKeyIsRefusedWithoutShowingIt() {
    let h = SessionHarness()
    h.session.environmentVariable = { $0 == "SHORT_KEY" ? "tiny-secret" : nil }
    let problems = h.run(Self.setup + "pseudonymise email key_env=SHORT_KEY\n")
    #expect(problems.contains("too short"))
    #expect(!problems.contains("tiny-secret"))
  }

  /// A personal value typed into a command is masked in what is kept of the command.
  @Test func typedPersonalValuesAreMaskedInWhatIsKept() throws {
    let h = SessionHarness()
    let email = try SampleData.customers(count: 1, seed: 5, personalData: true).column("email").plainTexts[0]!
    let line = "show customer_id where email == \"\(email)\" or region == \"North\""
    #expect(h.run(Self.setup + line + "\n") == "")
    let kept = try #require(h.session.transcript.last)
    #expect(!kept.contains(email))
    #expect(kept.contains("region == \"North\""))
    #expect(kept.contains("== \"\(String(repeating: "*", count: email.utf8.count))\""))
    #expect(!h.session.recordable(line).contains(email))
    #expect(h.output.last!.split(separator: "\n")[2].trimmingCharacters(in: .whitespaces) == "1", "the command itself used the real value")
    // A failing command's diagnostic quotes the line masked, caret still under the mistake.
    let failed = h.run("show customer_id where email == \"\(email)\" and nosuch > 1\n")
    #expect(failed.contains("unknown column \"nosuch\""))
    #expect(!failed.contains(email))
    let cell = "\(h.session.env.recorder.cells.last?.outputs ?? [])"
    #expect(cell.contains("nosuch") && !cell.contains(email))
  }

  @Test func revealShowsAtThePromptAndLeavesNoTrace() throws {
    let h = SessionHarness()
    h.session.isInteractive = true
    #expect(h.run(Self.setup + "reveal email n=2\n") == "")
    let email = try SampleData.customers(count: 1, seed: 5, personalData: true).column("email").plainTexts[0]!
    #expect(h.output.joined().contains(email))
    #expect(!h.session.transcript.contains { $0.hasPrefix("reveal") })
  }

  /// Pseudonyms made apart, with the same key, join; the frames keep no raw id.
  @Test func pseudonymisedKeysJoin() throws {
    let h = SessionHarness()
    let script = """
      sample customers n=50 seed=2
      sample transactions seed=2 as tx
      pseudonymise customer_id from=tx
      use customers
      pseudonymise customer_id
      join tx on=customer_id as both
      """
    #expect(h.run(script + "\n") == "", "\(h.output)")
    let both = try h.session.env.catalog.frame(named: "both")
    let tx = try SampleData.transactions(customers: 50, seed: 2)
    #expect(both.rowCount == tx.rowCount)
    let key = try Pseudonymizer(key: Array(SessionHarness.pseudonymKey.utf8))
    #expect(try both.column("customer_id").value(at: 0) == .string(key.pseudonym("1")))
    #expect(both.roles["customer_id"] == .pseudonym)
  }

  @Test func exportsLeavePersonalDataOutUnlessAsked() throws {
    let dir = NSTemporaryDirectory() + "seg-privacy-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let h = SessionHarness(baseDirectory: dir)
    #expect(h.run(Self.setup + "export to \"plain.csv\"\nexport to \"full.csv\" include_pii=true\n") == "")
    let plain = try String(contentsOfFile: dir + "/plain.csv", encoding: .utf8)
    let full = try String(contentsOfFile: dir + "/full.csv", encoding: .utf8)
    #expect(try Self.personalValues().allSatisfy { !plain.contains($0) })
    #expect(full.contains("email") && plain.split(separator: "\n")[0].split(separator: ",").count == 13)
    let mode = { (path: String) in (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1 }
    #expect(try mode(dir + "/full.csv") == 0o600)
    #expect(try mode(dir + "/plain.csv") == 0o644)
    #expect(h.output.joined().contains("left out full_name, email, phone (personal data)"))
  }

  /// Customers without consent, or who objected, get no action and are counted apart;
  /// consent= on apply rules does the same for one application.
  @Test(arguments: ["roles email_opt_in=consent\napply rules holdout=10% seed=1 as offer", "apply rules holdout=10% seed=1 consent=email_opt_in as offer"])
  func consentKeepsActionsAway(_ applying: String) throws {
    let h = SessionHarness()
    let script = Self.setup + """
      rule "all" when true then offer "gift"
      \(applying)
      coverage offer
      """
    #expect(h.run(script + "\n") == "")
    let frame = try h.session.env.catalog.frame(named: "customers")
    let optIn = try frame.column("email_opt_in"), offer = try frame.column("offer"), holdout = try frame.column("offer_holdout")
    var refused = 0
    for row in 0..<frame.rowCount where optIn.value(at: row) != .bool(true) {
      refused += 1
      #expect(offer.value(at: row) == .missing)
      #expect(holdout.value(at: row) == .bool(false))
    }
    #expect(refused > 0)
    #expect(h.output.joined().contains("\(grouped(refused)) left out (no consent)"))
    #expect(h.output.joined().contains("(no consent)"))
    #expect(h.session.env.catalog.roles["email_opt_in"] == (applying.hasPrefix("roles") ? .consent : nil), "consent= is for one application")
  }
}

/// Small groups, the record of processing.
@Suite struct PublishedStatisticsTests {
  @Test func crosstabSuppressesSmallCells() throws {
    let h = SessionHarness()
    #expect(h.run("sample customers n=300 seed=1\nprivacy min_group=10\ncrosstab region channel as t\ncrosstab region gender values=mean(income)\n") == "")
    let text = h.output.joined(separator: "\n")
    #expect(text.contains("<10: 1 cell of fewer than 10 rows suppressed"))
    #expect(text.contains("<10: 4 cells of fewer than 10 rows suppressed"))
    // The kept table has the suppressed cell missing, the others as counted.
    let kept = try h.session.env.catalog.frame(named: "t")
    let customers = try SampleData.customers(count: 300, seed: 1)
    let region = try customers.column("region"), channel = try customers.column("channel")
    for row in 0..<kept.rowCount {
      let r = kept.columns[0].value(at: row)
      for c in kept.columns.dropFirst() {
        let n = (0..<customers.rowCount).filter { region.value(at: $0) == r && channel.value(at: $0) == .string(c.name) }.count
        #expect(c.value(at: row) == (n > 0 && n < 10 ? .missing : .int(n)), "\(r) \(c.name)")
      }
    }
  }

  /// An export whose quasi-identifiers single out small groups is flagged, with the count
  /// pandas' groupby gives (rows in groups of fewer than min_group).
  @Test func exportsFlagRowsBelowKAnonymity() throws {
    let dir = try ProtectedFilesTests.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let h = SessionHarness(baseDirectory: dir)
    #expect(h.run("sample customers n=500 seed=1\nroles age=quasi region=quasi\nprivacy min_group=5\nexport to \"q.csv\"\n") == "")
    let frame = try SampleData.customers(count: 500, seed: 1)
    var sizes: [String: Int] = [:]
    let age = try frame.column("age").plainTexts, region = try frame.column("region").plainTexts
    for i in 0..<500 { sizes["\(age[i] ?? "·")|\(region[i] ?? "·")", default: 0] += 1 }
    let small = (0..<500).filter { sizes["\(age[$0] ?? "·")|\(region[$0] ?? "·")"]! < 5 }.count
    #expect(h.output.contains { $0.contains("\(plural(small, "row")) share their age, region with fewer than 4 others") })
  }

  @Test func profileHidesSmallSegmentsAndCategories() {
    let h = SessionHarness()
    let script = """
      sample customers n=300 seed=1
      impute age income strategy=median
      cluster kmeans age income web_visits k=6 seed=3 as segment
      privacy min_group=30
      profile segment by=age,income,region
      """
    #expect(h.run(script + "\n") == "")
    let text = h.output.joined(separator: "\n")
    #expect(text.contains("fewer than 30 customers (privacy min_group=30): only sizes are shown"))
    #expect(text.contains("<30"))
    #expect(text.contains("categories of fewer than 30 customers in a segment are left out"))
  }

  @Test func recordOfProcessingGoesIntoTheReport() throws {
    let dir = NSTemporaryDirectory() + "seg-record-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let h = SessionHarness(baseDirectory: dir)
    let script = PrivacyCommandTests.setup + """
      purpose "win back lapsed customers" basis=legitimate_interest retention="13 months"
      roles email_opt_in=consent
      privacy min_group=10
      report "r.md"
      """
    #expect(h.run(script + "\n") == "")
    let md = try String(contentsOfFile: dir + "/r.md", encoding: .utf8)
    #expect(md.contains("### Record of processing"))
    #expect(md.contains("| win back lapsed customers | legitimate interest | 13 months |"))
    #expect(md.contains("| masked personal data | email, full_name, phone |"))
    #expect(md.contains("| consent filter | email_opt_in (consent) |"))
    #expect(md.contains("| smallest group | 10 customers |"))
  }

  @Test(arguments: [
    ("privacy min_group=0", "min_group="),
    ("purpose \"x\"", "purpose needs basis="),
    ("purpose \"x\" basis=because", "basis="),
  ])
  func badSettingsAreRefused(_ line: String, _ message: String) {
    let problems = SessionHarness().run(line + "\n")
    #expect(problems.contains(message), "\(problems)")
  }
}

/// Encrypted exports and models, and erasure.
@Suite struct ProtectedFilesTests {
  static let key = String(repeating: "3c", count: 32)

  static func harness(_ dir: String, key: String? = ProtectedFilesTests.key) -> SessionHarness {
    let h = SessionHarness(baseDirectory: dir)
    h.session.environmentVariable = { name in name == "SEG_ENCRYPTION_KEY" ? key : nil }
    return h
  }

  static func folder() throws -> String {
    let dir = NSTemporaryDirectory() + "seg-protected-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func encryptedExportsAndModelsReadBackWithTheKeyOnly() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let h = Self.harness(dir)
    let script = """
      sample customers n=200 seed=4
      export to "c.parquet" encrypt=true
      export to "c.csv" encrypt=true
      impute age income strategy=median
      cluster kmeans age income k=3 seed=1 as segment
      save model segment "m.json" encrypt=true
      load "c.parquet" as p
      load "c.csv" as c
      load model "m.json" as m
      use c
      assign m
      """
    #expect(h.run(script + "\n") == "")
    let original = try SampleData.customers(count: 200, seed: 4)
    #expect(try h.session.env.catalog.frame(named: "p").columns.map(\.name) == original.columnNames)
    #expect(try h.session.env.catalog.frame(named: "c").rowCount == 200)
    for file in ["c.parquet", "c.csv", "m.json"] {
      let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))
      #expect(EncryptedFile.isEncrypted(data))
      #expect(!String(decoding: data, as: UTF8.self).contains("customer_id"))
      #expect((try FileManager.default.attributesOfItem(atPath: dir + "/" + file)[.posixPermissions] as? Int) == 0o600)
    }
    // The same content and key give the same bytes.
    #expect(Self.harness(dir).run("sample customers n=200 seed=4\nexport to \"again.csv\" encrypt=true\n") == "")
    #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/again.csv")) == Data(contentsOf: URL(fileURLWithPath: dir + "/c.csv")))
    let noKey = Self.harness(dir, key: nil).run("load \"c.csv\"\n")
    #expect(noKey.contains("encrypted files need a key in the environment variable SEG_ENCRYPTION_KEY"))
    let wrongKey = Self.harness(dir, key: String(repeating: "ab", count: 32)).run("load model \"m.json\"\n")
    #expect(wrongKey.contains("cannot be decrypted"))
    let shortKey = Self.harness(dir, key: "abcd").run("load \"c.csv\"\n")
    #expect(shortKey.contains("must be 64 hex digits"))
    #expect(!shortKey.contains("abcd"))
  }

  @Test(arguments: [
    ("sample customers n=5\nexport to \"x.csv\" key_env=OTHER\n", "key_env= is for encrypt=true"),
    ("sample customers n=5\nexport to \"x.csv\"\nload \"x.csv\" key_env=OTHER\n", "key_env= is for an encrypted file"),
    ("sample customers n=5\nexport to sqlite \"x.db\" table=t encrypt=true\n", "encrypt= is for files"),
    ("sample customers n=5\nforget\n", "forget needs ids="),
  ])
  func misusedOptionsAreRefused(_ script: String, _ message: String) throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let problems = Self.harness(dir).run(script)
    #expect(problems.contains(message), "\(problems)")
  }

  /// forget removes the customers from frames and their core samples from a DBSCAN model
  /// file (encrypted or not), and exactly theirs.
  @Test func forgetErasesCustomersFromFramesAndModels() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let h = Self.harness(dir)
    let script = """
      sample customers n=400 seed=2
      impute age income strategy=median
      scale age income web_visits method=zscore
      cluster dbscan age income web_visits eps=0.5 min_samples=5 as segment
      save model segment "m.json"
      save model segment "sealed.json" encrypt=true
      export to "erase.csv" columns=customer_id where customer_id <= 30
      """
    #expect(h.run(script + "\n") == "")
    let clustering = try #require(h.session.env.catalog.clusterings["segment"])
    let cores = try #require(clustering.fit.coreSamples)
    let erasedCores = cores.filter { clustering.input.columns[0].value(at: clustering.rows[$0]).doubleValue! <= 30 }
    let erasedVectors = erasedCores.map { Array(clustering.matrix.row($0)) }
    #expect(!erasedCores.isEmpty)
    #expect(h.run("forget ids=\"erase.csv\" models=\"m.json\",\"sealed.json\"\n") == "")
    #expect(try h.session.env.catalog.frame(named: "customers").rowCount == 370)
    #expect(h.session.env.catalog.clusterings["segment"] == nil)
    #expect(h.output.last!.contains("rewrote m.json (\(erasedCores.count) core samples removed), sealed.json (\(erasedCores.count) core samples removed)"))
    let key = try EncryptedFile.Key(hex: Self.key)
    for (file, sealed) in [("m.json", false), ("sealed.json", true)] {
      var data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))
      if sealed { data = try EncryptedFile.open(data, key: key, path: file) }
      guard case .segmentation(let model) = try ModelFile.decode(data, path: file), case .density(let d) = model.clusterer.rule else {
        Issue.record("not a dbscan model")
        return
      }
      #expect(d.coreLabels.count == cores.count - erasedCores.count)
      for i in 0..<d.coreLabels.count { #expect(!erasedVectors.contains(Array(d.cores[(i * 3)..<(i * 3 + 3)]))) }
    }
  }
}

/// What model files keep of personal data and roles.
@Suite struct ModelPrivacyTests {
  @Test func modelsCarryRolesAndRefusePersonalColumns() throws {
    let dir = try ProtectedFilesTests.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let h = SessionHarness(baseDirectory: dir)
    let script = PrivacyCommandTests.setup + """
      roles age=quasi
      impute age income strategy=median
      cluster kmeans age income k=3 seed=1 as segment
      save model segment "m.json"
      """
    #expect(h.run(script + "\n") == "")
    let json = try String(contentsOfFile: dir + "/m.json", encoding: .utf8)
    #expect(json.contains("\"roles\" : {\n    \"age\" : \"quasi\"\n  }"))
    #expect(!json.contains("customer_data"), "k-means keeps no customer's data")
    let fresh = SessionHarness(baseDirectory: dir)
    #expect(fresh.run("load model \"m.json\" as m\n") == "")
    #expect(fresh.session.env.catalog.roles["age"] == .quasi)
    let refused = h.run("encode full_name method=frequency\ncluster kmeans age full_name k=2 seed=1 as s2\nsave model s2 \"x.json\"\n")
    #expect(refused.contains("s2 reads full_name, which is personal data"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/x.json"))
  }

  @Test func chartsMaskAndSuppress() {
    let h = SessionHarness()
    #expect(h.run(PrivacyCommandTests.setup + "privacy min_group=10\nplot bar full_name\nplot bar gender\n") == "")
    let text = h.output.joined(separator: "\n")
    #expect(text.contains("values of fewer than 10 rows suppressed"))
    let unsuppressed = SessionHarness()
    #expect(unsuppressed.run(PrivacyCommandTests.setup + "plot bar full_name top=3\n") == "")
    #expect(unsuppressed.output.last!.contains("***"))
    for name in SampleData.fakeLastNames { #expect(!(text + unsuppressed.output.last!).contains(name), "no name reaches a chart") }
  }
}
