#!/usr/bin/env python3
"""scikit-learn reference values for descent-ml's per-row weights (sample_weight).

Writes descent-ml/src/test/resources/sklearn/weights/reference.properties with, on the full
datasets and seeded random weights (numpy default_rng(seed).uniform(0, 3, n), a few rows set to an
exact 0; the weights themselves are written too, so the tests read the same numbers):

  cancer.weights       breast_cancer's row weights (seed 0, rows 3, 17, 100, 250, 400 zero).
  cancer.mean/scale    StandardScaler().fit(X, sample_weight=w): weighted mean and the square root
                       of the weighted population variance sum w (x - mean)^2 / sum w.
  logistic.*           LogisticRegression(C=1, lbfgs, tol=1e-12, max_iter=10000).fit(Xs, y, sample_weight=w)
                       on the weighted-standardized features, classes sorted (benign=0, malignant=1).
                       sklearn minimizes C sum w_i logloss_i + ||coef||^2 / 2; divided by C sum w this is
                       descent's sum w_i logloss_i / sum w_i + (l2 / 2) ||coef||^2 with l2 = 1 / (C sum w).
                       sklearn's lbfgs stops at ftol = 64 eps, so its solution is polished with scipy's
                       L-BFGS-B (ftol 0, gtol 1e-13) on that objective; logistic.coef/intercept are the
                       polished optimum, logistic.sklearn_coef sklearn's own for comparison.
  diabetes.weights     diabetes's row weights (seed 1, rows 5, 50, 300 zero).
  linear.*             LinearRegression().fit(Ds, t, sample_weight=w) on diabetes's weighted-standardized
                       features: weighted least squares, closed form.

Re-run with Debian's scikit-learn (python3-sklearn 1.2):  /usr/bin/python3 tools/reference/sklearn_weights_reference.py
Never run by the tests; the generated file is committed.
"""
import csv
import os
import numpy as np
import scipy
import scipy.optimize
import sklearn
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "descent-ml", "src", "main", "resources", "dev", "descent", "ml", "data")
OUT = os.path.join(HERE, "..", "..", "descent-ml", "src", "test", "resources", "sklearn", "weights",
                   "reference.properties")


def read(name):
    """Returns (features as float array, last column as strings) of a bundled CSV."""
    with open(os.path.join(DATA, name)) as f:
        rows = [r for r in csv.reader(f)][1:]
    rows = [r for r in rows if r]
    return np.array([[float(v) for v in r[:-1]] for r in rows]), [r[-1] for r in rows]


def weights(n, seed, zeros):
    w = np.random.default_rng(seed).uniform(0, 3, n)
    w[zeros] = 0.0
    return w


def joined(values):
    return ",".join(repr(float(v)) for v in values)


def polished_logistic(X, y, w, l2, start):
    """The optimum of sum w_i logloss_i / sum w_i + (l2 / 2) ||coef||^2, from sklearn's solution."""
    total = w.sum()

    def objective(theta):
        z = X @ theta[:-1] + theta[-1]
        loss = np.sum(w * (np.logaddexp(0, z) - y * z)) / total + 0.5 * l2 * theta[:-1] @ theta[:-1]
        r = w * (scipy.special.expit(z) - y) / total
        gradient = np.append(X.T @ r + l2 * theta[:-1], r.sum())
        return loss, gradient

    result = scipy.optimize.minimize(objective, start, jac=True, method="L-BFGS-B",
                                     options={"ftol": 0, "gtol": 1e-13, "maxiter": 100000, "maxcor": 30})
    return result.x, result.fun, np.max(np.abs(objective(result.x)[1]))


def main():
    lines = [f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}, scipy {scipy.__version__}; "
             "made by tools/reference/sklearn_weights_reference.py"]

    raw, diagnosis = read("breast_cancer.csv")
    y = np.array([1.0 if d == "malignant" else 0.0 for d in diagnosis])
    n = raw.shape[0]
    w = weights(n, 0, [3, 17, 100, 250, 400])
    scaler = StandardScaler().fit(raw, sample_weight=w)
    X = scaler.transform(raw)
    C = 1.0
    l2 = 1 / (C * w.sum())
    model = LogisticRegression(C=C, solver="lbfgs", tol=1e-12, max_iter=10000).fit(X, y, sample_weight=w)
    theta, loss, gradient = polished_logistic(X, y, w, l2, np.append(model.coef_[0], model.intercept_[0]))
    lines += [f"cancer.rows={n}", "cancer.weights=" + joined(w), "cancer.mean=" + joined(scaler.mean_),
              "cancer.scale=" + joined(scaler.scale_),
              f"logistic.C={C!r}", f"logistic.l2={l2!r}", f"logistic.loss={loss!r}",
              f"# largest gradient entry at the polished optimum: {gradient!r}",
              f"logistic.intercept={theta[-1]!r}", "logistic.coef=" + joined(theta[:-1]),
              f"logistic.sklearn_intercept={model.intercept_[0]!r}", "logistic.sklearn_coef=" + joined(model.coef_[0])]

    raw, progression = read("diabetes.csv")
    t = np.array([float(v) for v in progression])
    v = weights(raw.shape[0], 1, [5, 50, 300])
    scaler = StandardScaler().fit(raw, sample_weight=v)
    D = scaler.transform(raw)
    linear = LinearRegression().fit(D, t, sample_weight=v)
    lines += [f"diabetes.rows={raw.shape[0]}", "diabetes.weights=" + joined(v),
              "diabetes.mean=" + joined(scaler.mean_), "diabetes.scale=" + joined(scaler.scale_),
              f"linear.intercept={linear.intercept_!r}", "linear.coef=" + joined(linear.coef_)]

    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
