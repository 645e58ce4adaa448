#!/usr/bin/env python3
"""Spark ML references for the Spark backend, in Tests/SegSparkTests/Reference/spark.json:
PySpark's KMeans (VectorAssembler, then KMeans with k, seed and Spark's defaults: k-means||
starts, maxIter 20) on the real data sets, each file read as seg's Spark backend reads it
(CSV with a header row and inferred types): the centres, iterations, training cost and every
row's prediction in file order. Runs against a Spark Connect server (SEG_TEST_SPARK, or one
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
from pyspark.ml.clustering import KMeans

spark = SparkSession.builder.remote(os.environ["SEG_TEST_SPARK"]).getOrCreate()
spark.conf.set("spark.sql.caseSensitive", "true")
spark.conf.set("spark.sql.session.timeZone", "UTC")
cases = [
    ("wholesale_customers.csv", ["Fresh", "Milk", "Grocery"], 3, 1, None),
    ("wholesale_customers.csv", ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"], 5, 42, 50),
]
results = []
for file, columns, k, seed, max_iter in cases:
    df = spark.read.csv(os.path.join(data, file), header=True, inferSchema=True).withColumn("__order", F.monotonically_increasing_id())
    assembled = VectorAssembler(inputCols=columns, outputCol="features").transform(df)
    km = KMeans(k=k, seed=seed, featuresCol="features")
    if max_iter is not None:
        km = km.setMaxIter(max_iter)
    model = km.fit(assembled)
    predictions = [r["prediction"] for r in model.transform(assembled).orderBy("__order").select("prediction").collect()]
    results.append({
        "file": file, "columns": columns, "k": k, "seed": seed, "max_iter": max_iter,
        "centers": [[float(x) for x in c] for c in model.clusterCenters()],
        "iterations": model.summary.numIter, "cost": model.summary.trainingCost, "predictions": predictions,
    })
os.makedirs(os.path.dirname(out), exist_ok=True)
json.dump({"spark": spark.version, "kmeans": results}, open(out, "w"), indent=1)
print(f"wrote {out}")
spark.stop()
if started:
    subprocess.run([os.path.join(root, "scripts", "spark-connect"), "stop"], check=False)
