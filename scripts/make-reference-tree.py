#!/usr/bin/env python3
"""References for train tree (Tests/SegEngineTests/ClassifierTests): scikit-learn's
DecisionTreeClassifier on Bank Marketing (../shared/data/bank_marketing.csv, target y,
without duration, which is only known after the call): number columns as they are, the
others one-hot (OneHotEncoder(handle_unknown="ignore")), trained on the rows whose number
(from 0) is not a multiple of 5 and predicting the others. Writes
Tests/SegEngineTests/Reference/tree.json: per depth and criterion (and balanced class weights at depths 2 and 4), the predicted class and
the probability of "yes" of every test row, feature_importances_; and permutation_importance
of the depth-4 gini tree on the test rows (50 repeats)."""
import json, os, subprocess, sys

try:
    import numpy as np, pandas as pd, sklearn
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder
    from sklearn.inspection import permutation_importance
    from sklearn.tree import DecisionTreeClassifier
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas", "scikit-learn"])
    import numpy as np, pandas as pd, sklearn
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder
    from sklearn.inspection import permutation_importance
    from sklearn.tree import DecisionTreeClassifier

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")
bank_path = os.path.join(os.path.dirname(root), "shared", "data", "bank_marketing.csv")
numbers = ["age", "balance", "day", "campaign", "pdays", "previous"]
texts = ["job", "marital", "education", "default", "housing", "loan", "contact", "month", "poutcome"]

result = {"sklearn": sklearn.__version__, "numbers": numbers, "texts": texts, "cases": []}
if os.path.exists(bank_path):
    bank = pd.read_csv(bank_path, sep=";")
    test = np.arange(len(bank)) % 5 == 0
    train = bank[~test]
    for criterion, weight in (("gini", None), ("entropy", None), ("gini", "balanced")):
        for depth in ((2, 4, 8, None) if weight is None else (2, 4)):
            model = make_pipeline(
                ColumnTransformer([("n", "passthrough", numbers), ("t", OneHotEncoder(handle_unknown="ignore"), texts)]),
                DecisionTreeClassifier(max_depth=depth, criterion=criterion, class_weight=weight, random_state=0))
            model.fit(train[numbers + texts], train.y)
            proba = model.predict_proba(bank[test][numbers + texts])[:, list(model.classes_).index("yes")]
            result["cases"].append({
                "criterion": criterion, "max_depth": depth, "class_weight": weight or "none", "leaves": int(model[-1].get_n_leaves()),
                "predicted": list(model.predict(bank[test][numbers + texts])), "yes": proba.tolist(),
                "importances": model[-1].feature_importances_.tolist(),
            })
            if depth == 4 and criterion == "gini" and weight is None:
                # Columns shuffled before the encoding, as seg's importance shuffles a frame's columns.
                p = permutation_importance(model, bank[test][numbers + texts], bank[test].y, n_repeats=50, random_state=0)
                result["permutation"] = {"columns": numbers + texts, "means": p.importances_mean.tolist(), "repeats": 50}
with open(os.path.join(ref, "tree.json"), "w") as f:
    json.dump(result, f)
print("wrote tree.json with scikit-learn", sklearn.__version__)
