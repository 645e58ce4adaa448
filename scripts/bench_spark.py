#!/usr/bin/env python3
"""seg's Spark Connect client against PySpark's, on the same server and the same plans, in
one run. The server is a local Spark Connect (scripts/spark-connect start, unless
SEG_TEST_SPARK names one); seg is the release build with the Spark trait (built into
.build-spark if missing). seg's times come from `seg run --timings` (each command alone, repeated in one session),
PySpark's from timers around the same calls on a session made beforehand; the best of
`repeat` on both sides, so both count a warm server (the first run of a plan also compiles it).
- head: the first row and the count of the rest (what seg's head prints), on a loaded frame;
- pull: filter, derive and aggregate Online Retail (541,909 rows, the gzipped CSV as the
  cluster reads it) by customer, every row of the result brought back;
- rfm: seg's rfm against the same scores written in PySpark (window ranks, quantile bins);
- kmeans: `cluster kmeans` on `rows` generated rows (three normal blobs in 4 columns, written
  as Parquet by Spark) against PySpark's VectorAssembler + KMeans fit, k=8, Spark's defaults;
  both sides then label every row on the cluster and count the segments.
Usage: bench_spark.py [repeat] [rows]"""
import os, subprocess, sys, tempfile, time

repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000_000
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
scratch = os.path.join(root, ".build-spark")
seg = os.path.join(scratch, "release", "seg")
data = os.path.join(os.path.dirname(root), "shared", "data")
retail = os.path.join(data, "online_retail.csv.gz")
wholesale = os.path.join(data, "wholesale_customers.csv")
if not os.path.exists(retail):
    sys.exit("../shared/data is absent: the benchmark reads online_retail.csv.gz from it")
if not os.path.exists(seg):
    subprocess.check_call(["swift", "build", "-c", "release", "--traits", "Spark", "--scratch-path", scratch, "--product", "seg"], cwd=root)
started = False
if "SEG_TEST_SPARK" not in os.environ:
    out = subprocess.run([os.path.join(root, "scripts", "spark-connect"), "start"], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        key, value = line.removeprefix("export ").split("=", 1)
        os.environ[key] = value
    started = True
address = os.environ["SEG_TEST_SPARK"]
from pyspark.sql import SparkSession, Window, functions as F

work = tempfile.mkdtemp(prefix="seg-bench-spark-")


def seg_times(script):
    """--timings times (seconds) of every command of the script, in order."""
    path = os.path.join(work, "bench.seg")
    open(path, "w").write(script)
    err = subprocess.run([seg, "run", path, "--timings"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    return [float(l.split()[1]) / 1000 for l in err.splitlines() if l.startswith("timing:")]


def best_of(f):
    t = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - start)
    return t


spark = SparkSession.builder.remote(address).getOrCreate()
spark.conf.set("spark.sql.caseSensitive", "true")
spark.conf.set("spark.sql.session.timeZone", "UTC")
results = []

# head: one row and the count, per command.
connect = f'connect spark "{address}"\n'
times = seg_times(connect + f'load "{wholesale}" as w\n' + "head n=1\n" * repeat)[2:]
w = spark.read.csv(wholesale, header=True, inferSchema=True)
def head():
    w.limit(1).toPandas()
    w.count()
results.append(("head (1 row + count)", min(times), best_of(head)))

# pull: a customer summary of the whole of Online Retail, brought back.
script = connect + f'''load "{retail}" as tx
filter CustomerID is not missing and Quantity > 0
derive amount = Quantity * UnitPrice
aggregate orders=nunique(InvoiceNo) spend=sum(amount) items=sum(Quantity) by=CustomerID as customers
''' + "use customers\ncollect as local\n" * repeat
seg_pull = min(seg_times(script)[6::2])
tx = spark.read.csv(retail, header=True, inferSchema=True)
def pull():
    (tx.where(F.col("CustomerID").isNotNull() & (F.col("Quantity") > 0))
       .withColumn("amount", F.col("Quantity") * F.col("UnitPrice"))
       .groupBy("CustomerID").agg(F.countDistinct("InvoiceNo").alias("orders"), F.sum("amount").alias("spend"), F.sum("Quantity").alias("items"))
       .toPandas())
results.append(("pull customer summary", seg_pull, best_of(pull)))

# rfm: scores by quantile bins of first ranks, the segments' table left out of PySpark's
# side (a CASE over eleven ranges costs nothing next to the windows).
script = connect + f'load "{retail}" as tx\n' + (
    "use tx\nrfm customer=CustomerID date=InvoiceDate invoice=InvoiceNo amount=Quantity*UnitPrice where Quantity > 0 as rfm\ncollect as local\n" * repeat)
times = seg_times(script)[2:]
seg_rfm = min(times[i + 1] + times[i + 2] for i in range(0, len(times), 3))
def rfm():
    t = (tx.where(F.col("CustomerID").isNotNull() & (F.col("Quantity") > 0) & F.col("InvoiceDate").isNotNull())
           .withColumn("s", F.unix_timestamp("InvoiceDate")).withColumn("a", F.col("Quantity") * F.col("UnitPrice")))
    asof = t.agg(F.max("s")).first()[0] + 86400
    p = (t.groupBy("CustomerID").agg(F.max("s").alias("last"), F.countDistinct("InvoiceNo").alias("frequency"), F.sum("a").alias("monetary"))
          .withColumn("recency", F.floor((F.lit(asof) - F.col("last")) / 86400)))
    for c in ("recency", "frequency", "monetary"):
        p = p.withColumn("r_" + c, F.row_number().over(Window.orderBy(c, "CustomerID")))
    p = p.withColumn("n", F.count("*").over(Window.orderBy()))
    for c in ("recency", "frequency", "monetary"):
        score = F.lit(1)
        for b in range(1, 5):
            score = score + F.when(F.col("r_" + c) > 1 + (F.col("n") - 1).cast("double") * (b / 5), 1).otherwise(0)
        p = p.withColumn(c[0] + "_score", score)
    p.select("CustomerID", "recency", "frequency", "monetary", "r_score", "f_score", "m_score").toPandas()
results.append(("rfm, pulled", seg_rfm, best_of(rfm)))

# kmeans on generated rows, fitted by Spark ML on both sides (one run each: minutes at 10M).
blobs = os.path.join(work, "blobs.parquet")
(spark.range(rows).withColumn("g", F.col("id") % 3)
   .select(*[(F.randn(seed=j) + F.col("g") * (j + 1)).alias(f"x{j}") for j in range(4)])
   .write.mode("overwrite").parquet(blobs))
times = seg_times(connect + f'load "{blobs}" as b\ncluster kmeans x0 x1 x2 x3 k=8 seed=1 as segment\n')
b = spark.read.parquet(blobs)
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.clustering import KMeans
start = time.perf_counter()
assembled = VectorAssembler(inputCols=[f"x{j}" for j in range(4)], outputCol="features").transform(b)
KMeans(k=8, seed=1).fit(assembled).transform(assembled).groupBy("prediction").count().collect()
results.append((f"kmeans, {rows:,} rows", times[2], time.perf_counter() - start))

print(f"Spark Connect at {address}, best of {repeat} (kmeans: one run each)")
print(f"{'step':<24}{'seg':>10}{'PySpark':>10}{'seg/PySpark':>13}")
for name, s, p in results:
    print(f"{name:<24}{s:>9.3f}s{p:>9.3f}s{s / p:>12.2f}×")
spark.stop()
if started:
    subprocess.run([os.path.join(root, "scripts", "spark-connect"), "stop"], check=False)
