#!/usr/bin/env python3
"""References for crosstab (Tests/SegEngineTests/CrosstabTests): pandas.crosstab on Bank
Marketing (../shared/data/bank_marketing.csv: job by marital, counts and sums of balance,
each normalisation) and on a generated frame with missing keys and values.
Writes Tests/SegEngineTests/Reference/crosstab.json and crosstab_generated.csv."""
import json, math, os, subprocess, sys

try:
    import numpy as np, pandas as pd
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas"])
    import numpy as np, pandas as pd

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")
shared = os.path.join(os.path.dirname(root), "shared", "data")


def table(df, rows, cols, values=None, aggfunc=None, normalize=False):
    kwargs = {"normalize": normalize}
    if values is not None:
        kwargs.update(values=df[values], aggfunc=aggfunc)
    t = pd.crosstab(df[rows], df[cols], **kwargs)
    clean = lambda v: None if (isinstance(v, float) and math.isnan(v)) else float(v)
    return {
        "rows": [str(r) for r in t.index], "columns": [str(c) for c in t.columns],
        "values": [[clean(v) for v in row] for row in t.to_numpy(dtype=float)],
    }


def cases(df, rows, cols, values):
    out = {}
    for normalize in [False, "index", "columns", "all"]:
        name = {False: "none", "index": "row", "columns": "column", "all": "all"}[normalize]
        out["count_" + name] = table(df, rows, cols, normalize=normalize)
        out["sum_" + name] = table(df, rows, cols, values, "sum", normalize)
    out["mean_none"] = table(df, rows, cols, values, "mean")
    return out


result = {"pandas": pd.__version__}
bank_path = os.path.join(shared, "bank_marketing.csv")
if os.path.exists(bank_path):
    bank = pd.read_csv(bank_path, sep=";")
    result["bank"] = cases(bank, "job", "marital", "balance")

rng = np.random.default_rng(3)
n = 400
generated = pd.DataFrame({
    "segment": rng.choice(["a", "b", "c", None], n, p=[0.4, 0.3, 0.25, 0.05]),
    "region": rng.choice(["North", "South", "East", None], n, p=[0.5, 0.3, 0.15, 0.05]),
    "amount": np.round(rng.gamma(2.0, 30.0, n), 2),
})
generated.loc[rng.choice(n, 20, replace=False), "amount"] = np.nan
# A combination that never occurs: an empty cell.
generated.loc[(generated.segment == "c") & (generated.region == "East"), "region"] = "South"
generated.to_csv(os.path.join(ref, "crosstab_generated.csv"), index=False)
result["generated"] = cases(generated, "segment", "region", "amount")

with open(os.path.join(ref, "crosstab.json"), "w") as f:
    json.dump(result, f, indent=1, sort_keys=True)
print("wrote crosstab.json")
