#!/usr/bin/env python3
"""Recommendation references from pandas and SciPy for Tests/SegEngineTests/ActionReferenceTests.

Online Retail (../shared/data/online_retail.csv.gz), rows with a customer and a positive
quantity; each customer's segment is the country of their first such row; items are stock
codes. Per segment: buyers, support, base support and lift of every item bought by at least
5% of the segment, the top 5 by lift (then support, then stock code). Per customer, for the
first 25 customers in file order: the 5 stock codes most often bought together with theirs
(customers who bought both, summed over their items; owned items excluded; ties by stock
code), from the items x items co-occurrence matrix. Writes Reference/recommend.json."""
import json, os, subprocess, sys

try:
    import numpy as np, pandas as pd, scipy.sparse as sp
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas", "scipy"])
    import numpy as np, pandas as pd, scipy.sparse as sp

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")
tx = pd.read_csv(os.path.join(root, "..", "shared", "data", "online_retail.csv.gz"), dtype={"StockCode": str, "Country": str})
tx = tx[tx["CustomerID"].notna() & (tx["Quantity"] > 0)].copy()
tx["customer"] = tx["CustomerID"].astype(int).astype(str)
segment = tx.groupby("customer", sort=False)["Country"].first()
baskets = tx[["customer", "StockCode"]].drop_duplicates()
baskets["segment"] = baskets["customer"].map(segment)
customers = baskets.groupby("segment")["customer"].nunique()
total = baskets["customer"].nunique()
base = baskets.groupby("StockCode")["customer"].nunique() / total
lift = baskets.groupby(["segment", "StockCode"])["customer"].nunique().rename("buyers").reset_index()
lift["support"] = lift["buyers"] / lift["segment"].map(customers)
lift["base"] = lift["StockCode"].map(base)
lift["lift"] = lift["support"] / lift["base"]
lift = lift[lift["support"] >= 0.05].sort_values(["segment", "lift", "support", "StockCode"], ascending=[True, False, False, True])
top = lift.groupby("segment").head(5)
out = {"pandas": pd.__version__, "customers": int(total), "items": int(baskets["StockCode"].nunique()),
       "lift": [{"segment": r.segment, "item": r.StockCode, "buyers": int(r.buyers), "support": float(r.support),
                 "base": float(r.base), "lift": float(r.lift)} for r in top.itertuples()]}
items = sorted(baskets["StockCode"].unique())
index = {s: i for i, s in enumerate(items)}
order = list(dict.fromkeys(tx["customer"]))
row = {c: i for i, c in enumerate(order)}
B = sp.csr_matrix((np.ones(len(baskets)), ([row[c] for c in baskets["customer"]], [index[s] for s in baskets["StockCode"]])),
                  shape=(len(order), len(items)))
C = (B.T @ B).tocsr()
C.setdiag(0)
together = {}
for c in order[:25]:
    scores = (B[row[c]] @ C).toarray().ravel()
    scores[B[row[c]].indices] = 0
    picks = sorted((i for i in np.nonzero(scores > 0)[0]), key=lambda i: (-scores[i], i))[:5]
    together[c] = [[items[i], int(scores[i])] for i in picks]
out["together"] = together
with open(os.path.join(ref, "recommend.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.join(ref, "recommend.json"), "with", len(out["lift"]), "segment items")
