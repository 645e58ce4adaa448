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
from scipy import stats
from scipy.stats import mstats
from sklearn.decomposition import PCA
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, OrdinalEncoder, RobustScaler, StandardScaler

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
spend = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]
# winsorize: scipy limits are the tail shares; seg's upper=99% is scipy's 0.01.
out["winsorize"] = {f"{lo},{hi}": {c: [float(v) for v in mstats.winsorize(w[c].astype(float).to_numpy(), limits=(lo, hi))]
                                   for c in spend} for lo, hi in ((0.01, 0.01), (0.05, 0.1), (0.0, 0.25))}
out["transform"] = {}
for c in spend:
    x = w[c].astype(float).to_numpy()
    bc, lam_bc = stats.boxcox(x)
    yj, lam_yj = stats.yeojohnson(x - 5000)  # shifted so that some values are negative
    out["transform"][c] = {"boxcoxLambda": float(lam_bc), "boxcox": [float(v) for v in bc],
                           "yeojohnsonLambda": float(lam_yj), "yeojohnson": [float(v) for v in yj],
                           "log1p": [float(v) for v in np.log1p(x)]}
logged = np.log1p(w[spend].astype(float))
pca = PCA(n_components=3).fit(logged)
out["pca"] = {"components": pca.components_.tolist(), "ratio": pca.explained_variance_ratio_.tolist(),
              "variance": pca.explained_variance_.tolist(), "scores": pca.transform(logged).T.tolist()}
# Outlier fences by their textbook formulas (numpy), independent of seg's code.
def fences(x, method, f):
    x = x[~np.isnan(x)]
    if method == "iqr":
        q1, q3 = np.percentile(x, [25, 75])
        return q1 - f * (q3 - q1), q3 + f * (q3 - q1)
    if method == "zscore":
        return x.mean() - f * x.std(), x.mean() + f * x.std()
    med = np.median(x)
    mad = np.median(np.abs(x - med))
    return med - f * mad / 0.6745, med + f * mad / 0.6745
# Large, skewed values (incomes): the likelihood must be computed without overflow.
incomes = np.round(np.random.default_rng(11).lognormal(10.8, 0.6, 500), 0)
lam_inc = stats.boxcox(incomes)[1]
out["transform"]["incomes"] = {"values": [float(v) for v in incomes], "boxcoxLambda": float(lam_inc),
                               "yeojohnsonLambda": float(stats.yeojohnson(incomes)[1])}
out["outliers"] = {m: {c: {"fences": list(map(float, fences(w[c].astype(float).to_numpy(), m, f))),
                           "count": int(((w[c] < fences(w[c].astype(float).to_numpy(), m, f)[0]) |
                                         (w[c] > fences(w[c].astype(float).to_numpy(), m, f)[1])).sum())}
                       for c in spend} for m, f in (("iqr", 1.5), ("zscore", 3.0), ("mad", 3.5))}

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
# Unrounded continuous features for k-nearest-neighbour filling (rounded values tie).
for c in ("knn_a", "knn_b", "knn_c"):
    gen[c] = rng.normal(0, [1.0, 10.0, 100.0][["knn_a", "knn_b", "knn_c"].index(c)], n)
    gen.loc[rng.random(n) < 0.1, c] = np.nan
gen.to_csv(os.path.join(ref_dir, "prep_generated.csv"), index=False)
numeric = gen[["spend", "visits", "score", "constant"]]
out["generated"] = {"scale": scalers(numeric), "impute": {}}
for strategy, sk in (("mean", "mean"), ("median", "median"), ("mode", "most_frequent")):
    imp = SimpleImputer(strategy=sk).fit(numeric)
    out["generated"]["impute"][strategy] = dict(zip(numeric.columns, map(float, imp.statistics_)))
# Regression imputation: LinearRegression on the rows where spend, visits and score are present.
from sklearn.linear_model import LinearRegression
from sklearn.impute import KNNImputer
feats = ["visits", "score"]
complete = gen.dropna(subset=["spend"] + feats)
lr = LinearRegression().fit(complete[feats], complete["spend"])
out["generated"]["regression"] = {"intercept": float(lr.intercept_), "coef": [float(v) for v in lr.coef_]}
# KNN: KNNImputer(5) on standardised features, back in original units. Continuous features
# only: with a discrete one, many distances tie and scikit-learn's order among ties follows
# the rounding noise of its distance formula, which no other implementation reproduces.
cols = ["knn_a", "knn_b", "knn_c"]
sc = StandardScaler().fit(gen[cols])
knn = sc.inverse_transform(KNNImputer(n_neighbors=5).fit_transform(sc.transform(gen[cols])))
out["generated"]["knn"] = {c: [float(v) for v in knn[:, k]] for k, c in enumerate(cols)}
tier = SimpleImputer(strategy="most_frequent").fit(gen[["tier"]].astype(object))
out["generated"]["impute"]["tierMode"] = str(tier.statistics_[0])

b = pd.read_csv(os.path.join(data, "bank_marketing_full.csv"), sep=";", na_values=["unknown"], keep_default_na=False)
modes = {}
for c in ("job", "education", "contact", "poutcome"):
    modes[c] = {"mode": str(SimpleImputer(strategy="most_frequent").fit(b[[c]].astype(object)).statistics_[0]),
                "missing": int(b[c].isna().sum())}
# The full bank file is large: keep the first 500 transformed values of each column.
big = scalers(b[["balance", "age", "duration"]])
cats = ["job", "marital", "education", "month"]
filled = pd.read_csv(os.path.join(data, "bank_marketing_full.csv"), sep=";")[cats]  # "unknown" as a category
onehot = OneHotEncoder().fit(filled)
ordinal = OrdinalEncoder().fit(filled)
out["encode"] = {
    "categories": {c: [str(v) for v in cs] for c, cs in zip(cats, onehot.categories_)},
    "onehotColumnSums": [int(v) for v in onehot.transform(filled).sum(axis=0).A1],
    "ordinalFirst100": {c: [int(v) for v in ordinal.transform(filled)[:100, k]] for k, c in enumerate(cats)},
    "frequency": {c: {str(k): float(v) for k, v in filled[c].value_counts(normalize=True).items()} for c in cats},
}
out["bank"] = {"modes": modes, "rows": int(len(b)),
               "scaled": {m: {c: v[:500] for c, v in cols.items()} for m, cols in big.items()}}

with open(os.path.join(ref_dir, "prep.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
print("wrote prep.json and prep_generated.csv")
