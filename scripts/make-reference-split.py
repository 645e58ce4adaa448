#!/usr/bin/env python3
"""References for split and crossval (Tests/SegEngineTests/TrainTestSplitTests): scikit-learn's
train_test_split with stratify= on Bank Marketing (../shared/data: y, job, education) and on
generated class counts, for several test shares: each class's rows in the test part. seg
draws its own rows (its generator is not NumPy's), so the counts per class are what must
agree; cases where remainders tie (scikit-learn then draws which class gets the extra row)
are marked. Also StratifiedKFold's class counts per fold (which do not depend on the
shuffle) and cross_validate's mean scores of a logistic regression on Bank Marketing.
Writes Tests/SegEngineTests/Reference/split.json."""
import json, os, subprocess, sys

try:
    import numpy as np, pandas as pd, sklearn
    from sklearn.model_selection import StratifiedKFold, cross_validate, train_test_split
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas", "scikit-learn"])
    import numpy as np, pandas as pd, sklearn
    from sklearn.model_selection import train_test_split

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")
shared = os.path.join(os.path.dirname(root), "shared", "data")


def case(labels, test):
    labels = np.asarray(labels)
    rows = np.arange(len(labels))
    train_rows, test_rows = train_test_split(rows, test_size=test, stratify=labels, random_state=0)
    classes, counts = np.unique(labels, return_counts=True)
    train_rows = np.asarray(train_rows)
    # Do remainders tie across the cut in either draw? Then scikit-learn draws which class
    # gets the extra row, and only the totals must agree.
    def straddles(counts, draws):
        cont = counts / counts.sum() * draws
        need = draws - int(np.floor(cont).sum())
        rem = sorted(np.round(cont - np.floor(cont), 12), reverse=True)
        return 0 < need < len(rem) and rem[need - 1] == rem[need]
    n_test = len(test_rows)
    n_train = len(labels) - n_test
    left = counts - np.bincount(np.searchsorted(classes, labels[train_rows]), minlength=len(classes))
    tie = straddles(counts, n_train) or straddles(left, n_test)
    test_counts = {str(c): int((labels[test_rows] == c).sum()) for c in classes}
    return {"test": test, "rows": len(labels), "test_rows": n_test, "test_counts": test_counts, "ties": bool(tie)}


result = {"sklearn": sklearn.__version__, "generated": []}
for counts in ([50, 30, 20], [7, 3], [1000, 13, 2], [333, 333, 334], [5, 5, 5, 5, 5, 5, 7]):
    labels = np.repeat([f"c{i}" for i in range(len(counts))], counts)
    for test in (0.2, 0.25, 0.33):
        result["generated"].append({"counts": counts, **case(labels, test)})
bank_path = os.path.join(shared, "bank_marketing.csv")
if os.path.exists(bank_path):
    bank = pd.read_csv(bank_path, sep=";")
    result["bank"] = [{"column": col, **case(bank[col].to_numpy(), test)} for col in ("y", "job", "education") for test in (0.2, 0.3)]


def fold_counts(labels, k):
    labels = np.asarray(labels)
    out = []
    for _, test_rows in StratifiedKFold(n_splits=k, shuffle=True, random_state=0).split(labels, labels):
        values, counts = np.unique(labels[test_rows], return_counts=True)
        out.append({str(v): int(c) for v, c in zip(values, counts)})
    return out


result["folds"] = []
for counts in ([50, 30, 20], [7, 13], [1000, 13, 6], [5, 5, 5, 5, 5, 5, 7]):
    labels = np.repeat([f"c{i}" for i in range(len(counts))], counts)
    # Classes in an order other than sorted: StratifiedKFold numbers them by first appearance.
    labels = labels[np.random.default_rng(1).permutation(len(labels))]
    for k in (2, 5):
        result["folds"].append({"labels": labels.tolist(), "folds": k, "test_counts": fold_counts(labels, k)})
if os.path.exists(bank_path):
    numbers = ["age", "balance", "day", "campaign", "pdays", "previous"]
    texts = ["job", "marital", "education", "housing", "loan", "contact", "poutcome"]
    model = make_pipeline(
        ColumnTransformer([("n", StandardScaler(), numbers), ("t", OneHotEncoder(handle_unknown="ignore"), texts)]),
        LogisticRegression(solver="newton-cholesky", tol=1e-12, max_iter=1000))
    scores = cross_validate(model, bank[numbers + texts], bank.y, cv=StratifiedKFold(5, shuffle=True, random_state=0),
                            scoring=["accuracy", "roc_auc", "balanced_accuracy"])
    result["bank_crossval"] = {"numbers": numbers, "texts": texts, "folds": 5,
                               "accuracy": float(scores["test_accuracy"].mean()), "roc_auc": float(scores["test_roc_auc"].mean()),
                               "balanced_accuracy": float(scores["test_balanced_accuracy"].mean())}
with open(os.path.join(ref, "split.json"), "w") as f:
    json.dump(result, f, indent=1)
print("wrote split.json with scikit-learn", sklearn.__version__)
