#!/usr/bin/env python3
"""scikit-learn reference values for the imbalanced-classification scores of dev.descent.ml.metrics
(ImbalanceReferenceTest): RankingReport (ROC AUC, average precision), ClassificationReport.logLoss,
balancedAccuracy and baselineAccuracy.

Writes one file per case to descent-ml/src/test/resources/sklearn/imbalance/<case>.txt, in
java.util.Properties syntax, as tools/reference/sklearn_metrics.py does: a '#' header line with the
scikit-learn and numpy versions, then key=value lines; lists are comma-separated, probability rows
are separated by ';'. Floats are written with repr(), which Java's Double.parseDouble reads back to
the same double.

Binary cases (scores are P(class 1); the probabilities scored by log_loss are the two columns
1 - p, p, as SavedModel.predict gives them):

  binary_ties         300 rows, about 40% positives, scores rounded to one decimal (many ties between
                      positives and negatives, some rows exactly 0.5).
  binary_imbalanced   500 rows, 50 positives (10%), scores the sigmoid of wide logits, so some are
                      exactly 1.0 or below 1e-20 and log_loss clips them; ties from rounding to 1e-3.
  binary_all_equal    40 rows, 9 positives, every score 0.25: ROC AUC 0.5, average precision 9/40.
  binary_perfect      60 rows, every positive scored above every negative: both scores 1.
  binary_no_positive  30 rows, all negative: roc_auc_score raises (written roc_auc=undefined),
                      average_precision_score gives 0 (with a warning).
  binary_all_positive 25 rows, all positive: roc_auc_score raises, average_precision_score gives 1.

  keys: scores, labels, roc_auc (or "undefined"), average_precision, log_loss,
  predicted (argmax of the two columns, the first of equals: class 0 at p = 0.5),
  threshold, predicted.threshold (p >= threshold), and the keys below.

Multiclass cases (probabilities k a row):

  multiclass_extreme  200 rows of 4 classes, softmax of logits scaled so most rows have
                      probabilities within 1e-12 of 0 or 1; some rows are exactly one-hot (0 and 1),
                      some rows do not sum to 1 (log_loss renormalizes them in 1.2.1), and
                      class 3 is predicted but never true (balanced_accuracy_score drops it).
  multiclass_skewed   300 rows of 3 classes with shares 80/15/5%, moderate probabilities.

  keys: k, probabilities, labels, log_loss, predicted (argmax), and the keys below.

Every case: balanced_accuracy (balanced_accuracy_score(labels, predicted)), majority (the most
frequent true class, the first of equals), baseline_accuracy (accuracy_score of always predicting
the majority), baseline (accuracy_score of always predicting each class c, in class order).
log_loss is log_loss(labels, probabilities, labels=range(k)) with eps="auto".

Re-run with Debian's scikit-learn (python3-sklearn 1.2):  /usr/bin/python3 tools/reference/sklearn_imbalance_metrics.py
Never run by the tests; the generated files are committed.
"""
import os
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, average_precision_score, balanced_accuracy_score, log_loss,
                             roc_auc_score)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "descent-ml", "src", "test", "resources", "sklearn", "imbalance")
HEADER = (f"# scikit-learn {sklearn.__version__}, numpy {np.__version__};"
          " made by tools/reference/sklearn_imbalance_metrics.py")


def numbers(values):
    """Comma-separated: ints as ints, floats by repr so they read back bit for bit."""
    return ",".join(str(int(v)) if isinstance(v, (int, np.integer)) else repr(float(v)) for v in values)


def write(name, lines):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        f.write("\n".join([HEADER] + lines) + "\n")


def common(labels, predicted, k):
    """balanced accuracy, the majority and the accuracy of always predicting each class."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "y_pred contains classes not in y_true" where a class is only predicted
        balanced = balanced_accuracy_score(labels, predicted)
    majority = int(np.argmax(np.bincount(labels, minlength=k)))
    baseline = [accuracy_score(labels, np.full(len(labels), c)) for c in range(k)]
    return [
        f"balanced_accuracy={float(balanced)!r}",
        f"majority={majority}",
        f"baseline_accuracy={float(accuracy_score(labels, np.full(len(labels), majority)))!r}",
        "baseline=" + numbers(baseline),
    ]


def binary(name, scores, labels, threshold):
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    probabilities = np.column_stack([1 - scores, scores])
    predicted = np.argmax(probabilities, axis=1)
    try:
        auc = repr(float(roc_auc_score(labels, scores)))
    except ValueError:  # only one class present in y_true
        auc = "undefined"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "No positive class found in y_true"
        average_precision = average_precision_score(labels, scores)
    write(name, [
        "scores=" + numbers(scores),
        "labels=" + numbers(labels),
        f"roc_auc={auc}",
        f"average_precision={float(average_precision)!r}",
        f"log_loss={float(log_loss(labels, probabilities, labels=[0, 1]))!r}",
        "predicted=" + numbers(predicted),
        f"threshold={float(threshold)!r}",
        "predicted.threshold=" + numbers((scores >= threshold).astype(np.int64)),
    ] + common(labels, predicted, 2))


def multiclass(name, probabilities, labels, k):
    probabilities = np.asarray(probabilities, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    predicted = np.argmax(probabilities, axis=1)
    write(name, [
        f"k={k}",
        "probabilities=" + ";".join(numbers(row) for row in probabilities),
        "labels=" + numbers(labels),
        f"log_loss={float(log_loss(labels, probabilities, labels=list(range(k))))!r}",
        "predicted=" + numbers(predicted),
    ] + common(labels, predicted, k))


def softmax(logits):
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def main():
    rng = np.random.default_rng(20261207)

    labels = (rng.random(300) < 0.4).astype(np.int64)
    scores = np.clip(np.round(0.5 + 0.25 * (2 * labels - 1) + rng.normal(0, 0.25, 300), 1), 0.0, 1.0)
    binary("binary_ties", scores, labels, 0.5)

    labels = rng.permutation(np.repeat([1, 0], [50, 450]))
    logits = rng.normal(-3.0, 6.0, 500) + 6.0 * labels
    logits[:6] = [60.0, -60.0, 800.0, -800.0, 45.0, -50.0]  # sigmoid 1.0 exactly, or far below eps
    with np.errstate(over="ignore"):  # exp(800) is inf, and 1 / inf is the 0 wanted
        scores = np.round(1 / (1 + np.exp(-logits)), 3)
        scores[:6] = 1 / (1 + np.exp(-logits[:6]))
    binary("binary_imbalanced", scores, labels, 0.3)

    binary("binary_all_equal", np.full(40, 0.25), rng.permutation(np.repeat([1, 0], [9, 31])), 0.25)

    labels = rng.permutation(np.repeat([1, 0], [20, 40]))
    scores = np.where(labels == 1, rng.uniform(0.6, 1.0, 60), rng.uniform(0.0, 0.4, 60))
    binary("binary_perfect", scores, labels, 0.5)

    binary("binary_no_positive", rng.random(30), np.zeros(30, dtype=np.int64), 0.5)
    binary("binary_all_positive", rng.random(25), np.ones(25, dtype=np.int64), 0.5)

    k = 4
    labels = rng.choice(3, size=200, p=[0.6, 0.3, 0.1])  # class 3 never true
    logits = rng.normal(0, 1, (200, k)) + 8.0 * np.eye(k)[labels]
    logits *= rng.choice([1.0, 4.0, 40.0], size=(200, 1))  # sharper rows: probabilities within 1e-12 of 0 or 1
    flips = rng.random(200) < 0.15
    logits[flips, 3] += 400.0  # wrong and confident: class 3 predicted, the true class' probability underflows
    probabilities = softmax(logits)
    probabilities[:5] = np.eye(k)[[0, 1, 2, 3, 0]]  # one-hot rows: exact 0 and 1, row 3 wrong
    probabilities[5:8] *= 1.0 + 1e-9  # rows that do not sum to 1
    multiclass("multiclass_extreme", probabilities, labels, k)

    labels = rng.choice(3, size=300, p=[0.8, 0.15, 0.05])
    logits = rng.normal(0, 1.5, (300, 3)) + 1.5 * np.eye(3)[labels] + np.array([1.0, 0.0, -0.5])
    multiclass("multiclass_skewed", softmax(logits), labels, 3)


if __name__ == "__main__":
    main()
