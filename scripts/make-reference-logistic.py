#!/usr/bin/env python3
"""References for train logistic (Tests/SegEngineTests/ClassifierTests): scikit-learn's
LogisticRegression (L2, C) behind StandardScaler on the number columns and OneHotEncoder on
the others, on Bank Marketing (../shared/data/bank_marketing.csv, without duration): y (two
classes) and marital (three, multinomial), trained on the rows whose number (from 0) is not
a multiple of 5, also with class_weight="balanced". Solved with solver="newton-cholesky" to a tight tolerance, so the
coefficients are the optimum's (lbfgs, the default, stops on its relative-decrease test
about 3e-5 away, which is a solver's tolerance, not the model). Writes
Tests/SegEngineTests/Reference/logistic.json: coefficients, intercepts and the test rows'
probabilities."""
import json, os, subprocess, sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
try:
    import numpy as np, pandas as pd, sklearn
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas", "scikit-learn"])
    import numpy as np, pandas as pd, sklearn
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")
bank_path = os.path.join(os.path.dirname(root), "shared", "data", "bank_marketing.csv")
numbers = ["age", "balance", "day", "campaign", "pdays", "previous"]
result = {"sklearn": sklearn.__version__, "numbers": numbers, "cases": []}
if os.path.exists(bank_path):
    bank = pd.read_csv(bank_path, sep=";")
    test = np.arange(len(bank)) % 5 == 0
    for target, texts, c, weight in [("y", ["job", "marital", "education", "housing", "loan", "contact", "poutcome"], 1.0, None),
                                     ("y", ["job", "housing", "poutcome"], 0.05, None),
                                     ("marital", ["job", "education", "housing", "y"], 1.0, None),
                                     ("y", ["job", "marital", "education", "housing", "loan", "contact", "poutcome"], 1.0, "balanced"),
                                     ("marital", ["job", "education", "housing", "y"], 0.5, "balanced")]:
        model = make_pipeline(
            ColumnTransformer([("n", StandardScaler(), numbers), ("t", OneHotEncoder(handle_unknown="ignore"), texts)]),
            LogisticRegression(C=c, solver="newton-cholesky", tol=1e-12, max_iter=1000, class_weight=weight))
        model.fit(bank[~test][numbers + texts], bank[~test][target])
        lr = model[-1]
        result["cases"].append({
            "target": target, "texts": texts, "C": c, "class_weight": weight or "none", "classes": [str(x) for x in lr.classes_],
            "coefficients": lr.coef_.tolist(), "intercepts": lr.intercept_.tolist(),
            "probabilities": model.predict_proba(bank[test][numbers + texts]).T.tolist(),
        })
with open(os.path.join(ref, "logistic.json"), "w") as f:
    json.dump(result, f)
print("wrote logistic.json with scikit-learn", sklearn.__version__)
