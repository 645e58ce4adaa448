#!/usr/bin/env python3
"""Arrow IPC stream references, in Tests/SegEngineTests/Reference/arrow/:
- types.arrows: a generated table of every Arrow type seg reads (signed and unsigned
  integers of each width, float32/64, utf8 and large_utf8, bool, date32 and date64,
  timestamps in each unit with and without a zone, decimal128, an all-null column), with
  missing values, written by pyarrow in three record batches;
- refused_dictionary.arrows and refused_list.arrows: streams seg refuses with a message;
- expected.json: the values of types.arrows as seg means them (dates and whole seconds,
  floored; decimals as doubles), read back by pyarrow.
Usage: scripts/make-reference-arrow.py"""
import datetime, decimal, json, os, subprocess, sys

try:
    import pyarrow as pa
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "pyarrow"])
    import pyarrow as pa

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "Tests", "SegEngineTests", "Reference", "arrow")
os.makedirs(out, exist_ok=True)
n = 50
def some(values):
    return [None if i % 7 == 3 else v for i, v in enumerate(values)]

epoch = datetime.datetime(1970, 1, 1)
stamps = [epoch + datetime.timedelta(seconds=-86_400 * 400 + i * 7_777_777, microseconds=(i * 123_457) % 1_000_000) for i in range(n)]
columns = {
    "i8": pa.array(some([(i * 37) % 256 - 128 for i in range(n)]), pa.int8()),
    "i16": pa.array(some([(i * 4_099) % 65_536 - 32_768 for i in range(n)]), pa.int16()),
    "i32": pa.array(some([(i * 86_028_121) % 2**32 - 2**31 for i in range(n)]), pa.int32()),
    "i64": pa.array(some([(i * 6_364_136_223_846_793_005) % 2**64 - 2**63 for i in range(n)]), pa.int64()),
    "u8": pa.array(some([(i * 37) % 256 for i in range(n)]), pa.uint8()),
    "u32": pa.array(some([(i * 86_028_121) % 2**32 for i in range(n)]), pa.uint32()),
    "u64": pa.array(some([(i * 1_000_003) % 2**62 for i in range(n)]), pa.uint64()),
    "f32": pa.array(some([i * 0.375 - 7.5 for i in range(n)]), pa.float32()),
    "f64": pa.array(some([(i - 25) / 3.0 for i in range(n)]), pa.float64()),
    "text": pa.array(some([["Nord", "Süd", "", "東京", "a,b\"c"][i % 5] for i in range(n)]), pa.string()),
    "large_text": pa.array(some([f"customer {i}" for i in range(n)]), pa.large_string()),
    "flag": pa.array(some([i % 3 == 0 for i in range(n)]), pa.bool_()),
    "day": pa.array(some([datetime.date(1969, 12, 1) + datetime.timedelta(days=i * 97) for i in range(n)]), pa.date32()),
    "day64": pa.array(some([datetime.date(1969, 12, 1) + datetime.timedelta(days=i * 97) for i in range(n)]), pa.date64()),
    "ts_s": pa.array(some(stamps), pa.timestamp("s")),
    "ts_ms": pa.array(some(stamps), pa.timestamp("ms")),
    "ts_us_utc": pa.array(some(stamps), pa.timestamp("us", tz="UTC")),
    "ts_ns": pa.array(some(stamps), pa.timestamp("ns")),
    "amount": pa.array(some([decimal.Decimal(i * 1234 - 20_000) / 100 for i in range(n)]), pa.decimal128(12, 2)),
    "nothing": pa.nulls(n),
}
table = pa.table(columns)
with pa.OSFile(os.path.join(out, "types.arrows"), "wb") as sink:
    with pa.ipc.new_stream(sink, table.schema) as writer:
        for batch in table.to_batches(max_chunksize=20):
            writer.write_batch(batch)

def refused(name, array):
    t = pa.table({"x": array})
    with pa.OSFile(os.path.join(out, name), "wb") as sink:
        with pa.ipc.new_stream(sink, t.schema) as writer:
            writer.write_table(t)
refused("refused_dictionary.arrows", pa.array(["a", "b", "a"]).dictionary_encode())
refused("refused_list.arrows", pa.array([[1, 2], [3]]))

def canonical(v):
    """A value as seg holds it: timestamps to whole seconds (floored) and dates as ISO text,
    decimals and doubles as "f:<repr>" (the shortest text that reads back exactly)."""
    if v is None:
        return None
    if isinstance(v, datetime.datetime):
        v = v.replace(tzinfo=None)
        return (epoch + datetime.timedelta(seconds=(v - epoch) // datetime.timedelta(seconds=1))).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        v = float(v)
    return f"f:{v!r}" if isinstance(v, float) else v

back = pa.ipc.open_stream(open(os.path.join(out, "types.arrows"), "rb").read()).read_all()
expected = {name: [canonical(v) for v in back.column(name).to_pylist()] for name in back.column_names}
json.dump({"rows": n, "columns": back.column_names, "values": expected}, open(os.path.join(out, "expected.json"), "w"), indent=1, ensure_ascii=False)
print(f"wrote {out}")
