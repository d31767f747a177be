#!/usr/bin/env python3
"""scikit-learn reference values for dev.descent.ml.metrics (MetricsReferenceTest).

Writes one file per case to descent-ml/src/test/resources/sklearn/metrics/<case>.txt, in
java.util.Properties syntax: a '#' header line with the scikit-learn and numpy versions, then
key=value lines; lists are comma-separated, confusion-matrix rows are separated by ';'. Floats are
written with repr(), which Java's Double.parseDouble reads back to the same double.

Classification cases (labels are class indices 0..k-1, scored with labels=range(k), zero_division=0,
which gives the same numbers as sklearn's default zero_division="warn"):

  binary_imbalanced   200 rows, about 15% positives, predictions wrong 10-30% of the time.
  three_classes       150 rows, 50 a class (iris-like), predictions right 80% of the time.
  ten_classes         500 rows; class 3 is never predicted (precision 0/0) and class 9 never occurs
                      in the truth but is predicted (recall 0/0).
  absent_class        60 rows of 4 classes; class 2 occurs in neither truth nor prediction.

  keys: classes, truth, predicted, accuracy, precision, recall, f1, support (per class),
  macro.{precision,recall,f1}, weighted.{precision,recall,f1}, confusion, and report.rows with
  report.row.<i>: the non-blank lines of classification_report(digits=2) with runs of spaces
  collapsed (only where sklearn prints an "accuracy" row; it prints "micro avg" instead when a
  class occurs in neither truth nor prediction).

Regression cases:

  regression_noisy    200 rows, truth ~ N(3, 2^2), predictions = truth + N(0.1, 0.5^2).
  regression_exact    200 rows, predictions equal to the truth.
  regression_constant 40 rows of truth 2.5 (exactly representable, so sklearn's mean is exact and
                      SS_tot is 0), noisy predictions: r2_score's force_finite default gives 0.0.

  keys: truth, predicted, rows, rmse (sqrt of mean_squared_error), mae, r2.

Re-run with Debian's scikit-learn (python3-sklearn 1.2):  /usr/bin/python3 tools/reference/sklearn_metrics.py
Never run by the tests; the generated files are committed.
"""
import os

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, classification_report, confusion_matrix, mean_absolute_error,
                             mean_squared_error, precision_recall_fscore_support, r2_score)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "descent-ml", "src", "test", "resources", "sklearn", "metrics")
HEADER = (f"# scikit-learn {sklearn.__version__}, numpy {np.__version__};"
          " made by tools/reference/sklearn_metrics.py")


def numbers(values):
    """Comma-separated: ints as ints, floats by repr so they read back bit for bit."""
    return ",".join(str(int(v)) if isinstance(v, (int, np.integer)) else repr(float(v)) for v in values)


def write(name, lines):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        f.write("\n".join([HEADER] + lines) + "\n")


def classification(name, truth, predicted, classes):
    truth = np.asarray(truth, dtype=np.int64)
    predicted = np.asarray(predicted, dtype=np.int64)
    labels = list(range(len(classes)))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, average=None, zero_division=0)
    lines = [
        "classes=" + ",".join(classes),
        "truth=" + numbers(truth),
        "predicted=" + numbers(predicted),
        f"accuracy={accuracy_score(truth, predicted)!r}",
        "precision=" + numbers(precision),
        "recall=" + numbers(recall),
        "f1=" + numbers(f1),
        "support=" + numbers(support),
    ]
    for average in ("macro", "weighted"):
        p, r, f, _ = precision_recall_fscore_support(
            truth, predicted, labels=labels, average=average, zero_division=0)
        lines += [f"{average}.precision={float(p)!r}", f"{average}.recall={float(r)!r}", f"{average}.f1={float(f)!r}"]
    matrix = confusion_matrix(truth, predicted, labels=labels)
    lines.append("confusion=" + ";".join(numbers(row) for row in matrix))
    report = classification_report(truth, predicted, labels=labels, target_names=classes, digits=2,
                                   zero_division=0)
    rows = [" ".join(line.split()) for line in report.splitlines() if line.strip()]
    if any(row.startswith("accuracy ") for row in rows):
        lines.append(f"report.rows={len(rows)}")
        lines += [f"report.row.{i}={row}" for i, row in enumerate(rows)]
    write(name, lines)


def regression(name, truth, predicted):
    truth = np.asarray(truth, dtype=np.float64)
    predicted = np.asarray(predicted, dtype=np.float64)
    write(name, [
        "truth=" + numbers(truth),
        "predicted=" + numbers(predicted),
        f"rows={len(truth)}",
        f"rmse={float(np.sqrt(mean_squared_error(truth, predicted)))!r}",
        f"mae={float(mean_absolute_error(truth, predicted))!r}",
        f"r2={float(r2_score(truth, predicted))!r}",
    ])


def flip(rng, truth, wrong, k, choices=None):
    """Replaces each label, with probability wrong[label], by a different label drawn from choices."""
    choices = list(range(k)) if choices is None else choices
    predicted = truth.copy()
    for i, label in enumerate(truth):
        if rng.random() < wrong[label]:
            predicted[i] = rng.choice([c for c in choices if c != label])
    return predicted


def main():
    rng = np.random.default_rng(20240611)

    truth = (rng.random(200) < 0.15).astype(np.int64)
    classification("binary_imbalanced", truth, flip(rng, truth, [0.1, 0.3], 2), ["negative", "positive"])

    truth = rng.permutation(np.repeat(np.arange(3), 50))
    classification("three_classes", truth, flip(rng, truth, [0.2, 0.2, 0.2], 3),
                   ["setosa", "versicolor", "virginica"])

    truth = rng.integers(0, 9, size=500)  # class 9 never occurs in the truth
    never_predicted = 3
    choices = [c for c in range(10) if c != never_predicted]
    predicted = flip(rng, truth, [0.3] * 10, 10, choices)
    predicted[predicted == never_predicted] = 9  # the rows of class 3 left unflipped
    classification("ten_classes", truth, predicted, [f"digit{c}" for c in range(10)])

    present = [0, 1, 3]  # class 2 occurs in neither truth nor prediction
    truth = rng.choice(present, size=60)
    classification("absent_class", truth, flip(rng, truth, [0.25] * 4, 4, present), ["north", "east", "south", "west"])

    truth = rng.normal(3.0, 2.0, size=200)
    regression("regression_noisy", truth, truth + rng.normal(0.1, 0.5, size=200))
    truth = rng.normal(3.0, 2.0, size=200)
    regression("regression_exact", truth, truth.copy())
    regression("regression_constant", np.full(40, 2.5), 2.5 + rng.normal(0.0, 0.5, size=40))


if __name__ == "__main__":
    main()
