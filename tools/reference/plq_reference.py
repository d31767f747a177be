#!/usr/bin/python3
"""Exact optima of linear SVM (hinge) and quantile regression (pinball) for descent-ml's
PiecewiseLinearSolveTest, from scikit-learn's SVC (libsvm) and QuantileRegressor (HiGHS).

The objective in descent's terms, on features standardized by StandardScaler (population sd,
unweighted, also in the weighted case), with W = sum s_i (s_i = 1 without weights):

  (1/W) sum_i s_i loss_i(z_i) + sum_j c |w_j| + (lambda / 2) ||w||^2,    z_i = x_i . w + b
  HINGE    loss = max(0, 1 - t z), t = 2 y - 1 (y = 1 for the second class in sorted order)
  PINBALL  loss = q max(y - z, 0) + (1 - q) max(z - y, 0)

The intercept b is unpenalized in both.

  hinge: SVC(kernel='linear', C = 1 / (W lambda), tol = 1e-12, sample_weight = s) minimizes
         ||w||^2 / 2 + C sum s_i hinge_i, which is W C times descent's objective.
  pinball: QuantileRegressor(quantile = q, alpha = c, solver = 'highs', sample_weight = s) minimizes
         sum s_i pinball_i + W c ||w||_1 (scikit-learn 1.2 scales alpha by sum s), W times descent's.

libsvm keeps its kernel cache in float32, so SVC's alphas, and so its w, are accurate to about 1e-7
whatever tol is. Each solution is therefore written twice: sklearn.* is the solver's own answer, and
coef/intercept its polished form: with the partition the solver reports (free support vectors,
alpha strictly between 0 and C s_i, on the margin; bounded ones inside it; for the quantile
regression the rows it interpolates, |residual| <= 1e-8 (1 + |y|), and its zero weights), the KKT
system of that partition (stationarity of the nonzero weights and of the intercept, kink rows exactly
on the kink) is solved by numpy's least squares and the certificate checked: every kink row's
multiplier inside its interval, every other row on its side, every zero weight's gradient within
c. kkt.violation is the largest violation of these conditions at the polished point (numpy double),
sklearn.kkt.violation the same at the solver's own point with the same partition.

Cases: hinge_c1 (lambda = 1/n, SVC C = 1), hinge_l2_0.01, hinge_weighted (lambda = 0.01, row weights
(i mod 3) + 1, SVC sample_weight), hinge_l1 (c = 0.01, no L2: an LP, scipy.optimize.linprog with HiGHS),
hinge_no_intercept (lambda = 0.01, LinearSVC(loss='hinge', fit_intercept=False), liblinear's dual
coordinate descent; liblinear warns it did not converge to tol 1e-12, its KKT violation is ~1e-12
nonetheless), pinball_q0.5, pinball_q0.9 (no penalty), pinball_q0.5_l1 (c = 0.05: five zero weights),
pinball_q0.9_weighted. (A pinball without intercept on centered features is degenerate: every w with all
residuals positive has the same objective, so it is not a case.)

Keys: kind, data, n, d, lambda, l1, quantile, weighted (row weights (i mod 3) + 1), intercept.fitted
(absent = true), unique (hinge_l1: strict complementarity and |E| = |N| + 1, so the LP optimum is unique), coef (in the CSV's
feature order, standardized scale), intercept, objective (descent's terms, at the polished point),
sklearn.coef, sklearn.intercept, sklearn.objective, kink.rows (free support vectors / interpolated
rows), support.vectors (hinge), zeros (zero weights), kkt.violation, sklearn.kkt.violation,
sklearn.accuracy (max |sklearn - polished| over coef and intercept).

Re-run with Debian's scikit-learn 1.2.1:  /usr/bin/python3 tools/reference/plq_reference.py
Never run by the tests; the generated files are committed.
"""
import csv
import os

import numpy as np
import scipy
import sklearn
from sklearn.linear_model import QuantileRegressor
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "descent-ml", "src", "main", "resources", "dev", "descent", "ml", "data")
OUT = os.path.join(HERE, "..", "..", "descent-ml", "src", "test", "resources", "plq")


def read(name, target):
    with open(os.path.join(DATA, name)) as f:
        rows = [r for r in csv.reader(f) if r]
    header, rows = rows[0], rows[1:]
    k = header.index(target)
    features = [j for j in range(len(header)) if j != k]
    X = np.array([[float(r[j]) for j in features] for r in rows])
    return X, [r[k] for r in rows]


def pieces(kind, y, s, q):
    """Per row: the kink k (z value), and the slopes gLow/gHigh of s loss / W below and above it."""
    W = s.sum()
    if kind == "HINGE":
        t = 2 * y - 1
        k = t.copy()
        low = np.where(t > 0, -s / W, 0.0)
        high = np.where(t > 0, 0.0, s / W)
    else:
        k = y.copy()
        low = -q * s / W
        high = (1 - q) * s / W
    return k, low, high


def objective(X, k, low, high, lam, c, w, b):
    u = X @ w + b - k
    return np.sum(np.maximum(low * u, high * u)) + c * np.abs(w).sum() + 0.5 * lam * w @ w


def polish(X, k, low, high, lam, c, intercept, E, side_low, F, sign):
    """Solves the KKT system of the partition: w_F, b, g_E."""
    n, d = X.shape
    Fi = np.flatnonzero(F)
    Ei = np.flatnonzero(E)
    g_fixed = np.where(E, 0.0, np.where(side_low, low, high))
    nf, ne = len(Fi), len(Ei)
    m = nf + (1 if intercept else 0) + ne
    A = np.zeros((m, m))
    r = np.zeros(m)
    A[:nf, :nf] = np.diag(np.full(nf, lam))
    A[:nf, m - ne:] = X[np.ix_(Ei, Fi)].T
    r[:nf] = -(X[:, Fi].T @ g_fixed) - c * sign[Fi]
    if intercept:
        A[nf, m - ne:] = 1.0
        r[nf] = -g_fixed.sum()
        A[m - ne:, nf] = 1.0
    A[m - ne:, :nf] = X[np.ix_(Ei, Fi)]
    r[m - ne:] = k[Ei]
    sol = np.linalg.lstsq(A, r, rcond=None)[0]
    w = np.zeros(d)
    w[Fi] = sol[:nf]
    b = sol[nf] if intercept else 0.0
    g = g_fixed.copy()
    g[Ei] = sol[m - ne:]
    return w, b, g


def violation(X, k, low, high, lam, c, intercept, E, side_low, F, sign, w, b, g):
    u = X @ w + b - k
    grad = X.T @ g + lam * w
    worst = 0.0
    if F.any():
        worst = max(worst, np.max(np.abs(grad[F] + c * sign[F])))
    if (~F).any():
        worst = max(worst, np.max(np.maximum(np.abs(grad[~F]) - c, 0)))
    if intercept:
        worst = max(worst, abs(g.sum()))
    if E.any():
        worst = max(worst, np.max(np.abs(u[E])), np.max(np.maximum(low[E] - g[E], 0)),
                    np.max(np.maximum(g[E] - high[E], 0)))
    N = ~E
    worst = max(worst, np.max(np.where(N & side_low, np.maximum(u, 0), 0)),
                np.max(np.where(N & ~side_low, np.maximum(-u, 0), 0)))
    # a sign as assumed
    if F.any():
        worst = max(worst, np.max(np.maximum(-sign[F] * w[F], 0)))
    return worst


def joined(values):
    return ",".join(repr(float(v)) for v in values)


def write(name, header, props):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".properties"), "w") as f:
        for line in header:
            f.write("# " + line + "\n")
        for key, value in props.items():
            f.write(f"{key}={value}\n")


VERSIONS = (f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, scipy {scipy.__version__}; "
            "written by tools/reference/plq_reference.py (never run by the tests)")


def hinge_case(name, lam, weighted):
    raw, labels = read("breast_cancer.csv", "diagnosis")
    classes = sorted(set(labels))
    y = np.array([1.0 if v == classes[1] else 0.0 for v in labels])
    X = StandardScaler().fit_transform(raw)
    n, d = X.shape
    s = np.array([(i % 3) + 1.0 for i in range(n)]) if weighted else np.ones(n)
    W = s.sum()
    C = 1.0 / (W * lam)
    svc = SVC(kernel="linear", C=C, tol=1e-12, max_iter=-1, shrinking=True, cache_size=500)
    svc.fit(X, y, sample_weight=s if weighted else None)
    assert list(svc.classes_) == [0.0, 1.0]
    w0 = svc.coef_[0].copy()
    b0 = float(svc.intercept_[0])
    # decision_function > 0 predicts classes_[1]: the sign convention of t
    assert np.allclose(svc.decision_function(X), X @ w0 + b0)
    alpha = np.zeros(n)
    alpha[svc.support_] = np.abs(svc.dual_coef_[0])
    bound = C * s
    free = (alpha > 1e-9 * bound) & (alpha < bound * (1 - 1e-9))
    at_bound = alpha >= bound * (1 - 1e-9)
    k, low, high = pieces("HINGE", y, s, 0)
    t = 2 * y - 1
    # rows at the bound are inside the margin (hinge active): side "low" for t = +1, "high" for t = -1
    side_low = np.where(at_bound, t > 0, t < 0)
    F = np.ones(d, dtype=bool)
    sign = np.sign(w0)
    g0 = -alpha * t / (W * C)
    sk_viol = violation(X, k, low, high, lam, 0.0, True, free, side_low, F, sign, w0, b0, g0)
    w, b, g = polish(X, k, low, high, lam, 0.0, True, free, side_low, F, sign)
    viol = violation(X, k, low, high, lam, 0.0, True, free, side_low, F, sign, w, b, g)
    props = {
        "kind": "HINGE", "data": "breast_cancer", "target": "diagnosis", "positive.class": classes[1],
        "n": n, "d": d, "lambda": repr(lam), "l1": 0.0, "quantile": 0.0, "weighted": weighted,
        "coef": joined(w), "intercept": repr(float(b)),
        "objective": repr(float(objective(X, k, low, high, lam, 0.0, w, b))),
        "kink.rows": int(free.sum()), "support.vectors": len(svc.support_), "zeros": 0,
        "kkt.violation": f"{viol:.3g}",
        "sklearn.coef": joined(w0), "sklearn.intercept": repr(b0),
        "sklearn.objective": repr(float(objective(X, k, low, high, lam, 0.0, w0, b0))),
        "sklearn.kkt.violation": f"{sk_viol:.3g}",
        "sklearn.accuracy": f"{max(np.max(np.abs(w - w0)), abs(b - b0)):.3g}",
    }
    header = [f"{name}: linear SVM (hinge), breast_cancer, lambda = {lam}"
              + (", row weights (i mod 3) + 1" if weighted else ""),
              VERSIONS,
              f"SVC(kernel='linear', C={C!r}, tol=1e-12); objective (1/W) sum s hinge + (lambda/2)||w||^2,"
              " intercept unpenalized; coef/intercept polished by the KKT system of SVC's support-vector"
              " partition (see the script)"]
    write(name, header, props)
    print(name, props["kink.rows"], props["support.vectors"], props["kkt.violation"],
          props["sklearn.kkt.violation"], props["sklearn.accuracy"])


def pinball_case(name, q, c, weighted, intercept=True):
    raw, target = read("diabetes.csv", "progression")
    y = np.array([float(v) for v in target])
    X = StandardScaler().fit_transform(raw)
    n, d = X.shape
    s = np.array([(i % 3) + 1.0 for i in range(n)]) if weighted else np.ones(n)
    qr = QuantileRegressor(quantile=q, alpha=c, solver="highs", fit_intercept=intercept)
    qr.fit(X, y, sample_weight=s if weighted else None)
    w0 = qr.coef_.copy()
    b0 = float(qr.intercept_)
    k, low, high = pieces("PINBALL", y, s, q)
    u0 = X @ w0 + b0 - k
    E = np.abs(u0) <= 1e-8 * (1 + np.abs(y))
    side_low = u0 < 0
    F = np.abs(w0) > 1e-10
    sign = np.sign(w0)
    w, b, g = polish(X, k, low, high, 0.0, c, intercept, E, side_low, F, sign)
    viol = violation(X, k, low, high, 0.0, c, intercept, E, side_low, F, sign, w, b, g)
    # the solver's own point with the multipliers of the polished solve
    sk_viol = violation(X, k, low, high, 0.0, c, intercept, E, side_low, F, sign, w0, b0, g)
    props = {
        "kind": "PINBALL", "data": "diabetes", "target": "progression",
        "n": n, "d": d, "lambda": 0.0, "l1": repr(c), "quantile": repr(q), "weighted": weighted,
        "intercept.fitted": intercept,
        "coef": joined(w), "intercept": repr(float(b)),
        "objective": repr(float(objective(X, k, low, high, 0.0, c, w, b))),
        "kink.rows": int(E.sum()), "zeros": int((~F).sum()),
        "kkt.violation": f"{viol:.3g}",
        "sklearn.coef": joined(w0), "sklearn.intercept": repr(b0),
        "sklearn.objective": repr(float(objective(X, k, low, high, 0.0, c, w0, b0))),
        "sklearn.kkt.violation": f"{sk_viol:.3g}",
        "sklearn.accuracy": f"{max(np.max(np.abs(w - w0)), abs(b - b0)):.3g}",
    }
    header = [f"{name}: quantile regression (pinball), diabetes, q = {q}, c = {c}"
              + (", row weights (i mod 3) + 1" if weighted else "") + ("" if intercept else ", no intercept"),
              VERSIONS,
              f"QuantileRegressor(quantile={q}, alpha={c}, solver='highs', fit_intercept={intercept}); objective (1/W) sum s pinball"
              " + c ||w||_1, intercept unpenalized; coef/intercept polished by the KKT system of the"
              " rows it interpolates and its zero weights (see the script)"]
    write(name, header, props)
    print(name, props["kink.rows"], props["zeros"], props["kkt.violation"], props["sklearn.kkt.violation"],
          props["sklearn.accuracy"])


def hinge_l1_case(name, c):
    """Hinge with an L1 penalty and no L2 is a linear program: scipy's HiGHS on
    min (1/W) sum s_i xi_i + c sum (w+ + w-)  s.t.  xi_i >= 1 - t_i (x_i (w+ - w-) + b), xi, w+, w- >= 0."""
    from scipy.optimize import linprog
    raw, labels = read("breast_cancer.csv", "diagnosis")
    classes = sorted(set(labels))
    y = np.array([1.0 if v == classes[1] else 0.0 for v in labels])
    X = StandardScaler().fit_transform(raw)
    n, d = X.shape
    s = np.ones(n)
    W = s.sum()
    t = 2 * y - 1
    # variables: w+ (d), w- (d), b+ , b-, xi (n)
    cost = np.concatenate([np.full(2 * d, c), [0.0, 0.0], s / W])
    TX = t[:, None] * X
    A = np.hstack([-TX, TX, -t[:, None], t[:, None], -np.eye(n)])
    res = linprog(cost, A_ub=A, b_ub=-np.ones(n), bounds=[(0, None)] * (2 * d + 2 + n), method="highs",
                  options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10})
    assert res.status == 0, res.message
    w0 = res.x[:d] - res.x[d:2 * d]
    b0 = float(res.x[2 * d] - res.x[2 * d + 1])
    k, low, high = pieces("HINGE", y, s, 0)
    u0 = X @ w0 + b0 - k
    E = np.abs(u0) <= 1e-8
    side_low = u0 < 0
    F = np.abs(w0) > 1e-10
    sign = np.sign(w0)
    w, b, g = polish(X, k, low, high, 0.0, c, True, E, side_low, F, sign)
    viol = violation(X, k, low, high, 0.0, c, True, E, side_low, F, sign, w, b, g)
    sk_viol = violation(X, k, low, high, 0.0, c, True, E, side_low, F, sign, w0, b0, g)
    # strict complementarity (multipliers strictly inside their intervals, zero weights strictly within c)
    # and as many kink rows as free unknowns make the optimum unique
    strict = bool(np.all((g[E] > low[E] + 1e-9 / W) & (g[E] < high[E] - 1e-9 / W))
                  and np.all(np.abs((X.T @ g)[~F]) < c - 1e-9) and E.sum() == F.sum() + 1)
    props = {
        "kind": "HINGE", "data": "breast_cancer", "target": "diagnosis", "positive.class": classes[1],
        "n": n, "d": d, "lambda": 0.0, "l1": repr(c), "quantile": 0.0, "weighted": False,
        "coef": joined(w), "intercept": repr(float(b)),
        "objective": repr(float(objective(X, k, low, high, 0.0, c, w, b))),
        "kink.rows": int(E.sum()), "zeros": int((~F).sum()), "unique": strict,
        "kkt.violation": f"{viol:.3g}",
        "sklearn.coef": joined(w0), "sklearn.intercept": repr(b0),
        "sklearn.objective": repr(float(objective(X, k, low, high, 0.0, c, w0, b0))),
        "sklearn.kkt.violation": f"{sk_viol:.3g}",
        "sklearn.accuracy": f"{max(np.max(np.abs(w - w0)), abs(b - b0)):.3g}",
    }
    header = [f"{name}: L1-penalized hinge (an LP), breast_cancer, c = {c}, no L2",
              VERSIONS,
              "scipy.optimize.linprog(method='highs') on the LP form (see the script); the sklearn.* keys hold"
              " HiGHS's own answer; coef/intercept polished by the KKT system of its partition"]
    write(name, header, props)
    print(name, props["kink.rows"], props["zeros"], strict, props["kkt.violation"], props["sklearn.kkt.violation"],
          props["sklearn.accuracy"])


def hinge_no_intercept_case(name, lam):
    """Hinge without an intercept: LinearSVC(loss='hinge', fit_intercept=False) (liblinear's dual
    coordinate descent, in double precision) minimizes ||w||^2 / 2 + C sum hinge_i, n C times ours."""
    from sklearn.svm import LinearSVC
    raw, labels = read("breast_cancer.csv", "diagnosis")
    classes = sorted(set(labels))
    y = np.array([1.0 if v == classes[1] else 0.0 for v in labels])
    X = StandardScaler().fit_transform(raw)
    n, d = X.shape
    s = np.ones(n)
    C = 1.0 / (n * lam)
    svc = LinearSVC(loss="hinge", C=C, fit_intercept=False, tol=1e-12, max_iter=10_000_000, dual=True,
                    random_state=0)
    svc.fit(X, y)
    w0 = svc.coef_[0].copy()
    b0 = 0.0
    k, low, high = pieces("HINGE", y, s, 0)
    u0 = X @ w0 - k
    E = np.abs(u0) <= 1e-6
    side_low = u0 < 0
    F = np.ones(d, dtype=bool)
    sign = np.sign(w0)
    w, b, g = polish(X, k, low, high, lam, 0.0, False, E, side_low, F, sign)
    viol = violation(X, k, low, high, lam, 0.0, False, E, side_low, F, sign, w, b, g)
    sk_viol = violation(X, k, low, high, lam, 0.0, False, E, side_low, F, sign, w0, b0, g)
    props = {
        "kind": "HINGE", "data": "breast_cancer", "target": "diagnosis", "positive.class": classes[1],
        "n": n, "d": d, "lambda": repr(lam), "l1": 0.0, "quantile": 0.0, "weighted": False,
        "intercept.fitted": False,
        "coef": joined(w), "intercept": 0.0,
        "objective": repr(float(objective(X, k, low, high, lam, 0.0, w, 0.0))),
        "kink.rows": int(E.sum()), "zeros": 0,
        "kkt.violation": f"{viol:.3g}",
        "sklearn.coef": joined(w0), "sklearn.intercept": 0.0,
        "sklearn.objective": repr(float(objective(X, k, low, high, lam, 0.0, w0, 0.0))),
        "sklearn.kkt.violation": f"{sk_viol:.3g}",
        "sklearn.accuracy": f"{np.max(np.abs(w - w0)):.3g}",
    }
    header = [f"{name}: linear SVM (hinge) without an intercept, breast_cancer, lambda = {lam}",
              VERSIONS,
              f"LinearSVC(loss='hinge', C={C!r}, fit_intercept=False, tol=1e-12, random_state=0); coef polished by the KKT"
              " system of its margin rows (|margin - 1| <= 1e-6)"]
    write(name, header, props)
    print(name, props["kink.rows"], props["kkt.violation"], props["sklearn.kkt.violation"], props["sklearn.accuracy"])


def main():
    hinge_case("hinge_c1", 1.0 / 569, False)
    hinge_case("hinge_l2_0.01", 0.01, False)
    hinge_case("hinge_weighted", 0.01, True)
    pinball_case("pinball_q0.5", 0.5, 0.0, False)
    pinball_case("pinball_q0.9", 0.9, 0.0, False)
    pinball_case("pinball_q0.5_l1", 0.5, 0.05, False)
    pinball_case("pinball_q0.9_weighted", 0.9, 0.0, True)
    hinge_no_intercept_case("hinge_no_intercept", 0.01)
    hinge_l1_case("hinge_l1", 0.01)


if __name__ == "__main__":
    main()
