import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// What an XML document holds, read with Foundation's XML parser: the root element, how
/// many of each element, and the text of every element (so a test can look for a title).
public struct XMLShape {
  public var root = ""
  public var count: [String: Int] = [:]
  public var texts: [String] = []
  /// Every element's name and attributes, in document order.
  public var attributes: [(String, [String: String])] = []

  public init(_ text: String) throws {
    let parser = XMLParser(data: Data(text.utf8))
    let delegate = Delegate()
    parser.delegate = delegate
    guard parser.parse() else {
      throw XMLShapeError(message: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
    }
    root = delegate.root ?? ""
    count = delegate.count
    texts = delegate.texts
    attributes = delegate.attributes
  }

  public struct XMLShapeError: Error { public var message: String }

  private final class Delegate: NSObject, XMLParserDelegate {
    var root: String?
    var count: [String: Int] = [:]
    var texts: [String] = []
    var attributes: [(String, [String: String])] = []
    var current = ""
    func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String]) {
      if root == nil { root = name }
      count[name, default: 0] += 1
      attributes.append((name, a))
      current = ""
    }
    func parser(_ p: XMLParser, foundCharacters string: String) { current += string }
    func parser(_ p: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      let t = current.trimmingCharacters(in: .whitespacesAndNewlines)
      if !t.isEmpty { texts.append(t) }
      current = ""
    }
  }
}
