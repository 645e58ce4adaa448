import Crypto
import Foundation
import Testing
@testable import SegEngine

/// Pseudonyms against RFC 4231's HMAC-SHA256 vectors and Python's hmac; the value checks
/// that find personal data against python-stdnum and ipaddress (Reference/privacy.json,
/// scripts/make-reference-privacy.py); masking, detection by name, consent.
@Suite struct PrivacyTests {
  struct Case: Decodable { var text: String; var valid: Bool }
  struct Pseudonym: Decodable { var text: String; var hex: String }
  struct Sealed: Decodable { var plain: String; var sealed: String }
  struct NIST: Decodable { var key: String; var iv: String; var aad: String; var plain: String; var sealed: String }
  struct Reference: Decodable {
    var key: String; var pseudonyms: [Pseudonym]; var cards: [Case]; var ibans: [Case]; var ipv4: [Case]
    var nist: NIST; var file_key: String; var files: [Sealed]
  }

  static func bytes(_ hex: String) -> Data {
    Data(stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! })
  }

  static let reference: Reference = try! JSONDecoder().decode(
    Reference.self, from: Data(contentsOf: ClusterReferenceTests.folder.appendingPathComponent("privacy.json")))

  /// RFC 4231 test cases 1, 6 and 7 (those whose data is text and whose key is long enough).
  @Test(arguments: [
    ([UInt8](repeating: 0x0b, count: 20), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    ([UInt8](repeating: 0xaa, count: 131), "Test Using Larger Than Block-Size Key - Hash Key First",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ([UInt8](repeating: 0xaa, count: 131),
     "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
  ])
  func hmacMatchesRFC4231(_ key: [UInt8], _ data: String, _ mac: String) throws {
    #expect(try Pseudonymizer(key: key).pseudonym(data) == mac)
    #expect(try Pseudonymizer(key: key, length: 32).pseudonym(data) == String(mac.prefix(32)))
  }

  @Test func pseudonymsMatchPythonHMAC() throws {
    let p = try Pseudonymizer(key: Array(Self.reference.key.utf8))
    for r in Self.reference.pseudonyms { #expect(p.pseudonym(r.text) == r.hex, "\(r.text)") }
  }

  /// A whole-number id and the same id as text get one pseudonym, so frames join on them;
  /// missing stays missing.
  @Test func columnsOfAnyTypePseudonymiseAlike() throws {
    let p = try Pseudonymizer(key: Array(Self.reference.key.utf8))
    let ints = p.pseudonymise(.ints("id", [1, nil, 3]))
    let texts = p.pseudonymise(.strings("id", ["1", nil, "3"]))
    #expect(ints == texts)
    #expect(ints.value(at: 1) == .missing)
    #expect(ints.value(at: 0) == .string(Self.reference.pseudonyms[0].hex))
  }

  @Test(arguments: [0, 4, 15])
  func shortKeysAreRefused(_ bytes: Int) {
    #expect(throws: EngineError.self) { try Pseudonymizer(key: Array(repeating: 7, count: bytes)) }
  }

  /// NIST's AES-256-GCM test case 16, through the same library calls the files use.
  @Test func aesGCMMatchesNIST() throws {
    let v = Self.reference.nist
    let box = try AES.GCM.seal(Self.bytes(v.plain), using: SymmetricKey(data: Self.bytes(v.key)), nonce: AES.GCM.Nonce(data: Self.bytes(v.iv)), authenticating: Self.bytes(v.aad))
    #expect(box.ciphertext + box.tag == Self.bytes(v.sealed))
  }

  /// Encrypted files are byte for byte those Python's cryptography makes by the documented
  /// construction, and open again; a wrong key, a changed byte or a cut file is refused.
  @Test func encryptedFilesMatchPython() throws {
    let key = try EncryptedFile.Key(hex: Self.reference.file_key)
    for f in Self.reference.files {
      let sealed = try EncryptedFile.seal(Data(f.plain.utf8), key: key)
      #expect(sealed == Self.bytes(f.sealed))
      #expect(try EncryptedFile.open(sealed, key: key, path: "f") == Data(f.plain.utf8))
      var changed = sealed
      changed[changed.count - 20] ^= 1
      #expect(throws: EngineError.self) { try EncryptedFile.open(changed, key: key, path: "f") }
      #expect(throws: EngineError.self) { try EncryptedFile.open(sealed.prefix(40), key: key, path: "f") }
      let other = try EncryptedFile.Key(hex: String(repeating: "ab", count: 32))
      #expect(throws: EngineError.self) { try EncryptedFile.open(sealed, key: other, path: "f") }
    }
  }

  @Test(arguments: ["", "abc", String(repeating: "a", count: 63), String(repeating: "g", count: 64), String(repeating: "a", count: 66)])
  func malformedEncryptionKeysAreRefused(_ hex: String) {
    #expect(throws: EngineError.self) { try EncryptedFile.Key(hex: hex) }
  }

  @Test func cardNumbersMatchStdnumLuhn() {
    for c in Self.reference.cards { #expect(PersonalDataPatterns.isCardNumber(Array(c.text.utf8)) == c.valid, "\(c.text)") }
  }

  @Test func ibansMatchStdnumMod97() {
    for c in Self.reference.ibans { #expect(PersonalDataPatterns.isIBAN(Array(c.text.utf8)) == c.valid, "\(c.text)") }
  }

  @Test func ipv4MatchesPythonIpaddress() {
    for c in Self.reference.ipv4 { #expect(PersonalDataPatterns.isIPv4(Array(c.text.utf8)) == c.valid, "\(c.text)") }
  }

  @Test(arguments: [
    ("ada.lovelace@example.com", PersonalDataPatterns.Kind?.some(.email)),
    ("+44 7700 900123", .phone), ("+1 (555) 010-0199", .phone), ("+0 7700 900123", nil), ("07700 900123", nil),
    ("GB82 WEST 1234 5698 7654 32", .iban), ("4111 1111 1111 1111", .card), ("4111 1111 1111 1112", nil),
    ("192.168.10.1", .ipv4), ("2024-01-13", nil), ("not@an", nil), ("North", nil), ("a@b@example.com", nil),
  ])
  func valueKinds(_ text: String, _ kind: PersonalDataPatterns.Kind?) {
    #expect(PersonalDataPatterns.kind(of: text) == kind)
  }

  @Test(arguments: [
    ("email", true), ("E-Mail", true), ("customerEmail", true), ("email_address", true), ("email_opt_in", false),
    ("phone", true), ("home_phone", true), ("phone_verified", false), ("zip_code", true), ("shipping_cost", false),
    ("membership", false), ("full_name", true), ("FirstName", true), ("customer_name", true), ("product_name", false),
    ("segment_name", false), ("name", true), ("date_of_birth", true), ("ip_address", true), ("card_number", true),
    ("card_type", false), ("iban", true), ("region", false), ("income", false), ("customer_id", false),
  ])
  func personalNames(_ name: String, _ personal: Bool) {
    #expect((PersonalDataDetector.personalName(name) != nil) == personal, "\(name)")
  }

  @Test func detectionByValueNeedsMostValuesOfOneKind() throws {
    let emails = (1...50).map { "user\($0)@example.org" }
    let frame = try DataFrame(columns: [
      .strings("contact", emails), .strings("notes", emails.prefix(30) + (1...20).map { "note \($0)" }),
      .ints("pan", (1...50).map { _ in 4_111_111_111_111_111 }), .ints("visits", Array(1...50)),
    ])
    let found = PersonalDataDetector.scan(frame)
    #expect(found.map(\.column) == ["contact", "pan"])
    var decided = frame
    decided.roles["contact"] = .id
    #expect(PersonalDataDetector.scan(decided).map(\.column) == ["pan"], "a column with a role is left alone")
  }

  @Test(arguments: ["karen.sample1@example.com", "+44 7700 900189", "4111 1111 1111 1111", "Karen Sample", "GB82WEST12345698765432", "ab", "7"])
  func masksNeverHoldTheValue(_ text: String) {
    let masked = PersonalDataMask.mask(text)
    #expect(!masked.contains(text))
    #expect(masked.contains("***"))
  }

  @Test func previewsMaskPersonalColumnsUnlessRevealing() throws {
    var frame = try DataFrame(columns: [.ints("id", [1, 2]), .strings("email", ["ada@example.com", nil]), .ints("phone", [447_700_900_123, 447_700_900_124])])
    frame.roles = ["email": .pii, "phone": .pii]
    #expect(Table.preview(frame, limit: 5).rows == [["1", "a***@***.com", "***23"], ["2", "·", "***24"]])
    #expect(Table.preview(frame, limit: 5, revealing: true).rows[0] == ["1", "ada@example.com", "447700900123"])
  }

  /// Roles follow columns through selection, renaming, joins and aggregation.
  @Test func rolesFollowColumns() throws {
    var left = try DataFrame(columns: [.ints("id", [1, 2]), .strings("email", ["a@example.com", "b@example.com"])])
    left.roles = ["email": .pii, "id": .id]
    var right = try DataFrame(columns: [.ints("id", [1, 2]), .strings("phone", ["+44 7700 900123", "+44 7700 900124"])])
    right.roles = ["phone": .pii]
    #expect(try left.selecting(["email"]).roles == ["email": .pii])
    #expect(try left.renaming([("email", "contact")]).roles == ["contact": .pii, "id": .id])
    #expect(try left.joined(with: right, on: ["id"], kind: .inner).roles == ["email": .pii, "id": .id, "phone": .pii])
    #expect(try left.aggregated(by: ["email"], [AggregateSpec(name: "n", function: .count, input: nil)]).roles == ["email": .pii])
  }

  @Test func consentAndObjection() throws {
    var frame = try DataFrame(columns: [
      .strings("opt_in", ["yes", "no", nil, "Y", "true", "1"]), .bools("objected", [false, false, false, true, nil, false]),
    ])
    #expect(try MarketingPermission.refusals(frame) == nil, "no roles, no filter")
    frame.roles = ["opt_in": .consent, "objected": .objection]
    #expect(try MarketingPermission.refusals(frame) == [nil, .noConsent, .noConsent, .objected, nil, nil])
    let bad = Column.strings("opt_in", ["yes", "maybe"])
    #expect(throws: EngineError.self) { try MarketingPermission.answers(bad) }
  }
}
