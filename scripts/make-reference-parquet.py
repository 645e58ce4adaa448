#!/usr/bin/env python3
"""Parquet interoperability references, in Tests/SegEngineTests/Reference/parquet/:
- files pyarrow writes (one generated table of every type seg reads, with missing values)
  in the layouts people meet: snappy + dictionary + data page v1 (pyarrow's default), data
  page v2 with zstd, gzip with PLAIN only, INT96 timestamps, small row groups and pages;
- two files seg refuses with a message (a nested column; DELTA_BINARY_PACKED);
- a file Spark writes (pyspark in local mode, INT96 timestamps as Spark does by default),
  when pyspark and Java are there;
- the values pyarrow (through pandas; the same from every layout) and Spark read from
  them, canonical, in expected.json;
- a file seg itself writes (`sample customers n=200 seed=1`, exported by the release
  binary), checked here to read in pyarrow as the same table seg's CSV export holds; the
  Swift test checks the writer still makes exactly these bytes.
Usage: scripts/make-reference-parquet.py (needs .build/release/seg)."""
import datetime, decimal, json, os, shutil, subprocess, sys, tempfile

for pkg, mod in (("pyarrow", "pyarrow"), ("pandas", "pandas")):
    try:
        __import__(mod)
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", pkg])
import pandas as pd, pyarrow as pa, pyarrow.parquet as pq

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "Tests", "SegEngineTests", "Reference", "parquet")
os.makedirs(out, exist_ok=True)
n = 200


def canonical(v):
    """A value as seg holds it: timestamps to whole seconds (floored), decimals as doubles
    (written "f:<repr>")."""
    if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
        return None
    if isinstance(v, (pd.Timestamp, datetime.datetime)):
        return pd.Timestamp(v).floor("s").strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        v = float(v)
    if hasattr(v, "item"):
        v = v.item()
    # Doubles as the shortest text that reads back exactly (JSON parsers may round otherwise).
    return f"f:{v!r}" if isinstance(v, float) else v


table = pa.table({
    "i64": pa.array([None if i % 7 == 0 else i * 3 - 100 for i in range(n)], pa.int64()),
    "i32": pa.array([i % 1000 for i in range(n)], pa.int32()),
    "i8": pa.array([i % 100 - 50 for i in range(n)], pa.int8()),
    "u16": pa.array([i * 300 % 65536 for i in range(n)], pa.uint16()),
    "f64": pa.array([None if i % 11 == 0 else (i - 77) / 7.0 for i in range(n)]),
    "f32": pa.array([i / 10 for i in range(n)], pa.float32()),
    "b": pa.array([None if i % 13 == 0 else i % 3 == 0 for i in range(n)]),
    "s": pa.array([None if i % 5 == 0 else f"cust-{i % 37}" for i in range(n)]),
    "u": pa.array([f"unique-{i}-é" for i in range(n)]),
    "d": pa.array([datetime.date(1965, 1, 1) + datetime.timedelta(days=97 * i) for i in range(n)]),
    "ts_ms": pa.array([datetime.datetime(2011, 12, 9, 8, 26) + datetime.timedelta(seconds=37 * i, milliseconds=250) for i in range(n)], pa.timestamp("ms")),
    "ts_us": pa.array([datetime.datetime(1969, 12, 31, 23, 59, 59, 500000) + datetime.timedelta(seconds=i) for i in range(n)], pa.timestamp("us")),
    "ts_ns": pa.array([None if i % 9 == 0 else datetime.datetime(2020, 2, 29) + datetime.timedelta(minutes=i) for i in range(n)], pa.timestamp("ns")),
    "dec": pa.array([None if i % 17 == 0 else decimal.Decimal(i * 7 - 300) / 100 for i in range(n)], pa.decimal128(12, 2)),
    "dec_big": pa.array([decimal.Decimal("-123456789012345678.123") + i for i in range(n)], pa.decimal128(38, 3)),
})
layouts = {
    "pyarrow_default": {},
    "pyarrow_v2_zstd": dict(compression="zstd", data_page_version="2.0"),
    "pyarrow_gzip_plain": dict(compression="gzip", use_dictionary=False),
    "pyarrow_int96": dict(use_deprecated_int96_timestamps=True),
    "pyarrow_groups": dict(row_group_size=64, data_page_size=512),
}
expected = {}
for name, options in layouts.items():
    path = os.path.join(out, name + ".parquet")
    pq.write_table(table, path, **options)
    frame = pq.read_table(path).to_pandas(timestamp_as_object=True, date_as_object=True)
    values = {c: [canonical(v) for v in frame[c].tolist()] for c in frame.columns}
    # Every layout holds the same table; the values are stored once.
    assert expected.setdefault("pyarrow", values) == values, f"pyarrow reads {name} differently"

# What seg refuses, with a message: a nested column, and an encoding it does not read.
pq.write_table(pa.table({"id": [1, 2], "tags": [[1, 2], [3]]}), os.path.join(out, "refused_nested.parquet"))
pq.write_table(pa.table({"id": pa.array(range(50), pa.int64())}), os.path.join(out, "refused_delta.parquet"),
               use_dictionary=False, column_encoding={"id": "DELTA_BINARY_PACKED"})

# Spark, when it can run here (pip's pyspark needs Java).
try:
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T
    spark = (SparkSession.builder.master("local[1]").appName("seg-reference")
             .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false").getOrCreate())
    schema = T.StructType([
        T.StructField("id", T.LongType()), T.StructField("age", T.IntegerType()), T.StructField("score", T.DoubleType()),
        T.StructField("name", T.StringType()), T.StructField("member", T.BooleanType()), T.StructField("joined", T.DateType()),
        T.StructField("seen", T.TimestampType()), T.StructField("spend", T.DecimalType(10, 2)),
    ])
    rows = [(i, None if i % 6 == 0 else 18 + i % 60, None if i % 8 == 0 else i * 1.25 - 3, None if i % 5 == 0 else f"name {i % 23}",
             None if i % 7 == 0 else i % 2 == 0, datetime.date(2015, 3, 1) + datetime.timedelta(days=11 * i),
             datetime.datetime(2019, 6, 1, 12, 0, 0) + datetime.timedelta(seconds=4_321 * i), decimal.Decimal(i * 13 - 500) / 100)
            for i in range(n)]
    folder = tempfile.mkdtemp(prefix="seg-spark-")
    spark.createDataFrame(rows, schema).coalesce(1).write.mode("overwrite").parquet(folder + "/t")
    part = [f for f in os.listdir(folder + "/t") if f.startswith("part-") and f.endswith(".parquet")][0]
    shutil.copy(os.path.join(folder, "t", part), os.path.join(out, "spark.parquet"))
    collected = spark.read.parquet(os.path.join(out, "spark.parquet")).collect()
    expected["spark"] = {c: [canonical(r[c]) for r in collected] for c in schema.fieldNames()}
    spark.stop()
except Exception as e:  # no pyspark or no Java: keep the committed Spark file
    print(f"Spark skipped ({e.__class__.__name__}: {e}); the committed spark.parquet stays", file=sys.stderr)
    old = os.path.join(out, "expected.json")
    if os.path.exists(old):
        expected["spark"] = json.load(open(old)).get("spark")

# seg's own file, read by pyarrow.
seg = os.path.join(root, ".build", "release", "seg")
work = tempfile.mkdtemp(prefix="seg-parquet-")
script = os.path.join(work, "w.seg")
open(script, "w").write(f'sample customers n={n} seed=1\nexport to "{work}/c.parquet"\nexport to "{work}/c.csv"\n')
subprocess.run([seg, "run", script], check=True, stdout=subprocess.DEVNULL)
mine = pq.read_table(f"{work}/c.parquet").to_pandas()
csv = pd.read_csv(f"{work}/c.csv", parse_dates=["signup_date"])
mine["signup_date"] = pd.to_datetime(mine["signup_date"])
for c in csv.columns:
    same = ((mine[c] == csv[c]) | (mine[c].isna() & csv[c].isna())).all()
    assert same, f"pyarrow reads seg's {c} differently"
shutil.copy(f"{work}/c.parquet", os.path.join(out, "seg_customers.parquet"))
expected["seg_customers_pyarrow_types"] = {f.name: str(f.type) for f in pq.read_schema(f"{work}/c.parquet")}

json.dump(expected, open(os.path.join(out, "expected.json"), "w"), sort_keys=True, separators=(",", ":"))
print("wrote", out, sorted(os.listdir(out)))
