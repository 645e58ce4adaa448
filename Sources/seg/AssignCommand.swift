import ArgumentParser
@preconcurrency import CReadline
@preconcurrency import Foundation
import SegEngine

/// `seg assign MODEL.json`: a filter that labels customers streaming through it.
struct Assign: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Label customers streaming through standard input with a saved segmentation model.",
    discussion: """
      Reads CSV (a header line, then one customer per line) or NDJSON (one JSON object per \
      line) on standard input and writes, in the same format, each customer's key, segment \
      label and segment name to standard output, a chunk at a time: memory stays flat however \
      long the stream. The labels are those assign gives in a script.
      """)

  @Argument(help: "The model file save model wrote.") var model: String
  @Option(help: "The column written beside each label (default: the customer key, else the row number).") var key: String?
  @Option(help: "Customers per chunk.") var chunk: Int = 50_000
  @Option(help: "For an encrypted model: the environment variable holding its key.") var keyEnv = "SEG_ENCRYPTION_KEY"

  func validate() throws {
    guard chunk >= 1 else { throw ValidationError("--chunk needs at least 1 customer") }
  }

  func run() throws {
    prepareProcess()
    guard var data = FileManager.default.contents(atPath: model) else {
      fail(ExitStatus.io, "\(model): \(FileManager.default.fileExists(atPath: model) ? "cannot be read" : "no such file")")
    }
    let segmentation: SegmentationModel
    do {
      if EncryptedFile.isEncrypted(data) {
        guard let hex = ProcessInfo.processInfo.environment[keyEnv], !hex.isEmpty else {
          fail(ExitStatus.usage, "\(model) is encrypted; set \(keyEnv) to its key (64 hex digits)")
        }
        data = try EncryptedFile.open(data, key: try EncryptedFile.Key(hex: hex), path: model)
      }
      guard case .segmentation(let m) = try ModelFile.decode(data, path: model) else {
        fail(ExitStatus.usage, "\(model) is not a segmentation; seg assign labels customers with a model save model wrote from a clustering")
      }
      segmentation = m
    } catch {
      fail(ExitStatus.io, (error as? EngineError)?.message ?? "\(model): \(error)")
    }
    var assignment = StreamingAssignment(model: segmentation, key: key)
    assignment.chunkRows = chunk
    do {
      _ = try assignment.run(read: { try StandardStreams.read(upTo: 1 << 20) }, write: StandardStreams.write)
    } catch let failure as StandardStreams.ReadFailure {
      fail(ExitStatus.io, "cannot read standard input: \(failure.reason)")
    } catch let error as EngineError {
      if case .csv = error { fail(ExitStatus.script, error.message) }
      fail(ExitStatus.runtime, error.message)
    }
  }

  /// Ends the process with a message on standard error, as the other subcommands do.
  private func fail(_ status: Int32, _ message: String) -> Never {
    fputs("seg assign: \(VisibleText.escaped(message))\n", seg_stderr())
    Foundation.exit(status)
  }
}
