#!/usr/bin/env python3
"""RFM per customer on Online Retail with pandas, after the standard cleaning (customer
present, not a C invoice, quantity > 0, price > 0): snapshot = last invoice + 1 day,
recency in whole days, frequency = distinct invoices, monetary = sum of quantity * price,
scores = qcut(rank(method="first"), 5). Writes Tests/SegEngineTests/Reference/rfm.json."""
import json, os, subprocess, sys

try:
    import pandas as pd
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "pandas"])
    import pandas as pd

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
r = pd.read_csv(os.path.join(root, "..", "shared", "data", "online_retail.csv.gz"),
                dtype={"InvoiceNo": str, "StockCode": str}, parse_dates=["InvoiceDate"])
r = r[r["CustomerID"].notna() & ~r["InvoiceNo"].str.startswith("C") & (r["Quantity"] > 0) & (r["UnitPrice"] > 0)].copy()
r["Amount"] = r["Quantity"] * r["UnitPrice"]
snapshot = r["InvoiceDate"].max() + pd.Timedelta(days=1)
g = r.groupby("CustomerID").agg(last=("InvoiceDate", "max"), frequency=("InvoiceNo", "nunique"), monetary=("Amount", "sum"))
g["recency"] = (snapshot - g["last"]).dt.days
g["r"] = pd.qcut(g["recency"].rank(method="first"), 5, labels=[5, 4, 3, 2, 1]).astype(int)
g["f"] = pd.qcut(g["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
g["m"] = pd.qcut(g["monetary"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
out = {"rows": int(len(r)), "customers": int(len(g)), "snapshot": str(snapshot),
       "perCustomer": {str(int(k)): [int(v.recency), int(v.frequency), float(v.monetary), int(v.r), int(v.f), int(v.m)]
                       for k, v in g.iterrows()}}
# Historical CLV: margin 30 %, horizon 365 days, history to the day after the last purchase.
day = r["InvoiceDate"].dt.normalize()
asof = day.max() + pd.Timedelta(days=1)
c = r.assign(day=day).groupby("CustomerID").agg(orders=("InvoiceNo", "nunique"), revenue=("Amount", "sum"), first=("day", "min"))
c["observed"] = (asof - c["first"]).dt.days.clip(lower=30)
c["clv"] = c["revenue"] / c["orders"] * (c["orders"] / c["observed"] * 365.25) * 0.3 * (365 / 365.25)
out["clv"] = {str(int(k)): [int(v.orders), float(v.revenue), int(v.observed), float(v.clv)] for k, v in c.iterrows()}
# Date parts of every 500th invoice date, ages to 2011-12-10.
ref_day = pd.Timestamp("2011-12-10")
d = r["InvoiceDate"].iloc[::500]
months = (ref_day.year - d.dt.year) * 12 + (ref_day.month - d.dt.month) - (ref_day.day < d.dt.day).astype(int)
out["datefeatures"] = {"dates": [str(x) for x in d], "year": d.dt.year.tolist(), "quarter": d.dt.quarter.tolist(),
                       "month": d.dt.month.tolist(), "weekday": (d.dt.dayofweek + 1).tolist(),
                       "days_since": (ref_day - d.dt.normalize()).dt.days.tolist(), "tenure_months": months.tolist()}
with open(os.path.join(root, "Tests", "SegEngineTests", "Reference", "rfm.json"), "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
print("wrote rfm.json:", len(g), "customers")
