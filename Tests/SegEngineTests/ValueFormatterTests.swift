import Testing
@testable import SegEngine

/// Numbers as people read them: significant digits stay significant below 1.
@Suite struct ValueFormatterTests {
  @Test(arguments: [
    (0.000702, 3, "0.000702"),
    (0.0049, 3, "0.0049"),
    (0.00012345, 3, "0.000123"),
    (0.37932, 6, "0.37932"),
    (0.123456789, 6, "0.123457"),
    (-0.0256789, 3, "-0.0257"),
    (11.649, 5, "11.649"),
    (3964.68, 6, "3964.68"),
    (1234567.891, 6, "1234567.89"),
    (8278519.01, 6, "8278519.01"),
    (8278519.0, 6, "8278519"),
    (0.99999999, 3, "1"),
    (0.00009, 3, "9.00e-05"),
    (2.5e15, 3, "2.50e+15"),
    (-0.0000001, 6, "-1.00000e-07"),
    (0.0, 6, "0"),
    (-0.0000000, 6, "0"),
  ])
  func numbersKeepTheirSignificantDigits(_ x: Double, _ significant: Int, _ expected: String) {
    #expect(ValueFormatter.number(x, significant: significant) == expected)
  }
}
