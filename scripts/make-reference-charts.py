#!/usr/bin/env python3
"""Chart references from numpy and SciPy for Tests/SegEngineTests/ChartReferenceTests.

numpy.histogram (equal-width bins, last bin closed) on the wholesale customers' Fresh and
Milk columns and on the generated blobs; hashlib.sha256 of the committed blob file and of
the empty string; SciPy's truncated dendrogram (truncate_mode="lastp") leaf order for Ward
and average linkage on the blobs and on the wholesale spending columns (log1p + z-score).
Writes Tests/SegEngineTests/Reference/charts.json."""
import hashlib, json, os, subprocess, sys

try:
    import numpy as np, pandas as pd, scipy
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas", "scipy"])
    import numpy as np, pandas as pd, scipy
from scipy.cluster.hierarchy import linkage, dendrogram

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")
blobs_path = os.path.join(ref, "cluster_blobs.csv")
blobs = pd.read_csv(blobs_path).to_numpy()


def zscore(a):
    return (a - a.mean(axis=0)) / a.std(axis=0)


def hist(values, bins):
    counts, edges = np.histogram(values, bins=bins)
    return {"bins": bins, "counts": counts.tolist(), "edges": edges.tolist()}


out = {"numpy": np.__version__, "scipy": scipy.__version__}
out["histograms"] = {"blobs_x0_7": hist(blobs[:, 0], 7), "blobs_x2_20": hist(blobs[:, 2], 20)}
sets = {"blobs": blobs}
wholesale_path = os.path.join(root, "..", "shared", "data", "wholesale_customers.csv")
if os.path.exists(wholesale_path):
    w = pd.read_csv(wholesale_path)
    out["histograms"]["wholesale_Fresh_10"] = hist(w["Fresh"].to_numpy(dtype=float), 10)
    out["histograms"]["wholesale_Milk_25"] = hist(w["Milk"].to_numpy(dtype=float), 25)
    cols = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]
    sets["wholesale"] = zscore(np.log1p(w[cols].to_numpy(dtype=float)))
out["dendrograms"] = {}
for name, X in sets.items():
    for method in ["ward", "average"]:
        Z = linkage(X, method=method)
        for p in [5, 12, 30]:
            d = dendrogram(Z, truncate_mode="lastp", p=p, no_plot=True)
            out["dendrograms"][f"{name}_{method}_{p}"] = d["ivl"]
with open(blobs_path, "rb") as f:
    data = f.read()
out["sha256"] = {"cluster_blobs.csv": hashlib.sha256(data).hexdigest(), "": hashlib.sha256(b"").hexdigest(),
                 "abc": hashlib.sha256(b"abc").hexdigest(), "a*1000000": hashlib.sha256(b"a" * 1000000).hexdigest()}
with open(os.path.join(ref, "charts.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.join(ref, "charts.json"))
