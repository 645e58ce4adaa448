#!/usr/bin/env python3
"""Monitoring, seg against pandas + SciPy on the same data in one run:
- drift of 1,000,000 current rows from 1,000,000 baseline rows, 12 columns (8 numbers, among
  them a heavily tied one, and 4 categories), read from Parquet: seg's `drift` (psi, and ks on
  the 8 number columns) timed with `seg run --timings` (the command alone), against numpy/pandas
  PSI on the same decile bins and scipy.stats.ks_2samp per column (best of `repeat`);
- `seg assign MODEL.json` streaming 1,000,000 sample customers from CSV to CSV, against a
  pandas loop over 50,000-row chunks (read_csv chunksize, the model's fills and scales, the
  nearest centre in numpy, to_csv), wall time and peak memory, and seg's peak memory at a
  quarter of the rows to show it stays flat.
Usage: bench_monitoring.py [rows] [repeat]"""
import json, os, resource, subprocess, sys, tempfile, time

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
seg = os.path.join(root, ".build", "release", "seg")
for pkg in ("numpy", "pandas", "scipy", "pyarrow"):
    try:
        __import__(pkg)
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", pkg])
import numpy as np, pandas as pd
from scipy import stats

work = tempfile.mkdtemp(prefix="seg-bench-monitoring-")


def frame(seed, shift):
    rng = np.random.default_rng(seed)
    n = rows
    data = {f"x{i}": rng.normal(50 + shift * i, 10 + i, n) for i in range(4)}
    data["spend"] = np.round(rng.lognormal(4 + shift / 10, 1, n), 2)
    data["visits"] = rng.poisson(3 + shift, n)
    data["pdays"] = np.where(rng.random(n) < 0.82 - shift / 10, -1, rng.integers(1, 400, n))
    data["tenure"] = rng.uniform(0, 3000, n)
    for j, levels in enumerate([["a", "b", "c"], ["North", "South", "East", "West", "Central"], ["web", "store"], [f"c{k}" for k in range(20)]]):
        p = np.linspace(1, 1 + shift + j, len(levels))
        data[f"cat{j}"] = rng.choice(levels, n, p=p / p.sum())
    return pd.DataFrame(data)


base_path, cur_path = os.path.join(work, "baseline.parquet"), os.path.join(work, "current.parquet")
frame(1, 0).to_parquet(base_path, index=False)
frame(2, 0.3).to_parquet(cur_path, index=False)
numbers = ["x0", "x1", "x2", "x3", "spend", "visits", "pdays", "tenure"]
categories = ["cat0", "cat1", "cat2", "cat3"]


def seg_time(script, name):
    path = os.path.join(work, name)
    open(path, "w").write(script)
    best = float("inf")
    for _ in range(repeat):
        err = subprocess.run([seg, "run", path, "--timings"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
        best = min(best, float([l for l in err.splitlines() if l.startswith("timing:")][-1].split()[1]) / 1000)
    return best


def best_of(fn):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


base, cur = pd.read_parquet(base_path), pd.read_parquet(cur_path)


def psi_pandas():
    out = {}
    for c in numbers:
        b, x = base[c].to_numpy(float), cur[c].to_numpy(float)
        edges = np.unique(np.percentile(b, np.arange(10, 100, 10)))
        p = np.bincount(np.searchsorted(edges, b), minlength=len(edges) + 1) / len(b)
        q = np.bincount(np.searchsorted(edges, x), minlength=len(edges) + 1) / len(x)
        p, q = np.maximum(p, 1e-4), np.maximum(q, 1e-4)
        out[c] = float(np.sum((q - p) * np.log(q / p)))
    for c in categories:
        p = base[c].value_counts(normalize=True)
        q = cur[c].value_counts(normalize=True).reindex(p.index, fill_value=0)
        p, q = np.maximum(p.to_numpy(), 1e-4), np.maximum(q.to_numpy(), 1e-4)
        out[c] = float(np.sum((q - p) * np.log(q / p)))
    return out


def ks_scipy():
    return {c: stats.ks_2samp(base[c].to_numpy(float), cur[c].to_numpy(float)) for c in numbers}


loads = f'load "{base_path}" as base\nload "{cur_path}" as cur\n'
results = []
results.append(("drift psi, 12 columns", seg_time(loads + "drift base\n", "psi.seg"), best_of(psi_pandas), "numpy/pandas PSI"))
results.append(("drift ks, 8 number columns", seg_time(loads + "drift base " + " ".join(numbers) + " method=ks\n", "ks.seg"), best_of(ks_scipy), "scipy ks_2samp"))

# Streaming assignment.
model, customers = os.path.join(work, "model.json"), os.path.join(work, "customers.csv")
quarter = os.path.join(work, "quarter.csv")
subprocess.run([seg, "run", "-"], check=True, stdout=subprocess.DEVNULL, text=True, input=f"""
sample customers n=100000 seed=1
impute age income strategy=median
scale age income web_visits method=zscore
cluster kmeans age income web_visits k=5 seed=1 as segment
save model segment "{model}"
sample customers n={rows} seed=2 as stream
export to "{customers}"
sample customers n={rows // 4} seed=3 as small
export to "{quarter}"
""")


def run_measured(args, stdin_path):
    """Wall time and peak resident memory (MB) of one run, measured in a fresh process so
    the peak is this run's alone (a process's children's peak is the largest of them all)."""
    out = subprocess.run([sys.executable, "-c", f"""
import resource, subprocess, time
t = time.perf_counter()
subprocess.run({args!r}, stdin=open({stdin_path!r}, "rb"), stdout=subprocess.DEVNULL, check=True)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""], check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


peer = os.path.join(work, "peer.py")
open(peer, "w").write(f'''
import json, sys, numpy as np, pandas as pd
m = json.load(open({model!r}))
fills = {{f["input"]: f["parameters"]["value"] for s in m["pipeline"] if s["verb"] == "impute" for f in s["columns"]}}
scales = {{f["input"]: (f["parameters"]["center"], f["parameters"]["scale"]) for s in m["pipeline"] if s["verb"] == "scale" for f in s["columns"]}}
features, k = m["clusterer"]["features"], m["clusterer"]["k"]
centers = np.array(m["clusterer"]["centers"]).reshape(k, len(features))
first = True
for chunk in pd.read_csv(sys.stdin, chunksize=50000):
    chunk = chunk.fillna(fills)
    x = np.column_stack([(chunk[f].to_numpy(float) - scales[f][0]) / scales[f][1] for f in features])
    d = ((x[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
    pd.DataFrame({{"customer_id": chunk["customer_id"], "segment": d.argmin(axis=1)}}).to_csv(sys.stdout, index=False, header=first)
    first = False
''')
seg_wall, seg_peak = min((run_measured([seg, "assign", model], customers) for _ in range(repeat)), key=lambda r: r[0])
peer_wall, peer_peak = min((run_measured([sys.executable, peer], customers) for _ in range(repeat)), key=lambda r: r[0])
results.append((f"seg assign streaming {rows:,} rows (CSV)", seg_wall, peer_wall, "pandas chunked loop"))
# Peak memory at a quarter of the rows: flat memory stays the same.
quarter_peak = run_measured([seg, "assign", model], quarter)[1]

print(f"monitoring, {rows:,} rows (best of {repeat})")
print(f"{'task':42} {'seg s':>8} {'peer s':>8} {'ratio':>7}  peer")
for task, s, p, who in results:
    print(f"{task:42} {s:8.3f} {p:8.3f} {s / p:7.2f}  {who}")
print(f"seg assign peak memory: {seg_peak:.0f} MB at {rows:,} rows, {quarter_peak:.0f} MB at {rows // 4:,} rows; pandas loop {peer_peak:.0f} MB")
