#!/usr/bin/env python3
"""Reference values for `scale` and `impute`, from scikit-learn, on real data (wholesale,
bank marketing with "unknown" as missing) and on generated data with missing values.
Writes Tests/SegEngineTests/Reference/prep.json and the generated CSV beside it."""
import json, os, subprocess, sys

for pkg, mod in (("scikit-learn", "sklearn"), ("pandas", "pandas")):
    try:
        __import__(mod)
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", pkg])
import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.join(root, "..", "shared", "data")
ref_dir = os.path.join(root, "Tests", "SegEngineTests", "Reference")
out = {"sklearn": __import__("sklearn").__version__}

def scalers(frame):
    res = {}
    for name, scaler in (("zscore", StandardScaler()), ("minmax", MinMaxScaler()), ("robust", RobustScaler())):
        res[name] = {c: [None if np.isnan(v) else float(v) for v in scaler.fit_transform(frame[[c]].astype(float))[:, 0]]
                     for c in frame.columns}
    return res

w = pd.read_csv(os.path.join(data, "wholesale_customers.csv"))
out["wholesale"] = scalers(w)

# Generated data with missing values (seeded), saved so seg reads the very same numbers.
rng = np.random.default_rng(7)
n = 300
gen = pd.DataFrame({
    "spend": np.round(rng.lognormal(6, 1, n), 2),
    "visits": rng.poisson(4, n).astype(float),
    "score": np.round(rng.normal(50, 15, n), 1),
    "tier": rng.choice(["gold", "silver", "bronze"], n, p=[0.2, 0.5, 0.3]),
})
for c, share in (("spend", 0.1), ("visits", 0.05), ("score", 0.2), ("tier", 0.1)):
    gen.loc[rng.random(n) < share, c] = np.nan
gen["constant"] = 3.0
gen.to_csv(os.path.join(ref_dir, "prep_generated.csv"), index=False)
numeric = gen[["spend", "visits", "score", "constant"]]
out["generated"] = {"scale": scalers(numeric), "impute": {}}
for strategy, sk in (("mean", "mean"), ("median", "median"), ("mode", "most_frequent")):
    imp = SimpleImputer(strategy=sk).fit(numeric)
    out["generated"]["impute"][strategy] = dict(zip(numeric.columns, map(float, imp.statistics_)))
tier = SimpleImputer(strategy="most_frequent").fit(gen[["tier"]].astype(object))
out["generated"]["impute"]["tierMode"] = str(tier.statistics_[0])

b = pd.read_csv(os.path.join(data, "bank_marketing_full.csv"), sep=";", na_values=["unknown"], keep_default_na=False)
modes = {}
for c in ("job", "education", "contact", "poutcome"):
    modes[c] = {"mode": str(SimpleImputer(strategy="most_frequent").fit(b[[c]].astype(object)).statistics_[0]),
                "missing": int(b[c].isna().sum())}
# The full bank file is large: keep the first 500 transformed values of each column.
big = scalers(b[["balance", "age", "duration"]])
out["bank"] = {"modes": modes, "rows": int(len(b)),
               "scaled": {m: {c: v[:500] for c, v in cols.items()} for m, cols in big.items()}}

with open(os.path.join(ref_dir, "prep.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
print("wrote prep.json and prep_generated.csv")
