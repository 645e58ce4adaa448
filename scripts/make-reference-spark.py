#!/usr/bin/env python3
"""Spark ML references for the Spark backend, in Tests/SegSparkTests/Reference/spark.json:
PySpark's KMeans (VectorAssembler, then KMeans with k, seed and Spark's defaults: k-means||
starts, maxIter 20), BisectingKMeans and GaussianMixture, and ClusteringEvaluator's
silhouette (squared Euclidean, its default) of the k-means labels, on the real data sets, each file read as seg's Spark backend reads it
(CSV with a header row and inferred types): the centres (or a mixture's weights and
log-likelihood), iterations, training cost and every row's prediction in file order. Runs against a Spark Connect server (SEG_TEST_SPARK, or one
scripts/spark-connect starts).
Usage: scripts/make-reference-spark.py"""
import json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.join(os.path.dirname(root), "shared", "data")
out = os.path.join(root, "Tests", "SegSparkTests", "Reference", "spark.json")
started = False
if "SEG_TEST_SPARK" not in os.environ:
    text = subprocess.run([os.path.join(root, "scripts", "spark-connect"), "start"], check=True, capture_output=True, text=True).stdout
    for line in text.splitlines():
        key, value = line.removeprefix("export ").split("=", 1)
        os.environ[key] = value
    started = True
from pyspark.sql import SparkSession, functions as F
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.clustering import KMeans, BisectingKMeans, GaussianMixture
from pyspark.ml.evaluation import ClusteringEvaluator

spark = SparkSession.builder.remote(os.environ["SEG_TEST_SPARK"]).getOrCreate()
spark.conf.set("spark.sql.caseSensitive", "true")
spark.conf.set("spark.sql.session.timeZone", "UTC")
estimators = {"kmeans": KMeans, "bisecting": BisectingKMeans, "gmm": GaussianMixture}
cases = [
    ("kmeans", "wholesale_customers.csv", ["Fresh", "Milk", "Grocery"], 3, 1, None),
    ("kmeans", "wholesale_customers.csv", ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"], 5, 42, 50),
    ("bisecting", "wholesale_customers.csv", ["Fresh", "Milk", "Grocery"], 3, 1, None),
    ("bisecting", "wholesale_customers.csv", ["Fresh", "Milk", "Grocery", "Frozen"], 5, 7, 10),
    ("gmm", "wholesale_customers.csv", ["Fresh", "Milk", "Grocery"], 3, 1, None),
    ("gmm", "wholesale_customers.csv", ["Milk", "Grocery", "Detergents_Paper"], 4, 11, 40),
]
results = {name: [] for name in estimators}
for method, file, columns, k, seed, max_iter in cases:
    df = spark.read.csv(os.path.join(data, file), header=True, inferSchema=True).withColumn("__order", F.monotonically_increasing_id())
    assembled = VectorAssembler(inputCols=columns, outputCol="features").transform(df)
    estimator = estimators[method](k=k, seed=seed, featuresCol="features")
    if max_iter is not None:
        estimator = estimator.setMaxIter(max_iter)
    model = estimator.fit(assembled)
    predicted = model.transform(assembled)
    predictions = [r["prediction"] for r in predicted.orderBy("__order").select("prediction").collect()]
    result = {"file": file, "columns": columns, "k": k, "seed": seed, "max_iter": max_iter,
              "iterations": model.summary.numIter, "predictions": predictions}
    if method == "gmm":
        result["weights"] = [float(w) for w in model.weights]
        result["log_likelihood"] = model.summary.logLikelihood
    else:
        result["centers"] = [[float(x) for x in c] for c in model.clusterCenters()]
        result["cost"] = model.summary.trainingCost
    if method == "kmeans":
        result["silhouette_squared_euclidean"] = ClusteringEvaluator(featuresCol="features", predictionCol="prediction").evaluate(predicted)
    results[method].append(result)
# After `transform … method=log1p` and `scale … method=zscore` (population standard deviation,
# as seg's scale): seg's Spark backend reads the columns through those steps. Bisecting reads
# them uncentred (Spark's bisecting never splits data centred on 0; shifts leave distances
# alone), so its reference divides without subtracting the mean.
prepared = []
for method, columns, k, seed in [("kmeans", ["Fresh", "Milk", "Grocery"], 3, 1), ("bisecting", ["Fresh", "Milk", "Grocery"], 4, 1)]:
    df = spark.read.csv(os.path.join(data, "wholesale_customers.csv"), header=True, inferSchema=True).withColumn("__order", F.monotonically_increasing_id())
    logged = df.select("__order", *[F.log1p(F.col(c).cast("double")).alias(c) for c in columns])
    moments = logged.agg(*[F.avg(c).alias("m_" + c) for c in columns], *[F.stddev_pop(c).alias("s_" + c) for c in columns]).first()
    centre = (lambda c: moments["m_" + c]) if method == "kmeans" else (lambda c: 0.0)
    scaled = logged.select("__order", *[((F.col(c) - F.lit(centre(c))) / F.lit(moments["s_" + c])).alias(c) for c in columns])
    assembled = VectorAssembler(inputCols=columns, outputCol="features").transform(scaled)
    model = estimators[method](k=k, seed=seed, featuresCol="features").fit(assembled)
    predictions = [r["prediction"] for r in model.transform(assembled).orderBy("__order").select("prediction").collect()]
    prepared.append({"method": method, "columns": columns, "k": k, "seed": seed, "steps": "transform method=log1p, scale method=zscore",
                     "iterations": model.summary.numIter, "cost": model.summary.trainingCost, "predictions": predictions})
results["prepared"] = prepared
os.makedirs(os.path.dirname(out), exist_ok=True)
json.dump({"spark": spark.version, **results}, open(out, "w"), indent=1)
print(f"wrote {out}")
spark.stop()
if started:
    subprocess.run([os.path.join(root, "scripts", "spark-connect"), "stop"], check=False)
