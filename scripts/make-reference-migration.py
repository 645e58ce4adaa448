#!/usr/bin/env python3
"""References for migrate (Tests/SegEngineTests/MigrationTests): pandas.crosstab of segment
labels before and after, counts and row shares (normalize="index"), with customers new in
the later period and lost from the earlier one, on generated customers; the two periods are
written to Reference/migration_before.csv and migration_after.csv (matched by customer_id)
and their outer merge to migration_merged.csv (both labels in one frame). On real data:
Online Retail (../shared/data, read there, never copied) cleaned as the tests clean it,
each customer's spend in October and in November 2011 cut into three bands, and the
crosstab of the two months' bands with customers new in November and lost from October.
Writes Tests/SegEngineTests/Reference/migration.json."""
import json, os, subprocess, sys

try:
    import numpy as np, pandas as pd
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas"])
    import numpy as np, pandas as pd

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")
rng = np.random.default_rng(5)

ids = np.arange(1000, 1600)
before = pd.DataFrame({"customer_id": ids, "segment": rng.choice([0, 1, 2, 3], len(ids), p=[0.4, 0.3, 0.2, 0.1])})
# Most customers stay; some move to a neighbouring segment; 60 leave and 80 arrive.
moves = rng.random(len(ids))
after_labels = np.where(moves < 0.75, before.segment, np.where(moves < 0.9, (before.segment + 1) % 4, rng.integers(0, 4, len(ids))))
after = pd.DataFrame({"customer_id": ids, "segment": after_labels})
after = after.drop(index=rng.choice(len(ids), 60, replace=False))
after = pd.concat([after, pd.DataFrame({"customer_id": np.arange(2000, 2080), "segment": rng.choice([0, 1, 2, 3], 80)})])
after = after.sample(frac=1, random_state=3).reset_index(drop=True)
before.to_csv(os.path.join(ref, "migration_before.csv"), index=False)
after.to_csv(os.path.join(ref, "migration_after.csv"), index=False)

merged = before.merge(after, on="customer_id", how="outer", suffixes=("_before", "_after"))
merged.to_csv(os.path.join(ref, "migration_merged.csv"), index=False, float_format="%.0f")
NEW, LOST = 1_000_000, 1_000_001
b = merged.segment_before.fillna(NEW).astype(int)
a = merged.segment_after.fillna(LOST).astype(int)
counts = pd.crosstab(b, a)
shares = pd.crosstab(b, a, normalize="index")
result = {
    "pandas": pd.__version__,
    "counts": counts.to_numpy().tolist(),
    "row_shares": shares.to_numpy().tolist(),
    "before": [int(x) for x in counts.index if x != NEW],
    "after": [int(x) for x in counts.columns if x != LOST],
    "stayed": int((merged.segment_before == merged.segment_after).sum()),
    "new": int(merged.segment_before.isna().sum()),
    "lost": int(merged.segment_after.isna().sum()),
}
result["moved"] = int(len(merged) - result["stayed"] - result["new"] - result["lost"])

retail_path = os.path.join(root, "..", "shared", "data", "online_retail.csv.gz")
if os.path.exists(retail_path):
    retail = pd.read_csv(retail_path, dtype={"InvoiceNo": str, "StockCode": str})
    retail = retail[retail.CustomerID.notna() & ~retail.InvoiceNo.str.startswith("C") & (retail.Quantity > 0) & (retail.UnitPrice > 0)]
    month = pd.to_datetime(retail.InvoiceDate).dt.strftime("%Y-%m")
    amount = retail.Quantity * retail.UnitPrice
    # Prices have at most three decimals, so no sum lies within half a thousandth of a cut.
    cuts = [250.0005, 1000.0005]
    def bands(m):
        spend = amount[month == m].groupby(retail.CustomerID[month == m]).sum()
        return pd.DataFrame({"customer_id": spend.index.astype(int), "band": np.searchsorted(cuts, spend.to_numpy())})
    october, november = bands("2011-10"), bands("2011-11")
    both = october.merge(november, on="customer_id", how="outer", suffixes=("_before", "_after"))
    b = both.band_before.fillna(NEW).astype(int)
    a = both.band_after.fillna(LOST).astype(int)
    result["onlineRetail"] = {
        "months": ["2011-10", "2011-11"], "cuts": cuts,
        "counts": pd.crosstab(b, a).to_numpy().tolist(),
        "stayed": int((both.band_before == both.band_after).sum()),
        "new": int(both.band_before.isna().sum()), "lost": int(both.band_after.isna().sum()),
    }
with open(os.path.join(ref, "migration.json"), "w") as f:
    json.dump(result, f, indent=1, sort_keys=True)
print("wrote migration.json")
