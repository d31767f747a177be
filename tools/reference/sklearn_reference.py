#!/usr/bin/env python3
"""scikit-learn reference values for descent-ml's tests.

Writes descent-ml/src/test/resources/sklearn/reference.properties with, on the full datasets
(every row, features standardized with StandardScaler fitted on all rows, population std):

  logistic.*  LogisticRegression(C=1, lbfgs) on breast_cancer, classes sorted (benign=0,
              malignant=1): the regularized training loss in descent's scaling,
              mean log-loss + ||w||^2 / (2 C n)  (sklearn minimizes C * sum log-loss + ||w||^2 / 2),
              which descent gets with --l2 = 1 / (C n); and the fitted coefficients.
  linear.*    LinearRegression on diabetes: the least-squares mean squared error (closed form).
  mlp.*       MLPClassifier(64 hidden, relu, adam) test accuracy on digits with a stratified 80/20
              split, for comparison only (descent's own split differs).
  mlpreg.*    MLPRegressor(32 hidden, relu, adam 1e-3, batches of 32, 100 epochs) on diabetes, test R^2
              of 80/20 splits with seeds 0-4, its target standardized on the training rows
              (TransformedTargetRegressor with a StandardScaler) and raw; for comparison only.

Re-run with Debian's scikit-learn (python3-sklearn 1.2):  /usr/bin/python3 tools/reference/sklearn_reference.py
Never run by the tests; the generated file is committed.
"""
import os
import warnings
import numpy as np
import csv
import sklearn
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.compose import TransformedTargetRegressor
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "descent-ml", "src", "main", "resources", "dev", "descent", "ml", "data")
OUT = os.path.join(HERE, "..", "..", "descent-ml", "src", "test", "resources", "sklearn", "reference.properties")


def read(name, target):
    """Returns (features as float array, target column as strings) of a bundled CSV."""
    with open(os.path.join(DATA, name)) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [r for r in rows[1:] if r]
    column = header.index(target)
    features = np.array([[float(v) for k, v in enumerate(r) if k != column] for r in body])
    return features, [r[column] for r in body]


def main():
    lines = [f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}; made by tools/reference/sklearn_reference.py"]

    raw, diagnosis = read("breast_cancer.csv", "diagnosis")
    y = np.array([1.0 if d == "malignant" else 0.0 for d in diagnosis])  # sorted classes: benign=0, malignant=1
    X = StandardScaler().fit_transform(raw)
    n = X.shape[0]
    C = 1.0
    model = LogisticRegression(C=C, solver="lbfgs", tol=1e-14, max_iter=100000).fit(X, y)
    z = X @ model.coef_[0] + model.intercept_[0]
    logloss = np.mean(np.logaddexp(0, z) - y * z)
    loss = logloss + model.coef_[0] @ model.coef_[0] / (2 * C * n)
    lines += [f"logistic.rows={n}", f"logistic.C={C!r}", f"logistic.l2={1 / (C * n)!r}", f"logistic.loss={loss!r}",
              f"logistic.intercept={model.intercept_[0]!r}",
              "logistic.coef=" + ",".join(repr(float(v)) for v in model.coef_[0])]

    raw, progression = read("diabetes.csv", "progression")
    t = np.array([float(v) for v in progression])
    D = StandardScaler().fit_transform(raw)
    linear = LinearRegression().fit(D, t)
    mse = np.mean((D @ linear.coef_ + linear.intercept_ - t) ** 2)
    lines += [f"linear.rows={D.shape[0]}", f"linear.mse={mse!r}", f"linear.intercept={linear.intercept_!r}",
              "linear.coef=" + ",".join(repr(float(v)) for v in linear.coef_)]

    P, digit = read("digits.csv", "digit")
    labels = np.array([int(float(v)) for v in digit])
    Ptr, Pte, ltr, lte = train_test_split(P, labels, test_size=0.2, stratify=labels, random_state=0)
    scaler = StandardScaler().fit(Ptr)
    mlp = MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0).fit(scaler.transform(Ptr), ltr)
    lines += [f"mlp.digits.test_accuracy={mlp.score(scaler.transform(Pte), lte)!r}"]

    standardized, raw_target = [], []
    for seed in range(5):
        Dtr, Dte, ttr, tte = train_test_split(raw, t, test_size=0.2, random_state=seed)
        scaler = StandardScaler().fit(Dtr)
        net = lambda: MLPRegressor(hidden_layer_sizes=(32,), learning_rate_init=1e-3, batch_size=32, max_iter=100,
                                   random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the 100-epoch budget ends before sklearn's tolerance, as descent's does
            scaled = TransformedTargetRegressor(regressor=net(), transformer=StandardScaler())
            standardized.append(scaled.fit(scaler.transform(Dtr), ttr).score(scaler.transform(Dte), tte))
            raw_target.append(net().fit(scaler.transform(Dtr), ttr).score(scaler.transform(Dte), tte))
    lines += ["mlpreg.diabetes.standardized_test_r2=" + ",".join(repr(float(v)) for v in standardized),
              "mlpreg.diabetes.raw_test_r2=" + ",".join(repr(float(v)) for v in raw_target)]

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
