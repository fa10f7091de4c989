# Writes roc_sklearn.json: scikit-learn's roc_curve, roc_auc_score,
# precision_recall_curve, average_precision_score and auc on a few label and
# score arrays (ties included), the fixture of core/roc_test.go. Run with a
# Python that has scikit-learn (Debian: apt-get install python3-sklearn):
#
#   python3 core/testdata/roc_sklearn.py > core/testdata/roc_sklearn.json
#
# scikit-learn before 1.3 puts max(score)+1 as the ROC's first threshold,
# 1.3 and later +inf (as gotrain does): the fixture stores +inf as null.
import json
import math

import numpy as np
import sklearn
from sklearn.metrics import auc, average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

rng = np.random.default_rng(7)
cases = []


def add(name, y, s):
    y = np.asarray(y, dtype=float)
    s = np.asarray(s, dtype=float)
    fpr, tpr, thr = roc_curve(y, s)
    thr = [None] + [float(t) for t in thr[1:]]
    p, r, pthr = precision_recall_curve(y, s)
    cases.append({
        "name": name,
        "yTrue": y.tolist(),
        "yScore": s.tolist(),
        "roc": {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr, "auc": float(roc_auc_score(y, s))},
        "pr": {"precision": p.tolist(), "recall": r.tolist(), "thresholds": pthr.tolist(),
               "averagePrecision": float(average_precision_score(y, s)), "auc": float(auc(r, p))},
    })


add("small", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
add("ties", [0, 1, 1, 0, 1, 0, 1, 1], [0.5, 0.5, 0.9, 0.2, 0.5, 0.9, 0.1, 0.7])
add("all tied", [1, 0, 1, 0, 0], [0.3, 0.3, 0.3, 0.3, 0.3])
add("perfect", [0, 0, 0, 1, 1], [0.1, 0.2, 0.3, 0.8, 0.9])
add("inverted", [1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])
add("negative scores", [0, 1, 0, 1, 1, 0], [-2.5, 3, -0.5, 0, 1.5, 1.5])
y = rng.integers(0, 2, 300)
add("random 300", y, np.round(rng.random(300) * 0.6 + y * 0.3, 2))  # rounded: many ties
y = rng.integers(0, 2, 500)
add("random 500 distinct", y, rng.normal(size=500) + y)
print(json.dumps({"sklearn": sklearn.__version__, "cases": cases}, indent=None, separators=(",", ":")))
