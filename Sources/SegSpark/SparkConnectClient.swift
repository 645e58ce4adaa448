#if Spark
import Dispatch
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SegEngine
import SparkConnectProtocol

/// One session on a Spark Connect server: runs plans and commands over gRPC and brings the
/// Arrow results back. Its calls block the caller (seg's commands are synchronous) while
/// polling the caller's cancellation token, so Ctrl-C interrupts the operation on the server.
final class SparkConnectClient: Sendable {
  let address: SparkConnectAddress
  let sessionID = UUID().uuidString.lowercased()
  private let client: GRPCClient<HTTP2ClientTransport.Posix>
  private let service: Spark_Connect_SparkConnectService.Client<HTTP2ClientTransport.Posix>
  private let connections: Task<Void, Never>
  private let metadata: Metadata
  /// How long one call may take before seg gives up on the server: long fits are slow.
  private static let deadline: Duration = .seconds(6 * 3600)

  init(address: SparkConnectAddress) throws {
    self.address = address
    let transport = try HTTP2ClientTransport.Posix(
      target: .dns(host: address.host, port: address.port),
      transportSecurity: address.useTLS ? .tls : .plaintext)
    client = GRPCClient(transport: transport)
    service = Spark_Connect_SparkConnectService.Client(wrapping: client)
    let running = client
    connections = Task { try? await running.runConnections() }
    var metadata: Metadata = [:]
    if let token = address.token { metadata.addString("Bearer \(token)", forKey: "authorization") }
    self.metadata = metadata
  }

  deinit { client.beginGracefulShutdown() }

  /// Ends the session on the server (its views and cached plans go), then the connection.
  func close() {
    var request = Spark_Connect_ReleaseSessionRequest()
    request.sessionID = sessionID
    request.userContext = userContext
    request.clientType = "seg"
    var quick = CallOptions.defaults
    quick.timeout = .seconds(5)  // a server gone quiet does not hold up disconnect
    let (service, metadata, message, options) = (service, metadata, request, quick)
    _ = try? blocking { try await service.releaseSession(message, metadata: metadata, options: options) }
    client.beginGracefulShutdown()
    connections.cancel()
  }

  private var userContext: Spark_Connect_UserContext {
    var context = Spark_Connect_UserContext()
    context.userID = address.userID
    return context
  }

  private var options: CallOptions {
    var options = CallOptions.defaults
    options.timeout = Self.deadline
    options.maxResponseMessageBytes = 256 << 20
    return options
  }

  /// The server's Spark version (a call that also proves the server answers).
  func sparkVersion() throws -> String {
    var request = Spark_Connect_AnalyzePlanRequest()
    request.sessionID = sessionID
    request.userContext = userContext
    request.clientType = "seg"
    request.sparkVersion = Spark_Connect_AnalyzePlanRequest.SparkVersion()
    let (service, metadata, options, message) = (service, metadata, options, request)
    let response = try blocking { try await service.analyzePlan(message, metadata: metadata, options: options) }
    return response.sparkVersion.version
  }

  /// Sets configuration of this session (not the server's).
  func configure(_ settings: KeyValuePairs<String, String>) throws {
    var set = Spark_Connect_ConfigRequest.Set()
    set.pairs = settings.map { key, value in
      var pair = Spark_Connect_KeyValue()
      pair.key = key
      pair.value = value
      return pair
    }
    var operation = Spark_Connect_ConfigRequest.Operation()
    operation.set = set
    var request = Spark_Connect_ConfigRequest()
    request.sessionID = sessionID
    request.userContext = userContext
    request.clientType = "seg"
    request.operation = operation
    let (service, metadata, options, message) = (service, metadata, options, request)
    _ = try blocking { try await service.config(message, metadata: metadata, options: options) }
  }

  /// Runs a relation and returns its rows.
  func collect(_ relation: Spark_Connect_Relation) throws -> DataFrame {
    var plan = Spark_Connect_Plan()
    plan.root = relation
    var reader = ArrowStreamReader(source: address.description)
    for batch in try execute(plan).batches { try reader.read(Array(batch)) }
    return try reader.frame()
  }

  /// Runs a command (a view, a write, an ML fit) for its effect; what an ML command answered.
  @discardableResult
  func run(_ command: Spark_Connect_Command) throws -> Spark_Connect_MlCommandResult? {
    var plan = Spark_Connect_Plan()
    plan.command = command
    return try execute(plan).ml
  }

  /// Runs a plan; the Arrow batches it answers with, in order, and an ML command's result.
  private func execute(_ plan: Spark_Connect_Plan) throws -> (batches: [Data], ml: Spark_Connect_MlCommandResult?) {
    var request = Spark_Connect_ExecutePlanRequest()
    request.sessionID = sessionID
    request.userContext = userContext
    request.clientType = "seg"
    request.plan = plan
    let operation = UUID().uuidString.lowercased()
    request.operationID = operation
    let (service, metadata, options, message) = (service, metadata, options, request)
    return try blocking(interrupting: operation) {
      try await service.executePlan(message, metadata: metadata, options: options) { response in
        var batches: [Data] = []
        var ml: Spark_Connect_MlCommandResult? = nil
        for try await message in response.messages {
          switch message.responseType {
          case .arrowBatch(let batch)?: batches.append(batch.data)
          case .mlCommandResult(let result)?: ml = result
          default: break
          }
        }
        return (batches, ml)
      }
    }
  }

  /// Asks the server to stop an operation of this session.
  private func interrupt(_ operation: String) {
    var request = Spark_Connect_InterruptRequest()
    request.sessionID = sessionID
    request.userContext = userContext
    request.clientType = "seg"
    request.interruptType = .operationID
    request.operationID = operation
    let (service, metadata, message) = (service, metadata, request)
    Task { _ = try? await service.interrupt(message, metadata: metadata) }
  }

  /// Runs `body` on the gRPC client's tasks and waits for it; when the caller's cancellation
  /// token is raised, interrupts `operation` on the server and throws `interrupted`.
  private func blocking<T: Sendable>(interrupting operation: String? = nil, _ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Outcome<T>()
    let done = DispatchSemaphore(value: 0)
    let task = Task {
      outcome.result = await Result { try await body() }
      done.signal()
    }
    let token = CancellationToken.current
    while done.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
      if token?.isCancelled == true {
        if let operation { interrupt(operation) }
        task.cancel()
        done.wait()
        throw EngineError.interrupted
      }
    }
    do {
      return try outcome.result!.get()
    } catch let error as RPCError {
      throw sparkError(error, address: address)
    }
  }
}

/// The result a blocking call hands from the gRPC task to the waiting thread; the semaphore
/// orders the write before the read.
private final class Outcome<T>: @unchecked Sendable {
  var result: Result<T, any Error>?
}

extension Result where Failure == any Error {
  init(catching body: () async throws -> Success) async {
    do { self = .success(try await body()) } catch { self = .failure(error) }
  }
}

/// What a failed call means to the user: the server is not there, refused the token, or
/// reported an error of Spark's (its message names the problem, such as a missing path).
func sparkError(_ error: RPCError, address: SparkConnectAddress) -> EngineError {
  switch error.code {
  case .unavailable:
    return .io(path: address.description, reason: "no Spark Connect server answers (\(error.message)); start one, or check the address and that its port is open")
  case .unauthenticated, .permissionDenied:
    return .io(path: address.description, reason: "the server refused the credentials (\(error.message)); check the token")
  case .cancelled:
    return .interrupted
  default:
    return .io(path: address.description, reason: "Spark: \(error.message)")
  }
}
#endif
