#!/usr/bin/env python3
"""Computes reference values with pandas on the real data sets in ../shared/data, for the
Foundation tests (types, row counts, describe, filter, dedupe, aggregate, join).
Writes Tests/SegEngineTests/Reference/foundation.json; `swift test` needs no Python."""
import json, os, subprocess, sys

try:
    import pandas as pd
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "pandas"])
    import pandas as pd

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.join(root, "..", "shared", "data")
out = {"pandas": pd.__version__}

def describe(df):
    res = {}
    for c in df.columns:
        s = df[c]
        d = {"count": int(s.count()), "missing": int(s.isna().sum()), "unique": int(s.nunique())}
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            q = s.quantile([0.25, 0.5, 0.75])
            d.update(mean=float(s.mean()), std=float(s.std()), min=float(s.min()), max=float(s.max()),
                     q25=float(q[0.25]), median=float(q[0.5]), q75=float(q[0.75]))
        else:
            vc = s.value_counts()
            d.update(topCount=int(vc.iloc[0]))
        res[c] = d
    return res

w = pd.read_csv(os.path.join(data, "wholesale_customers.csv"))
out["wholesale"] = {"rows": len(w), "describe": describe(w)}

b = pd.read_csv(os.path.join(data, "bank_marketing_full.csv"), sep=";")
out["bank"] = {"rows": len(b), "describe": describe(b),
               "byJob": {str(k): {"n": int(v["age"]), "meanBalance": float(v["balance"])}
                         for k, v in b.groupby("job").agg({"age": "count", "balance": "mean"}).iterrows()}}

r = pd.read_csv(os.path.join(data, "online_retail.csv.gz"), dtype={"InvoiceNo": str, "StockCode": str})
keep = r["CustomerID"].notna() & ~r["InvoiceNo"].str.startswith("C") & (r["Quantity"] > 0) & (r["UnitPrice"] > 0)
clean = r[keep].copy()
clean["Amount"] = clean["Quantity"] * clean["UnitPrice"]
per = clean.groupby("CustomerID").agg(spend=("Amount", "sum"), invoices=("InvoiceNo", "nunique"),
                                       lines=("Amount", "size"), median_price=("UnitPrice", "median"))
by_country = r.groupby("Country").agg(rows=("Quantity", "size"), units=("Quantity", "sum"),
                                      customers=("CustomerID", "nunique"), mean_price=("UnitPrice", "mean"))
out["retail"] = {
    "rows": len(r), "missingCustomer": int(r["CustomerID"].isna().sum()),
    "duplicateRows": int(r.duplicated().sum()), "cleanRows": int(len(clean)), "customers": int(len(per)),
    "perCustomer": {str(int(k)): [float(v.spend), int(v.invoices), int(v.lines), float(v.median_price)] for k, v in per.iterrows()},
    "byCountry": {k: [int(v.rows), int(v.units), int(v.customers), float(v.mean_price)] for k, v in by_country.iterrows()},
}
# Left join of per-customer spend onto the December slice's customers.
dec = pd.read_csv(os.path.join(data, "online_retail_2010-12.csv"), dtype={"InvoiceNo": str, "StockCode": str})
joined = dec.merge(per[["spend"]].reset_index(), on="CustomerID", how="left")
out["join"] = {"rows": len(joined), "matched": int(joined["spend"].notna().sum()),
               "spendSum": float(joined["spend"].sum())}

path = os.path.join(root, "Tests", "SegEngineTests", "Reference", "foundation.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
print("wrote", path)
