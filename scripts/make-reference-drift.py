#!/usr/bin/env python3
"""References for drift (Tests/SegEngineTests/DriftTests): per column the bins, PSI,
Jensen-Shannon distance, chi-squared homogeneity and two-sample Kolmogorov-Smirnov, written
here from their formulas with numpy and checked by scipy.stats (ks_2samp, kstwobign,
chi2_contingency) and scipy.spatial.distance.jensenshannon, on
- Bank Marketing (../shared/data/bank_marketing_full.csv, in time order: May 2008 to November
  2010) split into its first and second half,
- Online Retail (../shared/data/online_retail.csv.gz): January 2011 against November 2011,
- a generated baseline and current frame (shifted numbers, missing values, ties, a category
  the baseline never had), written to Reference/drift_baseline.csv and drift_current.csv.
Writes Tests/SegEngineTests/Reference/drift.json."""
import json, math, os, subprocess, sys

try:
    import numpy as np, pandas as pd, scipy
    from scipy import stats
    from scipy.spatial.distance import jensenshannon
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas", "scipy"])
    import numpy as np, pandas as pd, scipy
    from scipy import stats
    from scipy.spatial.distance import jensenshannon

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")
shared = os.path.join(os.path.dirname(root), "shared", "data")
FLOOR = 1e-4


def numeric_bins(base, cur, bins=10):
    b = base[~np.isnan(base)]
    edges = np.unique(np.percentile(b, [100 * i / bins for i in range(1, bins)]))
    if b.min() == b.max():  # a constant baseline: below, at and above its value
        edges = np.array([np.nextafter(b[0], -np.inf), b[0]])
    count = lambda x: np.bincount(np.searchsorted(edges, x[~np.isnan(x)], side="left"), minlength=len(edges) + 1)
    bc, cc = list(count(base)), list(count(cur))
    bm, cm = int(np.isnan(base).sum()), int(np.isnan(cur).sum())
    if bm + cm > 0:
        bc.append(bm); cc.append(cm)
    return [int(x) for x in bc], [int(x) for x in cc]


def categorical_bins(base, cur):
    base_present = base.dropna().astype(str)
    cats = sorted(base_present.unique())
    bvc = base_present.value_counts()
    cur_present = cur.dropna().astype(str)
    cvc = cur_present.value_counts()
    bc = [int(bvc[c]) for c in cats]
    cc = [int(cvc.get(c, 0)) for c in cats]
    unseen = int(sum(v for k, v in cvc.items() if k not in set(cats)))
    if unseen:
        bc.append(0); cc.append(unseen)
    bm, cm = int(base.isna().sum()), int(cur.isna().sum())
    if bm + cm:
        bc.append(bm); cc.append(cm)
    return bc, cc


def measures(bc, cc, base=None, cur=None):
    p = np.array(bc, float) / sum(bc)
    q = np.array(cc, float) / sum(cc)
    pf, qf = np.maximum(p, FLOOR), np.maximum(q, FLOOR)
    out = {
        "baseline": bc, "current": cc,
        "psi": float(np.sum((qf - pf) * np.log(qf / pf))),
        "js": float(jensenshannon(p, q, base=2)),
    }
    table = np.array([bc, cc])
    table = table[:, table.sum(axis=0) > 0]
    chi2, pchi, dof, _ = stats.chi2_contingency(table, correction=False)
    out.update(chi2=float(chi2), chi2_p=float(pchi), chi2_dof=int(dof))
    if base is not None:
        b, c = base[~np.isnan(base)], cur[~np.isnan(cur)]
        ks = stats.ks_2samp(b, c)
        en = math.sqrt(len(b) * len(c) / (len(b) + len(c)))
        out.update(ks=float(ks.statistic), ks_p=float(stats.kstwobign.sf(en * ks.statistic)), ks_2samp_p=float(ks.pvalue))
    return out


def compare(base, cur, numbers, categories):
    out = {}
    for col in numbers:
        b, c = base[col].to_numpy(float), cur[col].to_numpy(float)
        out[col] = measures(*numeric_bins(b, c), b, c)
    for col in categories:
        out[col] = measures(*categorical_bins(base[col], cur[col]))
    return out


result = {"scipy": scipy.__version__, "numpy": np.__version__, "floor": FLOOR}
bank_path = os.path.join(shared, "bank_marketing_full.csv")
if os.path.exists(bank_path):
    bank = pd.read_csv(bank_path, sep=";")
    half = len(bank) // 2
    result["bank"] = {"split": half, "columns": compare(bank.iloc[:half], bank.iloc[half:],
        ["age", "balance", "duration", "campaign", "pdays", "previous"], ["job", "marital", "education", "contact", "poutcome", "y"])}

retail_path = os.path.join(shared, "online_retail.csv.gz")
if os.path.exists(retail_path):
    retail = pd.read_csv(retail_path, dtype={"CustomerID": "float64"})
    month = retail["InvoiceDate"].str[:7]
    result["retail"] = compare(retail[month == "2011-01"], retail[month == "2011-11"], ["Quantity", "UnitPrice", "CustomerID"], ["Country"])

rng = np.random.default_rng(11)
def generated(n, shift, scale, p_segment, new_region):
    frame = pd.DataFrame({
        "income": np.round(rng.normal(50000 + shift, 12000 * scale, n), 2),
        "visits": rng.poisson(3 + shift / 20000, n),
        "tied": np.where(rng.random(n) < 0.8, -1, rng.integers(1, 400, n)),
        "segment": rng.choice(["a", "b", "c"], n, p=p_segment),
        "region": rng.choice(["North", "South", new_region], n, p=[0.45, 0.45, 0.10]),
    })
    frame.loc[rng.choice(n, n // 40, replace=False), "income"] = np.nan
    frame.loc[rng.choice(n, n // 50, replace=False), "segment"] = None
    return frame

baseline = generated(3000, 0, 1.0, [0.5, 0.3, 0.2], "East")
current = generated(2000, 4000, 1.2, [0.35, 0.35, 0.3], "West")
baseline.to_csv(os.path.join(ref, "drift_baseline.csv"), index=False)
current.to_csv(os.path.join(ref, "drift_current.csv"), index=False)
result["generated"] = compare(baseline, current, ["income", "visits", "tied"], ["segment", "region"])
result["generated_same"] = compare(baseline, baseline, ["income"], ["segment"])

with open(os.path.join(ref, "drift.json"), "w") as f:
    json.dump(result, f, indent=1, sort_keys=True)
print("wrote drift.json")
