#!/usr/bin/env python3
"""Data sources, seg against pandas and polars on the same data in one run:
1,000,000 customers (seg's `sample customers`, seeded) read from PostgreSQL (pandas read_sql
through psycopg 3 and SQLAlchemy; polars read_database on the same connection, and through
connectorx), from SQLite (pandas read_sql, polars read_database on sqlite3), from a JSON array
and NDJSON (pandas read_json, polars read_json/read_ndjson), from Parquet as pyarrow writes it
(pyarrow read_table, pandas read_parquet, polars read_parquet), and written to each. seg's times
come from `seg run --timings` (the command alone), the peers' from timers around the call; best
of `repeat` for reads, one run for writes (pandas to_sql takes minutes). Starts a throwaway
PostgreSQL with scripts/postgres unless SEG_TEST_POSTGRES names one.
Usage: bench_sources.py [rows] [repeat]"""
import os, sqlite3, subprocess, sys, tempfile, time, warnings

warnings.filterwarnings("ignore")
rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
seg = os.path.join(root, ".build", "release", "seg")
for pkg, mod in (("pandas", "pandas"), ("polars", "polars"), ("psycopg[binary]", "psycopg"), ("sqlalchemy", "sqlalchemy"), ("connectorx", "connectorx"), ("pyarrow", "pyarrow")):
    try:
        __import__(mod)
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", pkg])
import pandas as pd, polars as pl, sqlalchemy

started = False
if "SEG_TEST_POSTGRES" not in os.environ:
    out = subprocess.run([os.path.join(root, "scripts", "postgres"), "start"], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        key, value = line.removeprefix("export ").split("=", 1)
        os.environ[key] = value
    started = True
url = os.environ["SEG_TEST_POSTGRES"]
work = tempfile.mkdtemp(prefix="seg-bench-sources-")
db, js, nd, pq_path = (os.path.join(work, n) for n in ("shop.db", "customers.json", "customers.ndjson", "customers.parquet"))


def seg_script(text, name="bench.seg"):
    path = os.path.join(work, name)
    open(path, "w").write(text)
    return path


def seg_time(text, runs):
    """Best --timings time of the script's last command."""
    path, best = seg_script(text), float("inf")
    for _ in range(runs):
        err = subprocess.run([seg, "run", path, "--timings"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
        best = min(best, float([l for l in err.splitlines() if l.startswith("timing:")][-1].split()[1]) / 1000)
    return best


def peer_time(fn, runs):
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


subprocess.run([seg, "run", seg_script(f"""sample customers n={rows} seed=1
export to sqlite "{db}" table=customers mode=replace
export to postgres "{url}" table=bench_customers mode=replace
export to "{js}"
export to "{pq_path}"
""", "make.seg")], check=True, stdout=subprocess.DEVNULL)
import pyarrow.parquet as pq
# Parquet as pyarrow writes it by default (snappy, dictionary pages), so seg reads a peer's file.
arrow_pq = os.path.join(work, "arrow.parquet")
pq.write_table(pq.read_table(pq_path), arrow_pq)
# NDJSON, as pandas writes it.
pd.read_json(js).to_json(nd, orient="records", lines=True, date_format="iso")
engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
cx_url = url.replace("@", ":" + os.environ.get("PGPASSWORD", "") + "@", 1)

results = []


def compare(label, seg_seconds, peers):
    for peer, seconds in peers:
        results.append((label, peer, seg_seconds, seconds))


compare("read PostgreSQL", seg_time(f'load postgres "{url}" table=bench_customers', repeat), [
    ("pandas read_sql (psycopg)", peer_time(lambda: pd.read_sql("SELECT * FROM bench_customers", engine), repeat)),
    ("polars read_database (psycopg)", peer_time(lambda: pl.read_database("SELECT * FROM bench_customers", engine), repeat)),
    ("polars read_database_uri (connectorx)", peer_time(lambda: pl.read_database_uri("SELECT * FROM bench_customers", cx_url), repeat)),
])
compare("read SQLite", seg_time(f'load sqlite "{db}" table=customers', repeat), [
    ("pandas read_sql (sqlite3)", peer_time(lambda: pd.read_sql("SELECT * FROM customers", sqlite3.connect(db)), repeat)),
    ("polars read_database (sqlite3)", peer_time(lambda: pl.read_database("SELECT * FROM customers", sqlite3.connect(db)), repeat)),
])
compare("read JSON array", seg_time(f'load "{js}"', repeat), [
    ("pandas read_json", peer_time(lambda: pd.read_json(js), repeat)),
    ("polars read_json", peer_time(lambda: pl.read_json(js), repeat)),
])
compare("read NDJSON", seg_time(f'load "{nd}"', repeat), [
    ("pandas read_json lines", peer_time(lambda: pd.read_json(nd, lines=True), repeat)),
    ("polars read_ndjson", peer_time(lambda: pl.read_ndjson(nd), repeat)),
])
compare("read Parquet", seg_time(f'load "{arrow_pq}"', repeat), [
    ("pyarrow read_table", peer_time(lambda: pq.read_table(arrow_pq), repeat)),
    ("pandas read_parquet (pyarrow)", peer_time(lambda: pd.read_parquet(arrow_pq), repeat)),
    ("polars read_parquet", peer_time(lambda: pl.read_parquet(arrow_pq), repeat)),
])
frame = pd.read_sql("SELECT * FROM customers", sqlite3.connect(db))
pframe = pl.from_pandas(frame)
load_csv = f'sample customers n={rows} seed=1\n'


def pandas_sqlite_write():
    con = sqlite3.connect(os.path.join(work, "pandas.db"))
    frame.to_sql("customers", con, if_exists="replace", index=False)
    con.close()


compare("write SQLite", seg_time(load_csv + f'export to sqlite "{os.path.join(work, "seg.db")}" table=customers mode=replace', 1), [
    ("pandas to_sql (sqlite3)", peer_time(pandas_sqlite_write, 1)),
])
compare("write PostgreSQL", seg_time(load_csv + f'export to postgres "{url}" table=bench_seg mode=replace', 1), [
    ("pandas to_sql (psycopg, multi-row inserts)", peer_time(lambda: frame.to_sql("bench_pandas", engine, if_exists="replace", index=False, method="multi", chunksize=5_000), 1)),
    ("polars write_database (psycopg)", peer_time(lambda: pframe.write_database("bench_polars", engine, if_table_exists="replace"), 1)),
])
arrow_table = pq.read_table(arrow_pq)
compare("write Parquet", seg_time(load_csv + f'export to "{os.path.join(work, "seg_out.parquet")}"', repeat), [
    ("pyarrow write_table", peer_time(lambda: pq.write_table(arrow_table, os.path.join(work, "arrow_out.parquet")), repeat)),
    ("pandas to_parquet (pyarrow)", peer_time(lambda: frame.to_parquet(os.path.join(work, "pandas_out.parquet")), repeat)),
])
compare("write JSON", seg_time(load_csv + f'export to "{os.path.join(work, "seg.json")}"', 1), [
    ("pandas to_json records", peer_time(lambda: frame.to_json(os.path.join(work, "pandas.json"), orient="records"), 1)),
    ("polars write_json", peer_time(lambda: pframe.write_json(os.path.join(work, "polars.json")), 1)),
])

print(f"data sources, {rows:,} customers × 13 columns (best of {repeat} for reads, one run for writes)")
print(f"{'operation':<18} {'peer':<44} {'seg s':>8} {'peer s':>8} {'seg/peer':>9}")
for label, peer, s, p in results:
    print(f"{label:<18} {peer:<44} {s:8.3f} {p:8.3f} {s / p:9.3f}")
if started:
    subprocess.run([os.path.join(root, "scripts", "postgres"), "stop"], check=False, stderr=subprocess.DEVNULL)
