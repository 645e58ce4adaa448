#!/usr/bin/env python3
"""Supervised benchmark, seg against scikit-learn and LightGBM on the same rows in one run.

Data: Bank Marketing full (../shared/data/bank_marketing_full.csv, 45,211 rows, target y,
without duration), split by seg (split test=20% stratify=y seed=0) and exported, so every
side trains on the same 36,168 rows and scores the same 9,043. seg's times and peak memory
growth are per command from `seg run --timings`; the peers' from timers and the kernel's
resident high-water mark (reset the same way) around the call; best time and largest
growth of `repeat` runs, with OMP_NUM_THREADS=2 (both cores, as seg uses). Text columns
are one-hot for the forest (as RandomForestClassifier needs) and native categories for
boosting, on every side.
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
        memory[i] = max(memory[i], float(lines[p].split("+")[1].split()[0]))
    aucs = [float(l.split()[1]) for l in r.stdout.splitlines() if l.startswith("roc_auc")]

train, test = pd.read_csv(train_csv), pd.read_csv(test_csv)
y_train, y_test = (train.y == "yes").astype(int), (test.y == "yes").astype(int)
hot = ColumnTransformer([("n", "passthrough", numbers), ("t", OneHotEncoder(handle_unknown="ignore", sparse_output=False), texts)])
x_hot, x_hot_test = hot.fit_transform(train[numbers + texts]), hot.transform(test[numbers + texts])
x_cat, x_cat_test = train[numbers + texts].copy(), test[numbers + texts].copy()
for t in texts:
    x_cat[t] = x_cat[t].astype("category")
    x_cat_test[t] = pd.Categorical(x_cat_test[t], categories=x_cat[t].cat.categories)


def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024


def start_peak():
    """Resets the resident high-water mark (as seg's --timings does) and returns the resident MB now."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    return status("VmRSS")


def peer(make, x, x_test):
    """Best fit and predict times, the largest peak memory growth of a fit, and the AUC."""
    fit, predict, memory, model = float("inf"), float("inf"), 0.0, None
    for _ in range(repeat):
        model = None
        before = start_peak()
        model = make()
        t = time.perf_counter(); model.fit(x, y_train); fit = min(fit, (time.perf_counter() - t) * 1000)
        memory = max(memory, status("VmHWM") - before)
        t = time.perf_counter(); p = model.predict_proba(x_test)[:, 1]; predict = min(predict, (time.perf_counter() - t) * 1000)
    return fit, predict, memory, roc_auc_score(y_test, p)


peers = {
    "scikit-learn HistGradientBoosting": peer(lambda: HistGradientBoostingClassifier(categorical_features="from_dtype", random_state=0), x_cat, x_cat_test),
    "LightGBM": peer(lambda: lightgbm.LGBMClassifier(verbose=-1, n_jobs=2, random_state=0), x_cat, x_cat_test),
    "scikit-learn RandomForest (n_jobs=2)": peer(lambda: RandomForestClassifier(n_jobs=2, random_state=0), x_hot, x_hot_test),
}
print(f"supervised, bank-full ({len(train):,} training rows, {len(test):,} test rows), best of {repeat}")
print(f"{'':38} {'fit ms':>9} {'predict ms':>11} {'fit MB':>7} {'AUC':>7} {'fit ratio':>10} {'predict ratio':>14} {'memory ratio':>13}")


def rows(seg_fit, seg_predict, seg_memory, auc, names):
    print(f"{'seg ' + names[0]:38} {seg_fit:9.1f} {seg_predict:11.1f} {seg_memory:7.1f} {auc:7.4f}")
    for name in names[1:]:
        f, p, m, a = peers[name]
        print(f"{name:38} {f:9.1f} {p:11.1f} {m:7.1f} {a:7.4f} {seg_fit / f:10.2f} {seg_predict / p:14.2f} {seg_memory / max(m, 0.1):13.2f}")


rows(best[0], best[1], memory[0], aucs[0], ["boosting", "scikit-learn HistGradientBoosting", "LightGBM"])
rows(best[2], best[3], memory[2], aucs[1], ["forest", "scikit-learn RandomForest (n_jobs=2)"])
print("ratios are seg / peer: below 1 is faster or smaller; fit MB is the peak resident memory a fit adds")
