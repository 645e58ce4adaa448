#!/usr/bin/env python3
"""References for the segments-to-actions engine (Tests/SegEngineTests/ActionReferenceTests).

- Decision trees (scikit-learn DecisionTreeClassifier, Gini, best splitter): on generated
  overlapping blobs (written beside the reference as tree_blobs.csv) at depths 2–4, and on
  Online Retail RFM (original recency, frequency, monetary from rfm.json, ordered by
  customer id) predicting the k-means labels of cluster.json's "rfm" set at depth 4.
  Nodes in preorder: feature (-1 for leaves), threshold, class counts; and importances.
- Separation: f_classif (ANOVA F and p) per blob feature, and chi2_contingency (no
  correction) of a generated category against the labels.
- Lift: for generated baskets, pandas support of each item per segment and overall.
Writes Tests/SegEngineTests/Reference/actions.json."""
import json, os, subprocess, sys

try:
    import numpy as np, pandas as pd, sklearn, scipy
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas", "scipy", "scikit-learn"])
    import numpy as np, pandas as pd, sklearn, scipy
from sklearn.datasets import make_blobs
from sklearn.feature_selection import f_classif
from sklearn.tree import DecisionTreeClassifier
from scipy.stats import chi2_contingency

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")


def tree_json(X, y, depth):
    t = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X, y).tree_
    # scikit-learn numbers nodes in preorder (left subtree first), as seg does.
    return {
        "depth": depth,
        "feature": [int(f) if f >= 0 else -1 for f in t.feature],
        "threshold": [float(v) if f >= 0 else 0.0 for f, v in zip(t.feature, t.threshold)],
        "counts": [[int(round(c)) for c in v] for v in (t.value[:, 0, :] * t.weighted_n_node_samples[:, None])],
        "importances": DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X, y).feature_importances_.tolist(),
    }


X, y = make_blobs(n_samples=800, centers=4, n_features=3, cluster_std=2.5, random_state=3)
X = np.round(X, 6)
rng = np.random.default_rng(5)
category = np.where(rng.random(len(y)) < 0.3 + 0.15 * y, "a", np.where(rng.random(len(y)) < 0.5, "b", "c"))
pd.DataFrame({"x0": X[:, 0], "x1": X[:, 1], "x2": X[:, 2], "label": y, "category": category}).to_csv(
    os.path.join(ref, "tree_blobs.csv"), index=False, float_format="%.17g")
blobs = pd.read_csv(os.path.join(ref, "tree_blobs.csv"))
X, y = blobs[["x0", "x1", "x2"]].to_numpy(), blobs["label"].to_numpy()

out = {"sklearn": sklearn.__version__, "blobs": {}}
out["blobs"]["trees"] = [tree_json(X, y, d) for d in (2, 3, 4)]
F, p = f_classif(X, y)
out["blobs"]["anova_f"], out["blobs"]["anova_p"] = F.tolist(), p.tolist()
chi2, chi_p, dof, _ = chi2_contingency(pd.crosstab(blobs["label"], blobs["category"]).to_numpy(), correction=False)
out["blobs"]["chi2"], out["blobs"]["chi2_p"], out["blobs"]["chi2_dof"] = float(chi2), float(chi_p), int(dof)

rfm = json.load(open(os.path.join(ref, "rfm.json")))["perCustomer"]
ids = sorted(rfm, key=lambda s: int(s))
R = np.array([[rfm[i][0], rfm[i][1], rfm[i][2]] for i in ids], dtype=float)
labels = np.array(json.load(open(os.path.join(ref, "cluster.json")))["rfm"]["kmeans_labels"])
t = tree_json(R, labels, 4)
t["fidelity"] = float(DecisionTreeClassifier(max_depth=4, random_state=0).fit(R, labels).score(R, labels))
out["rfm_tree"] = t

# Lift: 300 customers in 3 segments, 12 items; segment s prefers items 4s..4s+3.
rng = np.random.default_rng(11)
rows = []
for c in range(300):
    s = c % 3
    for i in range(12):
        if rng.random() < (0.6 if i // 4 == s else 0.15):
            rows.append((f"c{c}", f"item{i:02d}", s))
tx = pd.DataFrame(rows, columns=["customer", "item", "segment"])
tx.to_csv(os.path.join(ref, "lift_baskets.csv"), index=False)
customers = tx.groupby("segment")["customer"].nunique()
buyers = tx.groupby(["segment", "item"])["customer"].nunique().reset_index(name="buyers")
base = tx.groupby("item")["customer"].nunique() / tx["customer"].nunique()
buyers["support"] = buyers["buyers"] / buyers["segment"].map(customers)
buyers["lift"] = buyers["support"] / buyers["item"].map(base)
out["lift"] = [{"segment": str(r.segment), "item": r.item, "buyers": int(r.buyers), "lift": float(r.lift)} for r in buyers.itertuples()]

json.dump(out, open(os.path.join(ref, "actions.json"), "w"), indent=1)
print("wrote", os.path.join(ref, "actions.json"))
