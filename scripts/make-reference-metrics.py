#!/usr/bin/env python3
"""References for classification metrics (Tests/SegEngineTests/ClassificationMetricsTests):
sklearn.metrics on generated data (two classes with tied scores, three text classes with
probability columns, a class never predicted; with their ROC, precision-recall and
calibration curves) and on Bank Marketing (../shared/data:
actual y; predicted "yes" when the last campaign succeeded; a score from pdays and balance,
the same formula the test computes). Writes Tests/SegEngineTests/Reference/metrics.json and
metrics_generated.csv."""
import json, os, subprocess, sys

try:
    import numpy as np, pandas as pd, sklearn
    from sklearn import metrics as m
    from sklearn.preprocessing import label_binarize
    from sklearn.calibration import calibration_curve
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas", "scikit-learn"])
    import numpy as np, pandas as pd, sklearn
    from sklearn import metrics as m
    from sklearn.preprocessing import label_binarize
    from sklearn.calibration import calibration_curve

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")
shared = os.path.join(os.path.dirname(root), "shared", "data")


def summary(actual, predicted, scores=None):
    labels = sorted(set(actual) | set(predicted))
    p, r, f, s = m.precision_recall_fscore_support(actual, predicted, labels=labels, zero_division=0)
    out = {
        "classes": [str(l) for l in labels],
        "confusion": m.confusion_matrix(actual, predicted, labels=labels).tolist(),
        "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist(),
        "accuracy": m.accuracy_score(actual, predicted),
        "balanced_accuracy": m.balanced_accuracy_score(actual, predicted),
    }
    for avg in ("macro", "weighted"):
        ap, ar, af, _ = m.precision_recall_fscore_support(actual, predicted, labels=labels, average=avg, zero_division=0)
        out[avg] = [ap, ar, af]
    if scores is not None:
        # The curves behind plot roc, pr and calibration: one for two classes, one per class else.
        columns = [(labels[1], np.asarray(scores))] if len(labels) == 2 else [(l, np.asarray(scores)[:, i]) for i, l in enumerate(labels)]
        out["curves"] = []
        for label, column in columns:
            positive = np.asarray(actual) == label
            fpr, tpr, _ = m.roc_curve(positive, column)
            precision, recall, _ = m.precision_recall_curve(positive, column)
            prob_true, prob_pred = calibration_curve(positive, column, n_bins=5)
            out["curves"].append({"label": str(label), "fpr": fpr.tolist(), "tpr": tpr.tolist(), "precision": precision.tolist(),
                                  "recall": recall.tolist(), "prob_true": prob_true.tolist(), "prob_pred": prob_pred.tolist()})
        if len(labels) == 2:
            positive = np.asarray(actual) == labels[1]
            out["roc_auc"] = m.roc_auc_score(positive, scores)
            out["average_precision"] = m.average_precision_score(positive, scores)
            out["log_loss"] = m.log_loss(positive, scores)
        else:
            out["roc_auc"] = m.roc_auc_score(actual, scores, multi_class="ovr", average="macro", labels=labels)
            out["average_precision"] = m.average_precision_score(label_binarize(actual, classes=labels), scores, average="macro")
            out["log_loss"] = m.log_loss(actual, scores, labels=labels)
    return out


result = {"sklearn": sklearn.__version__}
rng = np.random.default_rng(11)
n = 600
# Two classes: scores rounded to two decimals, so many rows tie.
truth = rng.random(n) < 0.3
score = np.clip(np.round(0.3 * truth + rng.random(n) * 0.7, 2), 0.0, 1.0)
binary_actual = np.where(truth, 1, 0)
binary_predicted = (score > 0.5).astype(int)
# Three text classes with softmax probabilities, one class ("c") never predicted.
logits = rng.normal(size=(n, 3))
classes = np.array(["a", "b", "c"])
multi_actual = classes[np.argmax(logits + rng.normal(scale=1.0, size=(n, 3)), axis=1)]
probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
multi_predicted = np.where(probabilities[:, 0] > probabilities[:, 1], "a", "b")
frame = pd.DataFrame({"actual": binary_actual, "predicted": binary_predicted, "score": score,
                      "class": multi_actual, "guess": multi_predicted,
                      "p_a": probabilities[:, 0], "p_b": probabilities[:, 1], "p_c": probabilities[:, 2]})
frame.to_csv(os.path.join(ref, "metrics_generated.csv"), index=False, float_format="%.17g")
result["binary"] = summary(list(binary_actual), list(binary_predicted), score)
result["multi"] = summary(list(multi_actual), list(multi_predicted), probabilities)

bank_path = os.path.join(shared, "bank_marketing.csv")
if os.path.exists(bank_path):
    bank = pd.read_csv(bank_path, sep=";")
    predicted = np.where(bank.poutcome == "success", "yes", "no")
    bank_score = np.where(bank.pdays > 0, 0.3, 0.05) + np.minimum(bank.balance.clip(lower=0), 10000) / 100000
    result["bank"] = summary(list(bank.y), list(predicted), bank_score)

with open(os.path.join(ref, "metrics.json"), "w") as f:
    json.dump(result, f, indent=1)
print("wrote metrics.json with sklearn", sklearn.__version__)
