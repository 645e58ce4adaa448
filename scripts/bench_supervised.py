#!/usr/bin/env python3
"""Supervised benchmark, seg against scikit-learn and LightGBM on the same rows in one run.

Data: Bank Marketing full (../shared/data/bank_marketing_full.csv, 45,211 rows, target y,
without duration), split by seg (split test=20% stratify=y seed=0) and exported, so every
side trains on the same 36,168 rows and scores the same 9,043. seg's times are per command
from `seg run --timings`; the peers' from timers around the call, best of `repeat`, with
OMP_NUM_THREADS=2 (both cores, as seg uses). Text columns are one-hot for the forest (as
RandomForestClassifier needs) and native categories for boosting, on every side.
Usage: bench_supervised.py [repeat]"""
import os, subprocess, sys, tempfile, time

os.environ["OMP_NUM_THREADS"] = "2"
repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 3
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
seg = os.path.join(root, ".build", "release", "seg")
bank = os.path.join(os.path.dirname(root), "shared", "data", "bank_marketing_full.csv")
if not os.path.exists(bank):
    print("supervised benchmark skipped: ../shared/data/bank_marketing_full.csv is absent")
    sys.exit(0)
try:
    import lightgbm
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "lightgbm"])
    import lightgbm
import numpy as np, pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import OneHotEncoder

work = tempfile.mkdtemp(prefix="seg-bench-supervised-")
numbers = ["age", "balance", "day", "campaign", "pdays", "previous"]
texts = ["job", "marital", "education", "default", "housing", "loan", "contact", "month", "poutcome"]
features = " ".join(numbers + texts)
train_csv, test_csv = os.path.join(work, "train.csv"), os.path.join(work, "test.csv")
script = os.path.join(work, "bench.seg")
open(script, "w").write(f"""load "{bank}" delimiter=";" as bank
drop duration
split test=20% stratify=y seed=0 as train test
export "{train_csv}" from=train
export "{test_csv}" from=test
use train
train boosting {features} target=y as gb
predict gb from=test probabilities=true as gb_p
metrics y gb_p scores=gb_p_yes from=test
train forest {features} target=y as rf
predict rf from=test probabilities=true as rf_p
metrics y rf_p scores=rf_p_yes from=test
""")
names = ["boosting fit", "boosting predict", "forest fit", "forest predict"]
positions = [6, 7, 9, 10]
best, memory, aucs = [float("inf")] * 4, [0.0] * 4, []
for _ in range(repeat):
    r = subprocess.run([seg, "run", script, "--timings"], check=True, capture_output=True, text=True)
    lines = [l for l in r.stderr.splitlines() if l.startswith("timing:")]
    for i, p in enumerate(positions):
        best[i] = min(best[i], float(lines[p].split()[1]))
        memory[i] = float(lines[p].split("+")[1].split()[0])
    aucs = [float(l.split()[1]) for l in r.stdout.splitlines() if l.startswith("roc_auc")]

train, test = pd.read_csv(train_csv), pd.read_csv(test_csv)
y_train, y_test = (train.y == "yes").astype(int), (test.y == "yes").astype(int)
hot = ColumnTransformer([("n", "passthrough", numbers), ("t", OneHotEncoder(handle_unknown="ignore", sparse_output=False), texts)])
x_hot, x_hot_test = hot.fit_transform(train[numbers + texts]), hot.transform(test[numbers + texts])
x_cat, x_cat_test = train[numbers + texts].copy(), test[numbers + texts].copy()
for t in texts:
    x_cat[t] = x_cat[t].astype("category")
    x_cat_test[t] = pd.Categorical(x_cat_test[t], categories=x_cat[t].cat.categories)


def peer(make, x, x_test):
    fit, predict, model = float("inf"), float("inf"), None
    for _ in range(repeat):
        model = make()
        t = time.perf_counter(); model.fit(x, y_train); fit = min(fit, (time.perf_counter() - t) * 1000)
        t = time.perf_counter(); p = model.predict_proba(x_test)[:, 1]; predict = min(predict, (time.perf_counter() - t) * 1000)
    return fit, predict, roc_auc_score(y_test, p)


peers = {
    "scikit-learn HistGradientBoosting": peer(lambda: HistGradientBoostingClassifier(categorical_features="from_dtype", random_state=0), x_cat, x_cat_test),
    "LightGBM": peer(lambda: lightgbm.LGBMClassifier(verbose=-1, n_jobs=2, random_state=0), x_cat, x_cat_test),
    "scikit-learn RandomForest (n_jobs=2)": peer(lambda: RandomForestClassifier(n_jobs=2, random_state=0), x_hot, x_hot_test),
}
print(f"supervised, bank-full ({len(train):,} training rows, {len(test):,} test rows), best of {repeat}")
print(f"{'':38} {'fit ms':>9} {'predict ms':>11} {'AUC':>7} {'fit ratio':>10} {'predict ratio':>14}")
print(f"{'seg boosting':38} {best[0]:9.1f} {best[1]:11.1f} {aucs[0]:7.4f}")
for name in ["scikit-learn HistGradientBoosting", "LightGBM"]:
    f, p, a = peers[name]
    print(f"{name:38} {f:9.1f} {p:11.1f} {a:7.4f} {best[0] / f:10.2f} {best[1] / p:14.2f}")
print(f"{'seg forest':38} {best[2]:9.1f} {best[3]:11.1f} {aucs[1]:7.4f}")
f, p, a = peers["scikit-learn RandomForest (n_jobs=2)"]
print(f"{'scikit-learn RandomForest (n_jobs=2)':38} {f:9.1f} {p:11.1f} {a:7.4f} {best[2] / f:10.2f} {best[3] / p:14.2f}")
print(f"seg peak memory growth: boosting fit {memory[0]:.1f} MB, forest fit {memory[2]:.1f} MB (seg_ms / peer_ms: below 1 is faster)")
