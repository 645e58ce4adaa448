#!/usr/bin/env python3
"""Side-by-side benchmark, seg against its peers on the same data in one run:
- loading a customer CSV made by seg's own `sample` + `export` (pandas, polars), and seg's
  start-up time to the first prompt;
- preparation of that file: impute + scale, one-hot, winsorize (scikit-learn, scipy);
- RFM over Online Retail from ../shared/data (pandas groupby), when it is there.
Each tool runs REPEAT times (the CSV readers taking turns); the best time counts. seg's operation times come from
`seg run --timings` (per command, inside the process); the peers' from timers around the call."""
import os, pty, select, subprocess, sys, tempfile, time

REPEAT = 10
rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
seg = os.path.join(root, ".build", "release", "seg")

for pkg, mod in (("pandas", "pandas"), ("polars", "polars"), ("scikit-learn", "sklearn"), ("scipy", "scipy")):
    try:
        __import__(mod)
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", pkg])
import pandas as pd
import polars as pl

work = tempfile.mkdtemp(prefix="seg-bench-")
csv = os.path.join(work, "customers.csv")
make = os.path.join(work, "make.seg")
with open(make, "w") as f:
    f.write(f'sample customers n={rows} seed=1\nexport to "{csv}"\n')
subprocess.run([seg, "run", make], check=True, stdout=subprocess.DEVNULL)
size = os.path.getsize(csv)
load = os.path.join(work, "load.seg")
with open(load, "w") as f:
    f.write(f'load "{csv}" as c\n')
empty = os.path.join(work, "empty.seg")
open(empty, "w").close()

def best(fn):
    times = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)

def seg_run(script):
    subprocess.run([seg, "run", script], check=True, stdout=subprocess.DEVNULL)

def timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t

def seg_load_in_process():
    """seg's own time for the load command (--timings), like the peers' timers around read_csv."""
    err = subprocess.run([seg, "run", load, "--timings"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True).stderr
    return float([l for l in err.splitlines() if l.startswith("timing:")][0].split()[1]) / 1000

# The readers take turns, round after round, so that a slow spell of the machine falls on
# all of them alike rather than on whichever ran then.
loads = {"start": [], "seg": [], "seg command": [], "pandas": [], "polars": []}
for _ in range(REPEAT):
    loads["start"].append(timed(lambda: seg_run(empty)))
    loads["seg"].append(timed(lambda: seg_run(load)))
    loads["seg command"].append(seg_load_in_process())
    loads["pandas"].append(timed(lambda: pd.read_csv(csv)))
    loads["polars"].append(timed(lambda: pl.read_csv(csv, try_parse_dates=True)))
t_start, t_seg, t_seg_inside, t_pandas, t_polars = (min(loads[k]) for k in ("start", "seg", "seg command", "pandas", "polars"))

def first_prompt():
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["SEG_HISTORY"] = os.path.join(work, "history")
        os.execv(seg, [seg])
    t = time.perf_counter()
    out = b""
    while b"seg[1]> " not in out:
        r, _, _ = select.select([fd], [], [], 5)
        if not r:
            break
        out += os.read(fd, 4096)
    elapsed = time.perf_counter() - t
    os.write(fd, b".quit\r")
    try:
        while os.read(fd, 4096):
            pass
    except OSError:
        pass
    os.waitpid(pid, 0)
    return elapsed

t_prompt = min(first_prompt() for _ in range(REPEAT))

print(f"CSV: {rows:,} rows x 12 columns, {size / 1e6:.1f} MB, made by seg sample + export")
print(f"best of {REPEAT} runs each, on {os.cpu_count()} cores")
print(f"  seg load (whole process)   {t_seg * 1000:8.1f} ms")
print(f"  seg load (the command)     {t_seg_inside * 1000:8.1f} ms   (inside the process, as the peers are timed)")
print(f"  pandas read_csv            {t_pandas * 1000:8.1f} ms   seg/pandas = {t_seg / t_pandas:.2f} whole process, {t_seg_inside / t_pandas:.2f} command")
print(f"  polars read_csv            {t_polars * 1000:8.1f} ms   seg/polars = {t_seg / t_polars:.2f} whole process, {t_seg_inside / t_polars:.2f} command")
print(f"  seg process start-up       {t_start * 1000:8.1f} ms   (included in seg load)")
print(f"  seg to first prompt (pty)  {t_prompt * 1000:8.1f} ms")

def seg_timings(script_text):
    """Best time in ms of each command of a script, over REPEAT runs (from --timings)."""
    path = os.path.join(work, "ops.seg")
    with open(path, "w") as f:
        f.write(script_text)
    best = {}
    for _ in range(REPEAT):
        err = subprocess.run([seg, "run", path, "--timings"], check=True, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True).stderr
        for line in err.splitlines():
            if line.startswith("timing:"):
                ms = float(line.split()[1])
                key = line.split("MB", 1)[1].strip().split()[0]
                best[key] = min(best.get(key, ms), ms)
    return best

import numpy as np
from scipy.stats import mstats
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import OneHotEncoder, StandardScaler

# scale in place only records the step (models read the columns through it); suffix= writes
# the scaled values as columns, the work StandardScaler.fit_transform does.
ops = seg_timings(f'''load "{csv}" as c
impute income strategy=median
scale age income web_visits suffix=_z
encode region channel city_type method=onehot
winsorize satisfaction lower=1% upper=99%
''')
frame = pd.read_csv(csv)
num = frame[["age", "income", "web_visits"]].to_numpy(dtype=float)
t_imp_scale = best(lambda: StandardScaler().fit_transform(SimpleImputer(strategy="median").fit_transform(num)))
cats = frame[["region", "channel", "city_type"]]
t_onehot = best(lambda: OneHotEncoder(sparse_output=False).fit_transform(cats))
sat = frame["satisfaction"].to_numpy(dtype=float)
t_wins = best(lambda: mstats.winsorize(np.ma.masked_invalid(sat), limits=(0.01, 0.01)))
seg_imp_scale = ops["impute"] + ops["scale"]
print(f"preparation of the {rows:,}-row file (operation only, data already in memory):")
print(f"  impute median + zscore (3 cols)  seg {seg_imp_scale:7.1f} ms  scikit-learn {t_imp_scale * 1000:7.1f} ms  ratio {seg_imp_scale / (t_imp_scale * 1000):.2f}")
print(f"  one-hot (3 cols)                 seg {ops['encode']:7.1f} ms  scikit-learn {t_onehot * 1000:7.1f} ms  ratio {ops['encode'] / (t_onehot * 1000):.2f}")
print(f"  winsorize 1%/99%                 seg {ops['winsorize']:7.1f} ms  scipy        {t_wins * 1000:7.1f} ms  ratio {ops['winsorize'] / (t_wins * 1000):.2f}")

retail = os.path.join(root, "..", "shared", "data", "online_retail.csv.gz")
if os.path.exists(retail):
    rfm_ops = seg_timings(f'''load "{retail}" as retail
rfm customer=CustomerID date=InvoiceDate invoice=InvoiceNo amount=Quantity*UnitPrice where CustomerID is not missing and not starts_with(InvoiceNo, "C") and Quantity > 0 and UnitPrice > 0
''')
    r = pd.read_csv(retail, dtype={"InvoiceNo": str, "StockCode": str}, parse_dates=["InvoiceDate"])
    def pandas_rfm():
        x = r[r["CustomerID"].notna() & ~r["InvoiceNo"].str.startswith("C") & (r["Quantity"] > 0) & (r["UnitPrice"] > 0)]
        x = x.assign(Amount=x["Quantity"] * x["UnitPrice"])
        snapshot = x["InvoiceDate"].max() + pd.Timedelta(days=1)
        g = x.groupby("CustomerID").agg(last=("InvoiceDate", "max"), frequency=("InvoiceNo", "nunique"), monetary=("Amount", "sum"))
        g["recency"] = (snapshot - g["last"]).dt.days
        for col, labels in (("recency", [5, 4, 3, 2, 1]), ("frequency", [1, 2, 3, 4, 5]), ("monetary", [1, 2, 3, 4, 5])):
            g[col[0] + "_score"] = pd.qcut(g[col].rank(method="first"), 5, labels=labels)
        return g
    t_rfm = best(pandas_rfm)
    print(f"RFM on Online Retail (541,909 rows; filter + per-customer scores, data in memory):")
    print(f"  seg {rfm_ops['rfm']:7.1f} ms  pandas {t_rfm * 1000:7.1f} ms  ratio {rfm_ops['rfm'] / (t_rfm * 1000):.2f}")
else:
    print("RFM benchmark skipped: ../shared/data/online_retail.csv.gz is absent")

import sklearn, scipy
print(f"pandas {pd.__version__}, polars {pl.__version__}, scikit-learn {sklearn.__version__}, scipy {scipy.__version__}")
