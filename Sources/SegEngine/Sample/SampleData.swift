/// Built-in, seeded demo data: a shop's customers and their transactions. Each customer has
/// a hidden persona (bargain hunter, loyal big spender, new, dormant, occasional) that shapes
/// both tables, so segmentation finds real structure. A customer's rows depend only on the
/// seed and the customer's id, so the two tables match for any `n`.
public enum SampleData {
  /// The data sets `sample` can make.
  public static let names = ["customers", "transactions", "outcome"]

  enum Persona: Int, CaseIterable {
    case bargain, loyal, new, dormant, occasional
    static let weights = [0.28, 0.14, 0.18, 0.22, 0.18]
  }

  static let regions = ["North", "South", "East", "West", "Central"]
  static let channels = ["online", "store", "both"]
  static let cities = ["urban", "suburban", "rural"]
  static let categories = ["Home", "Garden", "Kitchen", "Toys", "Books", "Fashion", "Beauty", "Electronics"]
  /// The period transactions cover: 2023-01-01 … 2024-12-31.
  static let firstDay = CivilDate.days(year: 2023, month: 1, day: 1)
  static let lastDay = CivilDate.days(year: 2024, month: 12, day: 31)

  static func generator(seed: UInt64, customer: Int, stream: UInt64) -> SeededGenerator {
    SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(customer) &* 0xD1B5_4A32_D192_ED03 ^ stream)
  }

  static func persona(seed: UInt64, customer: Int) -> Persona {
    var g = generator(seed: seed, customer: customer, stream: 1)
    return Persona(rawValue: g.pick(weights: Persona.weights))!
  }

  /// `count` customers with ids 1…count: demographics, behaviour, some missing values and
  /// outliers; with `personalData`, also a name, an e-mail address and a phone number, all
  /// plainly fake (example.com, the UK's drama range +44 7700 900xxx), to practise privacy.
  public static func customers(count: Int, seed: UInt64, personalData: Bool = false) throws -> DataFrame {
    guard count > 0 else {
      throw EngineError.invalidParameter(name: "n", value: String(count), reason: "must be at least 1")
    }
    // About 225 bytes a customer at the peak, measured at 4 million; the margin covers
    // arrays doubling as they grow.
    try MemoryBudget.require(MemoryBudget.product(count, personalData ? 600 : 300), for: "\(ValueFormatter.grouped(count)) sample customers", hint: "ask for fewer with n=")
    var age = [Int?](), gender = [String?](), region = [String?](), channel = [String?]()
    var income = [Double](), signup = [Int?](), loyalty = [Bool?](), optIn = [Bool?]()
    var visits = [Int?](), satisfaction = [Int?](), city = [String?](), responded = [Bool?]()
    for id in 1...count {
      if id & 0x3FFF == 0 { try CancellationToken.check() }
      let p = persona(seed: seed, customer: id)
      var g = generator(seed: seed, customer: id, stream: 2)
      let baseAge: Double = [34, 47, 31, 52, 41][p.rawValue]
      var a = Int((baseAge + 11 * g.normal()).rounded())
      a = min(max(a, 18), 90)
      if g.uniform() < 0.002 { a = 99 }  // implausible ages, as real forms have
      age.append(g.uniform() < 0.02 ? nil : a)
      gender.append(["F", "M", "X"][g.pick(weights: [0.51, 0.46, 0.03])])
      region.append(regions[g.pick(weights: [0.24, 0.2, 0.18, 0.22, 0.16])])
      let channelWeights: [[Double]] = [[0.6, 0.15, 0.25], [0.3, 0.2, 0.5], [0.7, 0.2, 0.1], [0.3, 0.5, 0.2], [0.4, 0.4, 0.2]]
      channel.append(channels[g.pick(weights: channelWeights[p.rawValue])])
      let medianIncome: Double = [31_000, 78_000, 42_000, 45_000, 50_000][p.rawValue]
      var inc = (medianIncome * Foundation.exp(0.35 * g.normal()) / 10).rounded() * 10
      if g.uniform() < 0.01 { inc *= 12 }  // a few extreme incomes
      income.append(g.uniform() < 0.06 ? .nan : inc)
      let tenureDays: Double = [500, 1400, 120, 1100, 700][p.rawValue]
      let since = lastDay - Int(min(3000, g.exponential(mean: tenureDays)))
      signup.append(since)
      loyalty.append(g.uniform() < [0.25, 0.85, 0.1, 0.3, 0.35][p.rawValue])
      optIn.append(g.uniform() < 0.03 ? nil : g.uniform() < 0.6)
      let visitMean: Double = [9, 6, 4, 0.6, 2][p.rawValue]
      visits.append(Int(g.exponential(mean: visitMean).rounded()))
      let sat = Int((([3.2, 4.3, 3.8, 2.6, 3.5][p.rawValue]) + 0.9 * g.normal()).rounded())
      satisfaction.append(g.uniform() < 0.1 ? nil : min(max(sat, 1), 5))
      city.append(cities[g.pick(weights: [0.45, 0.35, 0.2])])
      // Its own stream, so the other columns are those of samples made before it existed.
      var r = generator(seed: seed, customer: id, stream: 3)
      responded.append(r.uniform() < responseProbability(
        persona: p, emailOptIn: optIn.last! ?? false, webVisits: visits.last!!, loyaltyMember: loyalty.last!! , age: a))
    }
    let contact = personalData ? contactColumns(count: count, seed: seed) : []
    return try DataFrame(columns: [.ints("customer_id", (1...count).map { $0 })] + contact + [
      .ints("age", age), .strings("gender", gender),
      .strings("region", region), .strings("channel", channel), .strings("city_type", city),
      .doubles("income", income), .dates("signup_date", signup), .bools("loyalty_member", loyalty),
      .bools("email_opt_in", optIn), .ints("web_visits", visits), .ints("satisfaction", satisfaction),
      .bools("responded", responded),
    ])
  }

  static let fakeFirstNames = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Niklaus", "Radia", "Tony", "Karen", "Dennis"]
  static let fakeLastNames = ["Example", "Sample", "Placeholder", "Fictional", "Madeup", "Testperson", "Notreal", "Dummy"]

  /// Name, e-mail and phone of each customer, from a stream of its own.
  static func contactColumns(count: Int, seed: UInt64) -> [Column] {
    var names = [String](), emails = [String?](), phones = [String?]()
    for id in 1...count {
      var g = generator(seed: seed, customer: id, stream: 4)
      let first = fakeFirstNames[g.pick(weights: fakeFirstNames.map { _ in 1 })]
      let last = fakeLastNames[g.pick(weights: fakeLastNames.map { _ in 1 })]
      names.append("\(first) \(last)")
      emails.append(g.uniform() < 0.05 ? nil : "\(first.lowercased()).\(last.lowercased())\(id)@example.com")
      let line = Int(g.uniform() * 1000)
      phones.append(g.uniform() < 0.1 ? nil : "+44 7700 900\(String(repeating: "0", count: 3 - String(line).count))\(line)")
    }
    return [.strings("full_name", names), .strings("email", emails), .strings("phone", phones)]
  }

  /// The chance a customer answered the last campaign, a known logistic dependence for
  /// examples to predict: up with an email opt-in, web visits (up to 12) and loyalty
  /// membership, down with age, and by persona (dormant customers rarely answer).
  static func responseProbability(persona: Persona, emailOptIn: Bool, webVisits: Int, loyaltyMember: Bool, age: Int) -> Double {
    let logit = -2.2 + (emailOptIn ? 1.2 : 0) + 0.15 * Double(min(webVisits, 12)) + (loyaltyMember ? 0.8 : 0)
      - 0.02 * Double(age - 45) + [0.3, 0.6, -0.1, -1.3, 0.0][persona.rawValue]
    return 1 / (1 + Foundation.exp(-logit))
  }

  /// The purchases of customers 1…customers, ordered by time: one row per invoice line,
  /// with about 2 % returns (negative quantity).
  public static func transactions(customers: Int, seed: UInt64) throws -> DataFrame {
    guard customers > 0 else {
      throw EngineError.invalidParameter(name: "customers", value: String(customers), reason: "must be at least 1")
    }
    // About 22 lines a customer, 2.3 KB at the peak (measured at 400,000 customers), with a margin.
    try MemoryBudget.require(MemoryBudget.product(customers, 3_000), for: "the purchases of \(ValueFormatter.grouped(customers)) sample customers", hint: "ask for fewer with customers=")
    let catalogue = Catalogue(seed: seed)
    var rows: [(time: Int, invoice: Int, customer: Int, product: Int, quantity: Int, price: Double)] = []
    rows.reserveCapacity(customers * 12)
    for id in 1...customers {
      if id & 0x3FFF == 0 { try CancellationToken.check() }
      let p = persona(seed: seed, customer: id)
      var g = generator(seed: seed, customer: id, stream: 3)
      // Buy till you die, as the lifetime models assume: a first purchase in the persona's
      // window, then purchases at the customer's own Poisson rate, each possibly the last.
      let span = lastDay - firstDay
      let (perYear, dropout, window): (Double, Double, (Double, Double)) = [
        (7, 0.05, (0, 0.7)), (16, 0.015, (0, 0.5)), (5, 0.12, (0.8, 1)), (5, 0.3, (0, 0.4)), (3, 0.06, (0, 0.8)),
      ][p.rawValue]
      let rate = perYear / 365.25 * exp(0.6 * g.normal() - 0.18)
      var day = Double(firstDay) + (window.0 + (window.1 - window.0) * g.uniform()) * Double(span)
      var k = 0
      while day <= Double(lastDay) && k < 300 {
        let time = Int(day) * 86400 + (8 + g.below(12)) * 3600 + g.below(60) * 60
        let lines = 1 + g.below(3)
        for _ in 0..<lines {
          let product = catalogue.pick(&g)
          var quantity = 1 + g.below(3)
          var price = catalogue.prices[product]
          if p == .bargain && g.uniform() < 0.5 { price = (price * 0.7 * 100).rounded() / 100 }
          // Returns come after the first purchase, so every customer has bought something.
          if k > 0 && g.uniform() < 0.02 { quantity = -quantity }
          rows.append((time, id * 1000 + k, id, product, quantity, price))
        }
        k += 1
        if g.uniform() < dropout { break }
        day += -log(1 - g.uniform()) / rate
      }
    }
    rows.sort { ($0.time, $0.invoice) < ($1.time, $1.invoice) }
    return try DataFrame(columns: [
      .ints("invoice_id", rows.map(\.invoice)), .ints("customer_id", rows.map(\.customer)),
      .datetimes("invoice_date", rows.map(\.time)),
      .strings("product_id", rows.map { catalogue.ids[$0.product] }),
      .strings("category", rows.map { categories[catalogue.categories[$0.product]] }),
      .ints("quantity", rows.map(\.quantity)), .doubles("unit_price", rows.map(\.price)),
    ])
  }

  /// 240 products with a category, a price and a popularity.
  struct Catalogue {
    var ids: [String] = []
    var categories: [Int] = []
    var prices: [Double] = []
    var popularity: [Double] = []

    init(seed: UInt64) {
      var g = SeededGenerator(seed: seed ^ 0xCA7A_1090)
      for k in 0..<240 {
        ids.append("P" + String(1000 + k))
        let c = g.below(SampleData.categories.count)
        categories.append(c)
        let base: Double = [18, 25, 22, 15, 12, 35, 20, 90][c]
        prices.append(max(0.99, (base * Foundation.exp(0.5 * g.normal()) * 100).rounded() / 100))
        popularity.append(1 / Double(k % 60 + 1))
      }
    }

    func pick(_ g: inout SeededGenerator) -> Int { g.pick(weights: popularity) }
  }
}

import Foundation
