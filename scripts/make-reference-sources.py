#!/usr/bin/env python3
"""pandas' reading of the same JSON, NDJSON and SQLite files seg reads, in
Tests/SegEngineTests/Reference/sources/: a generated table of every type (with missing
values, text that looks like numbers or dates, non-ASCII text) written by pandas itself
(to_json records and lines, to_sql on sqlite3 with declared types), and what pandas reads
back from each (read_json, read_sql), canonical, in expected.json.
Usage: scripts/make-reference-sources.py"""
import datetime, json, os, sqlite3, subprocess, sys

try:
    import pandas as pd
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "pandas"])
    import pandas as pd

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "Tests", "SegEngineTests", "Reference", "sources")
os.makedirs(out, exist_ok=True)
n = 120
frame = pd.DataFrame({
    "id": range(1, n + 1),
    "age": [None if i % 9 == 0 else 18 + i % 70 for i in range(n)],
    "score": [None if i % 7 == 0 else (i - 40) / 3 for i in range(n)],
    "member": [i % 3 == 0 for i in range(n)],
    "code": [f"{i % 50:05d}" for i in range(n)],
    "city": [None if i % 11 == 0 else ["Lisboa", "Zürich", "Łódź", "São Paulo"][i % 4] for i in range(n)],
    "joined": [(datetime.date(2015, 1, 1) + datetime.timedelta(days=13 * i)).isoformat() for i in range(n)],
})
frame["age"] = frame["age"].astype("Int64")


def canonical(v):
    """A value as seg holds it; doubles written "f:<repr>" so they compare exactly."""
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):
        v = v.item()
    return f"f:{v!r}" if isinstance(v, float) else v


def values(df):
    return {c: [canonical(v) for v in df[c].tolist()] for c in df.columns}


expected = {}
records, lines, db = (os.path.join(out, f) for f in ("records.json", "records.ndjson", "shop.db"))
frame.to_json(records, orient="records", force_ascii=False, double_precision=15)
frame.to_json(lines, orient="records", lines=True, force_ascii=False, double_precision=15)
# Codes stay text (seg keeps a JSON string a string); dates compare as their ISO text;
# precise_float parses numbers correctly rounded, as seg does.
dtypes = {"code": str, "city": str, "joined": str}
expected["records.json"] = values(pd.read_json(records, dtype=dtypes, convert_dates=False, precise_float=True))
expected["records.ndjson"] = values(pd.read_json(lines, lines=True, dtype=dtypes, convert_dates=False, precise_float=True))
if os.path.exists(db):
    os.remove(db)
con = sqlite3.connect(db)
con.execute("CREATE TABLE customers (id INTEGER, age INTEGER, score REAL, member BOOLEAN, code TEXT, city TEXT, joined DATE)")
con.commit()
frame.assign(member=frame.member.astype(int)).to_sql("customers", con, if_exists="append", index=False)
con.close()
con = sqlite3.connect(db)
read = pd.read_sql("SELECT * FROM customers", con)
read["member"] = read["member"].astype(bool)  # sqlite3 gives 0/1; the declared type says boolean
read["age"] = read["age"].astype("Int64")
expected["shop.db"] = values(read)
con.close()
json.dump(expected, open(os.path.join(out, "expected.json"), "w", encoding="utf-8"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
print("wrote", out, sorted(os.listdir(out)))
