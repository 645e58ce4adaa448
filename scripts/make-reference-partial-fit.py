#!/usr/bin/env python3
"""References for the online update of the k-means family (Tests/SegEngineTests/
PartialFitTests): scikit-learn's MiniBatchKMeans.partial_fit from given centres, batch after
batch (reassignment off, as seg's update= never re-seeds a centre), on Wholesale customers
(../shared/data, log1p of the six spending columns, in three batches) and on generated data.
Writes Tests/SegEngineTests/Reference/partial_fit.json."""
import json, os, subprocess, sys

try:
    import numpy as np, sklearn
    from sklearn.cluster import MiniBatchKMeans
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "scikit-learn"])
    import numpy as np, sklearn
    from sklearn.cluster import MiniBatchKMeans

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")
shared = os.path.join(os.path.dirname(root), "shared", "data")


def case(x, k, batches):
    start = x[np.linspace(0, len(x) - 1, k).astype(int)]
    km = MiniBatchKMeans(n_clusters=k, init=start, n_init=1, reassignment_ratio=0.0, batch_size=len(x))
    steps = []
    for b in np.array_split(np.arange(len(x)), batches):
        km.partial_fit(x[b])
        steps.append({"rows": [int(b[0]), int(b[-1]) + 1], "centers": km.cluster_centers_.ravel().tolist(), "counts": km._counts.tolist()})
    return {"start": start.ravel().tolist(), "k": k, "dims": x.shape[1], "steps": steps}


result = {"sklearn": sklearn.__version__}
rng = np.random.default_rng(21)
generated = np.vstack([rng.normal(m, 1.0, (300, 3)) for m in (0, 4, 8)])
rng.shuffle(generated)
result["generated"] = dict(case(generated, 3, 4), x=generated.ravel().tolist())
path = os.path.join(shared, "wholesale_customers.csv")
if os.path.exists(path):
    import csv
    rows = list(csv.DictReader(open(path)))
    columns = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]
    wholesale = np.log1p(np.array([[float(r[c]) for c in columns] for r in rows]))
    result["wholesale"] = case(wholesale, 4, 3)
with open(os.path.join(ref, "partial_fit.json"), "w") as f:
    json.dump(result, f)
print("wrote partial_fit.json")
