#!/usr/bin/env python3
"""References for train forest and train boosting (Tests/SegEngineTests/EnsembleTests):
scikit-learn on Bank Marketing (../shared/data/bank_marketing.csv, target y, without
duration), trained on the rows whose number (from 0) is not a multiple of 5, scored on the
others by ROC AUC:
- RandomForestClassifier (number columns as they are, the others one-hot) over seeds 0-4,
  also with class_weight="balanced";
- HistGradientBoostingClassifier with the text columns as native categories, as seg's
  boosting reads them, with and without early stopping; the same for 3 classes (marital);
  with class_weight="balanced" for both targets;
- MLPClassifier (StandardScaler on the number columns, the others one-hot, early stopping)
  over seeds 0-4;
- the bin thresholds its _BinMapper finds for each number column, unweighted and with the
  balanced class weights of y (seg's FeatureBins must find the same ones).
Writes Tests/SegEngineTests/Reference/ensembles.json."""
import json, os, subprocess, sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
try:
    import numpy as np, pandas as pd, sklearn
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas", "scikit-learn"])
    import numpy as np, pandas as pd, sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.ensemble._hist_gradient_boosting.binning import _BinMapper
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")
bank_path = os.path.join(os.path.dirname(root), "shared", "data", "bank_marketing.csv")
numbers = ["age", "balance", "day", "campaign", "pdays", "previous"]
texts = ["job", "marital", "education", "default", "housing", "loan", "contact", "month", "poutcome"]
result = {"sklearn": sklearn.__version__, "numbers": numbers, "texts": texts}


def auc(y, proba, classes):
    if len(classes) == 2:
        return roc_auc_score(y == classes[1], proba[:, 1])
    return roc_auc_score(y, proba, multi_class="ovr", average="macro")


if os.path.exists(bank_path):
    bank = pd.read_csv(bank_path, sep=";")
    test = np.arange(len(bank)) % 5 == 0
    train, held = bank[~test], bank[test]
    result["thresholds"] = {c: _BinMapper().fit(train[[c]].to_numpy(dtype=float)).bin_thresholds_[0].tolist() for c in numbers}
    # With class_weight="balanced" the rows weigh n / (2 × their class's rows) in the percentiles.
    counts = train.y.value_counts()
    weights = (len(train) / (2 * train.y.map(counts))).to_numpy(dtype=float)
    result["balanced_thresholds"] = {c: _BinMapper().fit(train[[c]].to_numpy(dtype=float), sample_weight=weights).bin_thresholds_[0].tolist() for c in numbers}
    forest = []
    for seed in range(5):
        model = make_pipeline(
            ColumnTransformer([("n", "passthrough", numbers), ("t", OneHotEncoder(handle_unknown="ignore"), texts)]),
            RandomForestClassifier(random_state=seed, n_jobs=1))
        model.fit(train[numbers + texts], train.y)
        forest.append(auc(held.y, model.predict_proba(held[numbers + texts]), list(model.classes_)))
    result["forest_auc"] = forest
    balanced = []
    for seed in range(5):
        model = make_pipeline(
            ColumnTransformer([("n", "passthrough", numbers), ("t", OneHotEncoder(handle_unknown="ignore"), texts)]),
            RandomForestClassifier(random_state=seed, n_jobs=1, class_weight="balanced"))
        model.fit(train[numbers + texts], train.y)
        balanced.append(auc(held.y, model.predict_proba(held[numbers + texts]), list(model.classes_)))
    result["forest_balanced_auc"] = balanced
    mlp = []
    for seed in range(5):
        model = make_pipeline(
            ColumnTransformer([("n", StandardScaler(), numbers), ("t", OneHotEncoder(handle_unknown="ignore"), texts)]),
            MLPClassifier(random_state=seed, early_stopping=True))
        model.fit(train[numbers + texts], train.y)
        mlp.append(auc(held.y, model.predict_proba(held[numbers + texts]), list(model.classes_)))
    result["mlp_auc"] = mlp
    boosting = []
    for target, stopping, weight in [("y", False, None), ("y", True, None), ("marital", False, None), ("y", False, "balanced"), ("marital", False, "balanced")]:
        features = numbers + [t for t in texts if t != target]
        x_train, x_test = train[features].copy(), held[features].copy()
        for t in texts:
            if t in features:
                x_train[t] = x_train[t].astype("category")
                x_test[t] = pd.Categorical(x_test[t], categories=x_train[t].cat.categories)
        model = HistGradientBoostingClassifier(categorical_features="from_dtype", early_stopping=stopping, random_state=0, class_weight=weight)
        model.fit(x_train, train[target])
        boosting.append({"target": target, "early_stopping": stopping, "class_weight": weight or "none", "rounds": int(model.n_iter_),
                         "auc": auc(held[target], model.predict_proba(x_test), list(model.classes_))})
    result["boosting"] = boosting
with open(os.path.join(ref, "ensembles.json"), "w") as f:
    json.dump(result, f)
print("wrote ensembles.json with scikit-learn", sklearn.__version__)
