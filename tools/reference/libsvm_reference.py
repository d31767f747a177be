#!/usr/bin/env python3
"""scikit-learn reference values for training on LIBSVM files (descent-ml's LibsvmTrainingTest, descent-cli's
LibsvmCommandTest).

Writes to descent-ml/src/test/resources/libsvm/:

  train.svm            300 rows, 40 one-based features, about 6 nonzeros a row (feature 37 never stored,
                       feature 40 stored in one row only), labels -1/+1 drawn from a logistic model.
  train.csv            the same rows dense, columns named 1..40 as descent names a LIBSVM file's features, then
                       "label": the rows the existing (dense, CSV) path reads.
  test.svm             60 rows of the same kind whose largest index is 38: narrower than train.svm.
  reference.properties
    scale              StandardScaler(with_mean=False).fit(X).scale_ on load_svmlight_file("train.svm"):
                       the population deviation around each column's mean, zeros counted; 1 for a column of
                       no variance.
    weights            seeded row weights (default_rng(3).uniform(0, 2, n)); weighted_scale the same scaler
                       fitted with sample_weight=weights.
    logistic.coef/intercept
                       LogisticRegression(C=1, lbfgs, tol=1e-12, max_iter=100000).fit(X, y) on the unscaled rows:
                       sklearn minimizes C sum logloss_i + ||coef||^2 / 2, which divided by C n is descent's mean
                       logloss + (l2 / 2) ||coef||^2 with l2 = 1 / n, the penalty on the weights of the features
                       as given (--no-standardize). sklearn's lbfgs stops at ftol = 64 eps, so its solution is
                       polished with scipy's L-BFGS-B (ftol 0, gtol 1e-13) on that objective; sklearn_coef is
                       sklearn's own, and gradient the polished point's largest gradient entry.
    test.p1            P(y = +1) of each test.svm row (read with n_features=40) under the polished optimum.

Re-run with Debian's scikit-learn (python3-sklearn 1.2):  /usr/bin/python3 tools/reference/libsvm_reference.py
Never run by the tests; the generated files are committed.
"""
import os
import numpy as np
import scipy
import scipy.optimize
import scipy.sparse
import sklearn
from sklearn.datasets import load_svmlight_file
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "descent-ml", "src", "test", "resources", "libsvm")
D = 40


def rows(rng, n, width, never=(37,), once=None):
    """Sparse rows as lists of (one-based index, value) pairs, sorted by index."""
    out = []
    allowed = [j for j in range(1, width + 1) if j not in never and j != once]
    for i in range(n):
        k = rng.integers(3, 10)
        chosen = sorted(rng.choice(allowed, size=k, replace=False))
        out.append([(int(j), float(np.round(rng.normal(0.5, 1.5), 3))) for j in chosen])
    if once is not None:
        out[7] = sorted(out[7] + [(once, 2.5)])
    return out


def labels(rng, x_rows, w, b):
    y = []
    for r in x_rows:
        z = sum(v * w[j - 1] for j, v in r) + b
        y.append(1 if rng.uniform() < 1 / (1 + np.exp(-z)) else -1)
    return y


def write_svm(path, x_rows, y):
    with open(path, "w") as f:
        for label, r in zip(y, x_rows):
            f.write(("+1" if label > 0 else "-1") + "".join(" %d:%r" % (j, v) for j, v in r) + "\n")


def polished_logistic(X, y01, l2, start):
    n = X.shape[0]

    def objective(theta):
        z = X @ theta[:-1] + theta[-1]
        loss = np.sum(np.logaddexp(0, z) - y01 * z) / n + 0.5 * l2 * theta[:-1] @ theta[:-1]
        r = (scipy.special.expit(z) - y01) / n
        return loss, np.append(X.T @ r + l2 * theta[:-1], r.sum())

    result = scipy.optimize.minimize(objective, start, jac=True, method="L-BFGS-B",
                                     options={"ftol": 0, "gtol": 1e-13, "maxiter": 100000, "maxcor": 30})
    return result.x, np.max(np.abs(objective(result.x)[1]))


def joined(values):
    return ",".join(repr(float(v)) for v in values)


def main():
    rng = np.random.default_rng(29)
    w = rng.normal(0, 1, D)
    train = rows(rng, 300, D, once=40)
    y = labels(rng, train, w, 0.3)
    write_svm(os.path.join(OUT, "train.svm"), train, y)
    with open(os.path.join(OUT, "train.csv"), "w") as f:
        f.write(",".join(str(j) for j in range(1, D + 1)) + ",label\n")
        for label, r in zip(y, train):
            dense = ["0"] * D
            for j, v in r:
                dense[j - 1] = repr(v)
            f.write(",".join(dense) + "," + ("1" if label > 0 else "-1") + "\n")
    test = rows(rng, 60, 38)
    write_svm(os.path.join(OUT, "test.svm"), test, labels(rng, test, w, 0.3))

    X, t = load_svmlight_file(os.path.join(OUT, "train.svm"))
    assert X.shape == (300, D), X.shape
    n = X.shape[0]
    lines = ["# scikit-learn %s, numpy %s, scipy %s; made by tools/reference/libsvm_reference.py"
             % (sklearn.__version__, np.__version__, scipy.__version__)]
    lines.append("scale=" + joined(StandardScaler(with_mean=False).fit(X).scale_))
    weights = rng.uniform(0, 2, n)
    lines.append("weights=" + joined(weights))
    lines.append("weighted_scale=" + joined(StandardScaler(with_mean=False).fit(X, sample_weight=weights).scale_))

    fit = LogisticRegression(C=1.0, solver="lbfgs", tol=1e-12, max_iter=100000).fit(X, t)
    assert list(fit.classes_) == [-1.0, 1.0]
    y01 = (t > 0).astype(float)
    dense = X.toarray()
    theta, gradient = polished_logistic(dense, y01, 1.0 / n, np.append(fit.coef_[0], fit.intercept_[0]))
    lines.append("logistic.coef=" + joined(theta[:-1]))
    lines.append("logistic.intercept=%r" % float(theta[-1]))
    lines.append("logistic.sklearn_coef=" + joined(fit.coef_[0]))
    lines.append("logistic.sklearn_intercept=%r" % float(fit.intercept_[0]))
    lines.append("logistic.gradient=%r" % float(gradient))

    Xt, _ = load_svmlight_file(os.path.join(OUT, "test.svm"), n_features=D, zero_based=False)
    lines.append("test.p1=" + joined(scipy.special.expit(Xt.toarray() @ theta[:-1] + theta[-1])))
    with open(os.path.join(OUT, "reference.properties"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("max gradient at the polished optimum", gradient, "sklearn vs polished",
          np.max(np.abs(fit.coef_[0] - theta[:-1])))


if __name__ == "__main__":
    main()
