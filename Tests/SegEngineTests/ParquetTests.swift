import Foundation
import Testing
@testable import SegEngine
import SegTestSupport

/// Parquet in and out: files pyarrow and Spark wrote (Reference/parquet, made by
/// scripts/make-reference-parquet.py) read to the values they read; seg's own files read
/// back bit for bit; damaged files give errors, never traps.
struct ParquetTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/parquet").path
  nonisolated(unsafe) static let expected: [String: Any] = {
    guard let data = FileManager.default.contents(atPath: folder + "/expected.json") else { return [:] }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
  }()

  @Test(arguments: [
    ("pyarrow_default", "pyarrow"), ("pyarrow_v2_zstd", "pyarrow"), ("pyarrow_gzip_plain", "pyarrow"),
    ("pyarrow_int96", "pyarrow"), ("pyarrow_groups", "pyarrow"), ("spark", "spark"),
  ])
  func readsWhatPeersWrote(_ file: String, _ reference: String) throws {
    let values = try #require(Self.expected[reference] as? [String: [Any]], "Reference/parquet/expected.json is missing")
    let frame = try ParquetReader.read(path: Self.folder + "/\(file).parquet").frame
    #expect(Set(frame.columnNames) == Set(values.keys))
    for column in frame.columns {
      let wanted = try #require(values[column.name])
      #expect(column.count == wanted.count)
      let wrong = (0..<min(column.count, wanted.count)).filter { !DataSourceFixtures.matches(column.value(at: $0), wanted[$0]) }
      #expect(wrong.isEmpty, "\(file) \(column.name): row \(wrong.first.map { $0 + 1 } ?? 0) is \(wrong.first.map { column.value(at: $0) } ?? .missing), \(reference) read \(wrong.first.map { wanted[$0] } ?? "")")
    }
  }

  @Test func typesAsPeersRead() throws {
    let frame = try ParquetReader.read(path: Self.folder + "/pyarrow_default.parquet").frame
    let types = Dictionary(uniqueKeysWithValues: frame.columns.map { ($0.name, $0.type) })
    #expect(types == ["i64": .int, "i32": .int, "i8": .int, "u16": .int, "f64": .double, "f32": .double, "b": .bool, "s": .string, "u": .string,
      "d": .date, "ts_ms": .datetime, "ts_us": .datetime, "ts_ns": .datetime, "dec": .double, "dec_big": .double])
  }

  /// Real data through seg's writer and reader: the same frame, bit for bit, in every codec.
  @Test(.enabled(if: SharedData.path("wholesale_customers.csv") != nil, "../shared/data is absent; real-data round trips skipped"),
    arguments: DataSourceFixtures.datasets, ParquetWriter.Compression.allCases)
  func roundTrip(_ name: String, _ compression: ParquetWriter.Compression) throws {
    let frame = try DataSourceFixtures.frame(name)
    let bytes = try ParquetWriter.encode(frame, compression: compression)
    let back = try bytes.withUnsafeBufferPointer { try ParquetReader.read(buffer: $0, path: name) }.frame
    #expect(DataSourceFixtures.difference(frame, back) == nil, "\(DataSourceFixtures.difference(frame, back).orSame)")
  }

  @Test func missingValuesOfEveryTypeAndEmptyFrames() throws {
    let frame = try DataFrame(columns: [
      Column.ints("i", [1, nil, 3]), Column.doubles("d", [1.5, .nan, -0.0]), Column.bools("b", [nil, true, false]),
      Column.strings("s", ["x", nil, ""]), Column.dates("day", [nil, -1, 18_000]), Column.datetimes("t", [-1, nil, 1_600_000_000]),
      Column.strings("none", [nil, nil, nil]),
    ])
    let back = try ParquetWriter.encode(frame).withUnsafeBufferPointer { try ParquetReader.read(buffer: $0, path: "m") }.frame
    #expect(dump(back) == "i:int=1|·|3; d:double=1.5|·|-0.0; b:bool=·|true|false; s:string=x|·|; day:date=·|1969-12-31|2019-04-14; t:datetime=1969-12-31 23:59:59|·|2020-09-13 12:26:40; none:double=·|·|·")
    let empty = try frame.filtering(Column.bools("f", [false, false, false]))
    let emptyBack = try ParquetWriter.encode(empty).withUnsafeBufferPointer { try ParquetReader.read(buffer: $0, path: "e") }.frame
    #expect(emptyBack.rowCount == 0 && emptyBack.columnNames == frame.columnNames)
  }

  @Test(arguments: [
    ("refused_nested", "column tags is nested"),
    ("refused_delta", "uses the DELTA_BINARY_PACKED encoding, which seg does not read"),
  ])
  func refusedWithAReason(_ file: String, _ reason: String) {
    #expect { try ParquetReader.read(path: Self.folder + "/\(file).parquet") } throws: {
      ($0 as? EngineError)?.message.contains(reason) == true
    }
  }

  /// A file cut anywhere, or with bytes changed anywhere, reads or fails with a message.
  @Test func damagedFilesFailCleanly() throws {
    let whole = try #require(FileManager.default.contents(atPath: Self.folder + "/pyarrow_default.parquet")).map { $0 }
    var cutErrors = 0
    for length in stride(from: 0, to: whole.count, by: 97) {
      do {
        _ = try Array(whole.prefix(length)).withUnsafeBufferPointer { try ParquetReader.read(buffer: $0, path: "cut") }
      } catch let error as EngineError {
        cutErrors += 1
        #expect(error.message.hasPrefix("cut: "))
      }
    }
    #expect(cutErrors == (whole.count + 96) / 97)
    var generator = SeededGenerator(seed: 19)
    for _ in 0..<400 {
      var bytes = whole
      for _ in 0..<Int.random(in: 1...8, using: &generator) {
        bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
      }
      do {
        _ = try bytes.withUnsafeBufferPointer { try ParquetReader.read(buffer: $0, path: "flipped") }
      } catch is EngineError {
      } catch {
        Issue.record("a damaged file threw \(error)")
      }
    }
  }
}
