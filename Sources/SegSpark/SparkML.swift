#if Spark
import SegEngine
import SparkConnectProtocol

/// Spark ML over Spark Connect (Spark 4's `MlCommand`): an estimator fitted on a relation
/// on the server, the fitted model held there by reference, and what it learned fetched back.
struct SparkML {
  let client: SparkConnectClient

  /// `relation` with its `columns` gathered into one vector column, `features` (VectorAssembler).
  func assembled(_ relation: Spark_Connect_Relation, columns: [String]) -> Spark_Connect_Relation {
    var transform = Spark_Connect_MlRelation.Transform()
    transform.transformer = Self.operator("org.apache.spark.ml.feature.VectorAssembler", uid: "seg_assembler", type: .transformer)
    transform.input = relation
    transform.params = Self.params(["inputCols": .strings(columns), "outputCol": .string("features"), "handleInvalid": .string("error")])
    return Self.relation(transform)
  }

  /// Fits the estimator class on `dataset`; the fitted model's reference on the server.
  func fit(_ estimator: String, params: [String: Value], dataset: Spark_Connect_Relation) throws -> Spark_Connect_ObjectRef {
    var fit = Spark_Connect_MlCommand.Fit()
    fit.estimator = Self.operator(estimator, uid: "seg_" + (estimator.split(separator: ".").last.map(String.init) ?? "estimator"), type: .estimator)
    fit.params = Self.params(params)
    fit.dataset = dataset
    var command = Spark_Connect_MlCommand()
    command.fit = fit
    guard case .operatorInfo(let info)? = try run(command).resultType else { throw Self.malformed("the fit returned no model") }
    return info.objRef
  }

  /// `dataset` with the columns a fitted model adds (`prediction`, and a mixture's `probability`).
  func transformed(_ dataset: Spark_Connect_Relation, by model: Spark_Connect_ObjectRef) -> Spark_Connect_Relation {
    var transform = Spark_Connect_MlRelation.Transform()
    transform.objRef = model
    transform.input = dataset
    return Self.relation(transform)
  }

  private static func relation(_ transform: Spark_Connect_MlRelation.Transform) -> Spark_Connect_Relation {
    var ml = Spark_Connect_MlRelation()
    ml.transform = transform
    var out = Spark_Connect_Relation()
    out.mlRelation = ml
    return out
  }

  /// The metric an evaluator class computes on `dataset`.
  func evaluate(_ evaluator: String, params: [String: Value], dataset: Spark_Connect_Relation) throws -> Double {
    var evaluate = Spark_Connect_MlCommand.Evaluate()
    evaluate.evaluator = Self.operator(evaluator, uid: "seg_evaluator", type: .evaluator)
    evaluate.params = Self.params(params)
    evaluate.dataset = dataset
    var command = Spark_Connect_MlCommand()
    command.evaluate = evaluate
    guard case .param(let literal)? = try run(command).resultType, let value = Self.number(literal) else {
      throw Self.malformed("the evaluator returned no number")
    }
    return value
  }

  /// What a chain of methods of a fitted model returns (`summary`, then `trainingCost`).
  func fetch(_ model: Spark_Connect_ObjectRef, _ methods: [String]) throws -> Spark_Connect_Expression.Literal {
    var fetch = Spark_Connect_Fetch()
    fetch.objRef = model
    fetch.methods = methods.map { name in
      var method = Spark_Connect_Fetch.Method()
      method.method = name
      return method
    }
    var command = Spark_Connect_MlCommand()
    command.fetch = fetch
    guard case .param(let literal)? = try run(command).resultType else { throw Self.malformed("\(methods.joined(separator: ".")) returned nothing") }
    return literal
  }

  /// Frees a fitted model on the server.
  func delete(_ model: Spark_Connect_ObjectRef) {
    var delete = Spark_Connect_MlCommand.Delete()
    delete.objRefs = [model]
    var command = Spark_Connect_MlCommand()
    command.delete = delete
    _ = try? run(command)
  }

  static func number(_ literal: Spark_Connect_Expression.Literal) -> Double? {
    switch literal.literalType {
    case .double(let v)?: v
    case .integer(let v)?: Double(v)
    case .long(let v)?: Double(v)
    default: nil
    }
  }

  /// The parameter values seg sets.
  enum Value {
    case int(Int32), long(Int64), double(Double), string(String), strings([String])
  }

  private func run(_ command: Spark_Connect_MlCommand) throws -> Spark_Connect_MlCommandResult {
    var wrapper = Spark_Connect_Command()
    wrapper.mlCommand = command
    guard let result = try client.run(wrapper) else { throw Self.malformed("an ML command returned no result") }
    return result
  }

  private static func `operator`(_ name: String, uid: String, type: Spark_Connect_MlOperator.OperatorType) -> Spark_Connect_MlOperator {
    var op = Spark_Connect_MlOperator()
    op.name = name
    op.uid = uid
    op.type = type
    return op
  }

  private static func params(_ values: [String: Value]) -> Spark_Connect_MlParams {
    var params = Spark_Connect_MlParams()
    params.params = values.mapValues(literal)
    return params
  }

  private static func literal(_ value: Value) -> Spark_Connect_Expression.Literal {
    var l = Spark_Connect_Expression.Literal()
    switch value {
    case .int(let v): l.integer = v
    case .long(let v): l.long = v
    case .double(let v): l.double = v
    case .string(let v): l.string = v
    case .strings(let v):
      var array = Spark_Connect_Expression.Literal.Array()
      var type = Spark_Connect_DataType()
      type.string = Spark_Connect_DataType.StringMessage()
      array.elementType = type
      array.elements = v.map { literal(.string($0)) }
      l.array = array
    }
    return l
  }

  static func malformed(_ reason: String) -> EngineError { .unsupported("Spark ML: \(reason)") }
}
#endif
