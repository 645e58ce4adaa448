#!/usr/bin/env python3
"""Lifetime-value benchmark, seg against lifetimes (pip) on the same data in one run.

Each side fits BG/NBD and Gamma-Gamma and scores every customer: P(alive), expected purchases
and 12-month CLV at 1% a month. (1) CDNOW, the 2,357-customer sample lifetimes bundles, from
its transactions (summary in days counted as weeks, as the papers): seg's `lifetime` command
against lifetimes' summary_data_from_transaction_data + fits + scores. (2) A generated summary
of 1,000,000 customers (BG/NBD and Gamma-Gamma processes with CDNOW-like parameters, seeded):
`lifetime summary=true` against the fits and scores alone. seg's times come from
`seg run --timings` (the lifetime command only; loading the CSV is not counted on either side),
best of `repeat`. Usage: bench_lifetime.py [repeat] [customers]"""
import os, subprocess, sys, tempfile, time, warnings

warnings.filterwarnings("ignore")
repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 3
customers = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
seg = os.path.join(root, ".build", "release", "seg")
try:
    import lifetimes
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "lifetimes"])
    import lifetimes
import numpy as np, pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data

work = tempfile.mkdtemp(prefix="seg-bench-lifetime-")


def seg_time(script_text):
    """Best time of the lifetime command (the script's second line) and its parameters."""
    path = os.path.join(work, "bench.seg")
    open(path, "w").write(script_text)
    best, out = float("inf"), ""
    for _ in range(repeat):
        r = subprocess.run([seg, "run", path, "--timings"], check=True, capture_output=True, text=True)
        lines = [l for l in r.stderr.splitlines() if l.startswith("timing:")]
        best = min(best, float(lines[1].split()[1]) / 1000)
        out = r.stdout
    return best, out


def peer(fit_once):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fit_once()
        best = min(best, time.perf_counter() - start)
    return best, result


def scores(bgf, ggf, s, unit):
    alive = bgf.conditional_probability_alive(s.frequency, s.recency, s["T"])
    expected = bgf.conditional_expected_number_of_purchases_up_to_time(12 * (4.345 if unit == "W" else 30), s.frequency, s.recency, s["T"])
    clv = ggf.customer_lifetime_value(bgf, s.frequency, s.recency, s["T"], s.monetary_value, time=12, discount_rate=0.01, freq=unit)
    return alive, expected, clv


def fit_both(s):
    bgf = BetaGeoFitter().fit(s.frequency, s.recency, s["T"])
    repeaters = s[s.frequency > 0]
    ggf = GammaGammaFitter().fit(repeaters.frequency, repeaters.monetary_value)
    return bgf, ggf


rows = []
# (1) CDNOW from transactions.
datasets = os.path.join(os.path.dirname(lifetimes.__file__), "datasets")
tx = pd.read_csv(os.path.join(datasets, "CDNOW_sample.txt"), sep=r"\s+", header=None, names=["id", "sid", "date", "cds", "value"], dtype={"date": str})
tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
tx = tx[tx.value > 0]
csv = os.path.join(work, "cdnow.csv")
tx[["id", "date", "value"]].assign(date=tx.date.dt.strftime("%Y-%m-%d")).to_csv(csv, index=False)


def cdnow_peer():
    s = summary_data_from_transaction_data(tx, "id", "date", monetary_value_col="value", freq="D", freq_multiplier=7)
    bgf, ggf = fit_both(s)
    return bgf, scores(bgf, ggf, s, "W")


seg_s, _ = seg_time(f'load "{csv}" as tx\nlifetime from=tx customer=id date=date amount=value freq=day unit=week spend=gammagamma months=12 discount=1%\n')
peer_s, (bgf, _) = peer(cdnow_peer)
rows.append((f"CDNOW, {tx.id.nunique():,} customers, from {len(tx):,} transactions", seg_s, peer_s, bgf.params_))

# (2) A generated summary of `customers` customers over 52 weeks.
rng = np.random.default_rng(0)
n = customers
T = rng.uniform(1, 52, n)
lam = rng.gamma(0.25, 1 / 4.4, n)
p = rng.beta(0.8, 2.4, n)
x = np.zeros(n)
last = np.zeros(n)
clock = np.zeros(n)
alive = np.ones(n, dtype=bool)
while alive.any():
    idx = np.flatnonzero(alive)
    clock[idx] += rng.exponential(1 / lam[idx])
    inside = clock[idx] <= T[idx]
    bought = idx[inside]
    x[bought] += 1
    last[bought] = clock[bought]
    alive[idx[~inside]] = False
    alive[bought] = rng.uniform(size=bought.size) >= p[bought]
nu = rng.gamma(3.7, 1 / 15.4, n)
spend = np.where(x > 0, rng.gamma(np.maximum(x, 1) * 6.25, 1 / (nu * np.maximum(x, 1))), 0.0)
summary = pd.DataFrame({"customer": np.arange(1, n + 1), "frequency": x, "recency": np.round(last, 4), "T": np.round(T, 4),
                        "monetary_value": np.round(spend, 4)})
summary.loc[summary.frequency == 0, "recency"] = 0
csv = os.path.join(work, "summary.csv")
summary.to_csv(csv, index=False)
summary = pd.read_csv(csv)


def generated_peer():
    bgf, ggf = fit_both(summary)
    return bgf, scores(bgf, ggf, summary, "W")


seg_s, _ = seg_time(f'load "{csv}" as s\nlifetime from=s summary=true unit=week spend=gammagamma months=12 discount=1%\n')
peer_s, (bgf, _) = peer(generated_peer)
rows.append((f"generated summary, {n:,} customers", seg_s, peer_s, bgf.params_))

print(f"{'lifetime: BG/NBD + Gamma-Gamma fit and 12-month CLV of every customer':<70} {'seg s':>8} {'lifetimes s':>12} {'ratio':>7}")
for name, a, b, params in rows:
    print(f"{name:<70} {a:8.3f} {b:12.3f} {a / b:7.3f}")
