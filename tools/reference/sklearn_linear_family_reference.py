#!/usr/bin/env python3
"""scikit-learn reference optima for descent's linear family beyond linear and logistic regression:
linear SVM (hinge), Huber regression, quantile regression and Poisson regression, plus a
scikit-learn ElasticNet cross-check of glmnet's weighted diabetes elastic net.

Writes descent-ml/src/test/resources/linear_family/<case>.properties (one file per case, listed at
the bottom of this file). Each file's comment lines name this script, the library versions and the
exact objective; its keys give every setting, the features in order (`features=`), the intercept and
coefficients on the features' ORIGINAL scale, the exact zeros, descent's objective at the solution
and the solution's measured optimality (KKT) violation.

Descent's conventions (dev.descent.ml.train): features are standardized on the training rows with
the (weighted) mean and the POPULATION standard deviation (divisor sum of weights; a constant
feature keeps scale 1); a text column is one 0/1 column per level, levels in sorted order, all kept
(named `column=level`, dev.descent.ml.data.Encoding), standardized like a numeric column. The
penalty applies to the weights w of the standardized features, never to the intercept b:
    objective = weighted mean loss + X ||w||_1 + (Y/2) ||w||^2,   z = b + x_std . w
and coef_j = w_j / sd_j, intercept = b - sum_j coef_j mean_j. scikit-learn penalizes the weights
of the features as given, so every fit here is on the standardized features, mapped back.

Per-model mean losses and the scikit-learn estimator that minimizes the same objective:
  svm       mean hinge max(0, 1 - t z), t = +1 for the second class in sorted order.
            SVC(kernel='linear', C=1/(n Y), tol=1e-12): 1/2 ||w||^2 + C sum hinge = n C (descent's
            objective), intercept unpenalized (LinearSVC would penalize it).
  huber     mean of sigma + sigma H_eps((y - z)/sigma), H_eps(u) = u^2 if |u| <= eps else
            2 eps |u| - eps^2, scale sigma > 0 fitted jointly (Owen 2007).
            HuberRegressor(epsilon=eps, alpha=n Y / 2) minimizes n (mean loss) + alpha ||w||^2.
  quantile  mean pinball q max(y - z, 0) + (1 - q) max(z - y, 0).
            QuantileRegressor(quantile=q, alpha=X, solver='highs'): (1/n) sum pinball + alpha ||w||_1.
  poisson   mean of exp(z) - y z (the negative log-likelihood up to a constant).
            PoissonRegressor(alpha=Y): (1/(2n)) sum deviance + (alpha/2) ||w||^2, descent's objective
            plus a constant.
  linear    (diabetes elastic-net cross-check) weighted mean of (z - y)^2, no 1/2.
            ElasticNet(alpha=(X+Y)/2, l1_ratio=X/(X+Y)) with sample_weight: scikit-learn's
            (1/(2 sum s)) sum s r^2 + alpha l1_ratio ||w||_1 + alpha (1 - l1_ratio)/2 ||w||^2 is half of
            descent's objective.
Where scikit-learn's solver stops on a tolerance (HuberRegressor, PoissonRegressor), its solution
is polished with scipy.optimize.minimize(method='L-BFGS-B', ftol=0, gtol=1e-14) on descent's exact
objective (then Newton steps while they lower the gradient); both are written, the
polished one (`coef`, `intercept`) is the reference and `sklearn.*` keys are scikit-learn's own.

Re-run from the repository root with Debian's scikit-learn 1.2.1:
    /usr/bin/python3 tools/reference/sklearn_linear_family_reference.py
Needs the tables from tools/reference/export_r_tables.R (duncan.csv, ornstein.csv, warpbreaks.csv)
and, for the cross-check's comparison, glmnet_reference.R's diabetes_weighted_elastic_net.properties.
Never run by the tests; the generated files are committed.
"""
import os
import sys

import numpy as np
import pandas as pd
import scipy
import scipy.optimize
import sklearn
from sklearn.linear_model import ElasticNet, HuberRegressor, PoissonRegressor, QuantileRegressor
from sklearn.svm import SVC

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = os.path.join(ROOT, "descent-ml", "src", "main", "resources", "dev", "descent", "ml", "data")
TABLES = os.path.join(ROOT, "descent-ml", "src", "test", "resources", "tables")
GLMNET = os.path.join(ROOT, "descent-ml", "src", "test", "resources", "glmnet")
OUT = os.path.join(ROOT, "descent-ml", "src", "test", "resources", "linear_family")
SCRIPT = "tools/reference/sklearn_linear_family_reference.py"
VERSIONS = "scikit-learn %s, scipy %s, numpy %s, pandas %s, Python %s" % (
    sklearn.__version__, scipy.__version__, np.__version__, pd.__version__, sys.version.split()[0])

SUMMARY = []


def fmt(v):
    v = np.atleast_1d(np.asarray(v, dtype=float))
    return ",".join("%.17g" % (x + 0.0) for x in v)


def encode(frame, features):
    """Descent's encoding of the named columns, in order: a numeric column as is, a text column one
    0/1 column per level in sorted (code-point) order, all levels kept, named column=level."""
    names, cols = [], []
    for c in features:
        s = frame[c]
        if pd.api.types.is_numeric_dtype(s):
            names.append(c)
            cols.append(s.to_numpy(dtype=float))
        else:
            for level in sorted(s.astype(str).unique()):
                names.append("%s=%s" % (c, level))
                cols.append((s.astype(str) == level).to_numpy(dtype=float))
    return names, np.column_stack(cols)


def standardize(x, s=None):
    """Weighted mean and population sd (divisor sum of weights); a constant column keeps scale 1."""
    s = np.ones(len(x)) if s is None else np.asarray(s, dtype=float)
    sn = s / s.sum()
    mean = sn @ x
    sd = np.sqrt(sn @ (x - mean) ** 2)
    sd[sd == 0] = 1.0
    return mean, sd, (x - mean) / sd


def original(b, w, mean, sd):
    coef = w / sd
    return b - coef @ mean, coef


def write(case, description, objective_text, settings, lines, summary):
    os.makedirs(OUT, exist_ok=True)
    header = [
        "# scikit-learn reference: %s" % description,
        "# Written by %s with %s (never run by the tests)." % (SCRIPT, VERSIONS),
        "# Objective (descent's terms): %s" % objective_text,
        "# Features standardized with the mean and population sd (divisor n or sum of weights) of the rows; w are the",
        "# standardized weights, z = b + x_std . w; coef = w / sd and intercept = b - coef . mean are on the original scale.",
    ]
    body = ["%s=%s" % kv for kv in settings] + ["%s=%s" % kv for kv in lines]
    with open(os.path.join(OUT, case + ".properties"), "w") as f:
        f.write("\n".join(header + body) + "\n")
    SUMMARY.append((case,) + summary)
    print("%-36s objective=%.17g zeros=%s kkt=%.2e" % ((case,) + summary))


def zero_names(names, coef):
    return ",".join(n for n, c in zip(names, coef) if c == 0)


def polish(fun, x0, bounds=None):
    res = scipy.optimize.minimize(fun, x0, jac=True, method="L-BFGS-B", bounds=bounds,
                                  options=dict(ftol=0.0, gtol=1e-14, maxiter=1000000, maxfun=1000000, maxcor=30))
    return res.x


# ---------------------------------------------------------------------------------------------
# svm on breast_cancer

def svm_case(case, Y, Y_text):
    d = pd.read_csv(os.path.join(DATA, "breast_cancer.csv"))
    target = "diagnosis"
    features = [c for c in d.columns if c != target]
    names, x = encode(d, features)
    classes = sorted(d[target].astype(str).unique())
    t = np.where(d[target].astype(str) == classes[1], 1.0, -1.0)
    n = len(t)
    mean, sd, xs = standardize(x)
    C = 1.0 / (n * Y)
    svc = SVC(kernel="linear", C=C, tol=1e-12, cache_size=2000, max_iter=-1, shrinking=False).fit(xs, t)
    assert list(svc.classes_) == [-1.0, 1.0]
    # The subgradient of the mean hinge is -(1/n) sum a_i t_i (1, x_i) with a_i in [0, 1], a_i = 1 where t z < 1,
    # 0 where t z > 1; libsvm's dual alpha_i = C a_i (0 off the support vectors, exactly C at bound ones).
    alpha = np.zeros(n)
    alpha[svc.support_] = np.abs(svc.dual_coef_[0])
    a_svc = alpha / C

    def kkt_of(w, b, a):
        margins = t * (b + xs @ w)
        stationarity = np.max(np.abs(np.concatenate([[-(a * t).sum() / n], Y * w - xs.T @ (a * t) / n])))
        complementarity = np.where(a == 0, np.maximum(1 - margins, 0),
                                   np.where(a >= 1, np.maximum(margins - 1, 0), np.abs(margins - 1)))
        outside = np.maximum(np.maximum(-a, a - 1), 0).max()
        return max(stationarity, complementarity.max(), outside), stationarity, complementarity.max()

    w_svc, b_svc = svc.coef_[0].copy(), float(svc.intercept_[0])
    kkt_svc = kkt_of(w_svc, b_svc, a_svc)
    # libsvm stops with margins off by about 1e-6; polish: keep its partition (a = 1 on the bound support vectors,
    # 0 off the support vectors) and solve the KKT conditions, linear given the partition, for w, b and the margin
    # support vectors' a: Y w = (1/n) sum a_i t_i x_i, sum a_i t_i = 0, t_i (b + x_i . w) = 1 on the margin.
    M = np.flatnonzero((a_svc > 0) & (a_svc < 1))
    B = np.flatnonzero(a_svc >= 1)
    p, m = xs.shape[1], len(M)
    K = np.zeros((p + 1 + m, p + 1 + m))
    rhs = np.zeros(p + 1 + m)
    K[:p, :p] = Y * np.eye(p)
    K[:p, p + 1:] = -(xs[M] * t[M][:, None]).T / n
    rhs[:p] = xs[B].T @ t[B] / n
    K[p, p + 1:] = t[M]
    rhs[p] = -t[B].sum()
    K[p + 1:, :p] = xs[M] * t[M][:, None]
    K[p + 1:, p] = t[M]
    rhs[p + 1:] = 1.0
    sol = np.linalg.solve(K, rhs)
    a = np.zeros(n)
    a[B] = 1.0
    a[M] = sol[p + 1:]
    w, b = sol[:p], sol[p]
    kkt, stationarity, complementarity = kkt_of(w, b, a)
    assert kkt < 1e-10, kkt
    z = b + xs @ w
    hinge = np.maximum(0.0, 1.0 - t * z)
    objective = hinge.mean() + Y / 2 * w @ w
    objective_svc = np.maximum(0.0, 1.0 - t * (b_svc + xs @ w_svc)).mean() + Y / 2 * w_svc @ w_svc
    assert objective <= objective_svc
    intercept, coef = original(b, w, mean, sd)
    svc_intercept, svc_coef = original(b_svc, w_svc, mean, sd)
    bound_sv = int(np.sum(a >= 1))
    write(case, "breast_cancer linear SVM (hinge), %s" % Y_text,
          "mean over rows of max(0, 1 - t z) + (Y/2) ||w||^2, t = +1 for positive.class, -1 otherwise; no L1",
          [("model", "svm"), ("data", "dev/descent/ml/data/breast_cancer.csv"), ("target", target),
           ("positive.class", classes[1]), ("x", fmt(0)), ("y", fmt(Y)), ("weights", "none (all 1)"),
           ("sklearn.estimator", "SVC(kernel='linear', C=1/(n*Y), tol=1e-12, shrinking=False) on standardized features"),
           ("sklearn.C", fmt(C)), ("n", str(n))],
          [("features", ",".join(names)), ("mean", fmt(mean)), ("scale", fmt(sd)),
           ("intercept", fmt(intercept)), ("coef", fmt(coef)),
           ("standardized.intercept", fmt(b)), ("standardized.coef", fmt(w)),
           ("zeros", str(int(np.sum(coef == 0)))),
           ("support.vectors", str(len(svc.support_))),
           ("support.vectors.bound", str(bound_sv)),
           ("support.vectors.margin", str(len(svc.support_) - bound_sv)),
           ("decision.first5", fmt(z[:5])),
           ("sklearn.decision.first5", fmt(svc.decision_function(xs[:5]))),
           ("mean.hinge", fmt(hinge.mean())),
           ("objective", fmt(objective)),
           ("kkt.violation", "%.1e" % kkt),
           ("kkt.stationarity", "%.1e" % stationarity),
           ("kkt.complementarity", "%.1e" % complementarity),
           ("sklearn.intercept", fmt(svc_intercept)), ("sklearn.coef", fmt(svc_coef)),
           ("sklearn.objective", fmt(objective_svc)),
           ("sklearn.objective.svc.terms", fmt(0.5 * w_svc @ w_svc + C * n * (objective_svc - Y / 2 * w_svc @ w_svc))),
           ("sklearn.kkt.violation", "%.1e" % kkt_svc[0])],
          (objective, int(np.sum(coef == 0)), kkt))


# ---------------------------------------------------------------------------------------------
# huber on Duncan

def huber_objective(params, xs, y, eps, Y):
    p = xs.shape[1]
    w, b, sigma = params[:p], params[p], params[p + 1]
    n = len(y)
    r = y - b - xs @ w
    inl = np.abs(r) <= eps * sigma
    loss = np.where(inl, r * r / sigma, 2 * eps * np.abs(r) - sigma * eps * eps) + sigma
    dz = np.where(inl, -2 * r / sigma, -2 * eps * np.sign(r))  # d loss_i / d z_i
    dsigma = np.where(inl, -(r / sigma) ** 2, -eps * eps) + 1
    f = loss.mean() + Y / 2 * w @ w
    g = np.concatenate([xs.T @ dz / n + Y * w, [dz.mean()], [dsigma.mean()]])
    return f, g


def huber_newton(params, xs, y, eps, Y):
    """Newton steps on descent's Huber objective (smooth for a fixed set of inlier rows) while they lower the
    gradient's largest component and keep sigma positive."""
    n, p = xs.shape
    A = np.column_stack([xs, np.ones(n)])
    f, g = huber_objective(params, xs, y, eps, Y)
    for _ in range(20):
        sigma = params[p + 1]
        r = y - A @ params[:p + 1]
        inl = np.abs(r) <= eps * sigma
        hzz = np.where(inl, 2 / sigma, 0.0) / n
        hzs = np.where(inl, 2 * r / sigma ** 2, 0.0) / n
        hss = np.where(inl, 2 * r * r / sigma ** 3, 0.0).sum() / n
        H = np.zeros((p + 2, p + 2))
        H[:p + 1, :p + 1] = A.T @ (A * hzz[:, None])
        H[np.arange(p), np.arange(p)] += Y
        H[:p + 1, p + 1] = H[p + 1, :p + 1] = A.T @ hzs
        H[p + 1, p + 1] = hss
        trial = params - np.linalg.solve(H, g)
        if trial[p + 1] <= 0:
            break
        ft, gt = huber_objective(trial, xs, y, eps, Y)
        if not np.max(np.abs(gt)) < np.max(np.abs(g)):
            break
        params, f, g = trial, ft, gt
    return params


def huber_case():
    d = pd.read_csv(os.path.join(TABLES, "duncan.csv"))
    features = ["type", "income", "education"]
    names, x = encode(d, features)
    y = d["prestige"].to_numpy(dtype=float)
    n = len(y)
    eps, Y = 1.35, 1e-4
    mean, sd, xs = standardize(x)
    alpha = n * Y / 2
    hr = HuberRegressor(epsilon=eps, alpha=alpha, max_iter=1000000, tol=1e-15).fit(xs, y)
    p0 = np.concatenate([hr.coef_, [hr.intercept_, hr.scale_]])
    f0, g0 = huber_objective(p0, xs, y, eps, Y)
    bounds = [(None, None)] * (len(p0) - 1) + [(1e-12, None)]
    p1 = polish(lambda q: huber_objective(q, xs, y, eps, Y), p0, bounds)
    p1 = huber_newton(p1, xs, y, eps, Y)
    f1, g1 = huber_objective(p1, xs, y, eps, Y)
    if f1 > f0:
        p1, f1, g1 = p0, f0, g0
    P = xs.shape[1]
    w, b, sigma = p1[:P], p1[P], p1[P + 1]
    intercept, coef = original(b, w, mean, sd)
    skl_intercept, skl_coef = original(hr.intercept_, hr.coef_, mean, sd)
    r = y - b - xs @ w
    outliers = np.abs(r) / sigma > eps
    kkt = np.max(np.abs(g1))
    write("duncan_huber", "carData::Duncan prestige ~ type + income + education, Huber regression (Owen 2007 joint scale)",
          "mean over rows of [sigma + sigma H((y - z)/sigma)] + (Y/2) ||w||^2, H(u) = u^2 if |u| <= eps else "
          "2 eps |u| - eps^2, sigma > 0 fitted jointly; no L1",
          [("model", "huber"), ("data", "descent-ml/src/test/resources/tables/duncan.csv"), ("target", "prestige"),
           ("dropped", "occupation (row names, an identifier)"),
           ("epsilon", fmt(eps)), ("x", fmt(0)), ("y", fmt(Y)), ("weights", "none (all 1)"),
           ("encoding", "type one-hot, levels sorted, all kept, standardized like the numeric columns"),
           ("sklearn.estimator", "HuberRegressor(epsilon=1.35, alpha=n*Y/2, tol=1e-15, max_iter=1e6) on standardized features"),
           ("sklearn.alpha", fmt(alpha)), ("n", str(n))],
          [("features", ",".join(names)), ("mean", fmt(mean)), ("scale", fmt(sd)),
           ("intercept", fmt(intercept)), ("coef", fmt(coef)), ("sigma", fmt(sigma)),
           ("standardized.intercept", fmt(b)), ("standardized.coef", fmt(w)),
           ("zeros", str(int(np.sum(coef == 0)))),
           ("outliers", ",".join(d["occupation"][outliers])),
           ("outlier.rows.zero.based", ",".join(str(i) for i in np.flatnonzero(outliers))),
           ("objective", fmt(f1)), ("kkt.violation", "%.1e" % kkt),
           ("sklearn.intercept", fmt(skl_intercept)), ("sklearn.coef", fmt(skl_coef)), ("sklearn.sigma", fmt(hr.scale_)),
           ("sklearn.objective", fmt(f0)), ("sklearn.kkt.violation", "%.1e" % np.max(np.abs(g0)))],
          (f1, int(np.sum(coef == 0)), kkt))


# ---------------------------------------------------------------------------------------------
# quantile on diabetes

def quantile_kkt(xs, y, b, w, q, X):
    """The smallest, over valid subgradients, of the largest stationarity residual: rows with a zero
    residual (|r| <= 1e-9 (1 + |y|)) take any pinball subgradient in [-q, 1 - q], zero weights any L1
    subgradient in [-X, X]; solved as a linear program."""
    n, p = xs.shape
    r = y - b - xs @ w
    on = np.abs(r) <= 1e-9 * (1 + np.abs(y))
    d = np.where(r > 0, -q, 1 - q)  # d loss_i / d z_i off the zero residuals
    A = np.column_stack([np.ones(n), xs]) / n  # rows: the derivatives of z_i in (b, w)
    c = A[~on].T @ d[~on]
    c[1:] += X * np.sign(w)
    zero = np.flatnonzero(w == 0) if X > 0 else np.array([], dtype=int)
    M = np.zeros((p + 1, on.sum() + len(zero)))
    M[:, :on.sum()] = A[on].T
    for k, j in enumerate(zero):
        M[1 + j, on.sum() + k] = X
    m = M.shape[1]
    # minimize t subject to -t <= c + M v <= t, v in its box
    cost = np.concatenate([np.zeros(m), [1.0]])
    A_ub = np.block([[M, -np.ones((p + 1, 1))], [-M, -np.ones((p + 1, 1))]])
    b_ub = np.concatenate([-c, c])
    bounds = [(-q, 1 - q)] * on.sum() + [(-1, 1)] * len(zero) + [(0, None)]
    res = scipy.optimize.linprog(cost, A_ub=A_ub, b_ub=b_ub, bounds=bounds, method="highs")
    assert res.status == 0
    return res.fun, int(on.sum())


def quantile_case(case, q, X):
    d = pd.read_csv(os.path.join(DATA, "diabetes.csv"))
    target = "progression"
    features = [c for c in d.columns if c != target]
    names, x = encode(d, features)
    y = d[target].to_numpy(dtype=float)
    mean, sd, xs = standardize(x)
    qr = QuantileRegressor(quantile=q, alpha=X, fit_intercept=True, solver="highs").fit(xs, y)
    w, b = qr.coef_.copy(), float(qr.intercept_)
    r = y - b - xs @ w
    pinball = np.mean(q * np.maximum(r, 0) + (1 - q) * np.maximum(-r, 0))
    objective = pinball + X * np.abs(w).sum()
    kkt, interpolated = quantile_kkt(xs, y, b, w, q, X)
    intercept, coef = original(b, w, mean, sd)
    write(case, "diabetes quantile regression, q=%g, X=%g" % (q, X),
          "mean over rows of q max(y - z, 0) + (1 - q) max(z - y, 0) + X ||w||_1; no L2",
          [("model", "quantile"), ("data", "dev/descent/ml/data/diabetes.csv"), ("target", target),
           ("quantile", fmt(q)), ("x", fmt(X)), ("y", fmt(0)), ("weights", "none (all 1)"),
           ("sklearn.estimator", "QuantileRegressor(quantile=q, alpha=X, solver='highs') on standardized features"),
           ("n", str(len(y)))],
          [("features", ",".join(names)), ("mean", fmt(mean)), ("scale", fmt(sd)),
           ("intercept", fmt(intercept)), ("coef", fmt(coef)),
           ("standardized.intercept", fmt(b)), ("standardized.coef", fmt(w)),
           ("zeros", str(int(np.sum(coef == 0)))), ("zero.features", zero_names(names, coef)),
           ("rows.on.fit", str(interpolated)),
           ("fraction.below", fmt(np.mean(r < 0))),
           ("objective", fmt(objective)), ("kkt.violation", "%.1e" % kkt)],
          (objective, int(np.sum(coef == 0)), kkt))


# ---------------------------------------------------------------------------------------------
# poisson

def poisson_objective(params, xs, y, Y):
    p = xs.shape[1]
    w, b = params[:p], params[p]
    z = b + xs @ w
    mu = np.exp(z)
    f = np.mean(mu - y * z) + Y / 2 * w @ w
    r = (mu - y) / len(y)
    return f, np.concatenate([xs.T @ r + Y * w, [r.sum()]])


def poisson_newton(params, xs, y, Y):
    """Newton steps on descent's objective while they lower the gradient's largest component."""
    n, p = xs.shape
    A = np.column_stack([xs, np.ones(n)])
    f, g = poisson_objective(params, xs, y, Y)
    for _ in range(20):
        mu = np.exp(A @ params)
        H = A.T @ (A * (mu / n)[:, None])
        H[np.arange(p), np.arange(p)] += Y
        step = np.linalg.solve(H, g)
        trial = params - step
        ft, gt = poisson_objective(trial, xs, y, Y)
        if not np.max(np.abs(gt)) < np.max(np.abs(g)):
            break
        params, f, g = trial, ft, gt
    return params


def poisson_case(case, description, table, target, features, Y):
    d = pd.read_csv(os.path.join(TABLES, table))
    names, x = encode(d, features)
    y = d[target].to_numpy(dtype=float)
    mean, sd, xs = standardize(x)
    pr = PoissonRegressor(alpha=Y, fit_intercept=True, max_iter=1000000, tol=1e-15).fit(xs, y)
    p0 = np.concatenate([pr.coef_, [pr.intercept_]])
    f0, g0 = poisson_objective(p0, xs, y, Y)
    p1 = polish(lambda q: poisson_objective(q, xs, y, Y), p0)
    p1 = poisson_newton(p1, xs, y, Y)
    f1, g1 = poisson_objective(p1, xs, y, Y)
    P = xs.shape[1]
    w, b = p1[:P], p1[P]
    intercept, coef = original(b, w, mean, sd)
    skl_intercept, skl_coef = original(pr.intercept_, pr.coef_, mean, sd)
    kkt = np.max(np.abs(g1))
    text_columns = [c for c in features if not pd.api.types.is_numeric_dtype(d[c])]
    write(case, description,
          "mean over rows of exp(z) - y z + (Y/2) ||w||^2 (the Poisson negative log-likelihood without its constant "
          "mean log(y!)); no L1",
          [("model", "poisson"), ("data", "descent-ml/src/test/resources/tables/" + table), ("target", target),
           ("x", fmt(0)), ("y", fmt(Y)), ("weights", "none (all 1)"),
           ("encoding", "%s one-hot, levels sorted, all kept, standardized like the numeric columns" % " and ".join(text_columns)),
           ("sklearn.estimator", "PoissonRegressor(alpha=Y, tol=1e-15, max_iter=1e6) on standardized features"),
           ("n", str(len(y)))],
          [("features", ",".join(names)), ("mean", fmt(mean)), ("scale", fmt(sd)),
           ("intercept", fmt(intercept)), ("coef", fmt(coef)),
           ("standardized.intercept", fmt(b)), ("standardized.coef", fmt(w)),
           ("zeros", str(int(np.sum(coef == 0)))),
           ("objective", fmt(f1)), ("kkt.violation", "%.1e" % kkt),
           ("sklearn.intercept", fmt(skl_intercept)), ("sklearn.coef", fmt(skl_coef)),
           ("sklearn.objective", fmt(f0)), ("sklearn.kkt.violation", "%.1e" % np.max(np.abs(g0)))],
          (f1, int(np.sum(coef == 0)), kkt))


# ---------------------------------------------------------------------------------------------
# ElasticNet cross-check of glmnet's diabetes_weighted_elastic_net

def read_properties(path):
    props = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#") or "=" not in line:
                continue
            k, v = line.rstrip("\n").split("=", 1)
            props[k] = v
    return props


def elastic_net_case():
    X, Y = 4.0, 2.0
    d = pd.read_csv(os.path.join(DATA, "diabetes.csv"))
    target = "progression"
    features = [c for c in d.columns if c != target]
    names, x = encode(d, features)
    y = d[target].to_numpy(dtype=float)
    n = len(y)
    s = (np.arange(n) % 3) + 1.0  # (0-based row index mod 3) + 1
    mean, sd, xs = standardize(x, s)
    alpha, l1_ratio = (X + Y) / 2, X / (X + Y)
    en = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, fit_intercept=True, tol=1e-30, max_iter=10000000,
                    selection="cyclic").fit(xs, y, sample_weight=s)
    w, b = en.coef_.copy(), float(en.intercept_)
    sn = s / s.sum()
    r = b + xs @ w - y
    objective = sn @ r ** 2 + X * np.abs(w).sum() + Y / 2 * w @ w
    g = 2 * xs.T @ (sn * r)
    viol = np.where(w != 0, np.abs(g + X * np.sign(w) + Y * w), np.maximum(np.abs(g) - X, 0))
    kkt = max(viol.max(), abs(2 * sn @ r))
    intercept, coef = original(b, w, mean, sd)
    extra = []
    ref = os.path.join(GLMNET, "diabetes_weighted_elastic_net.properties")
    if os.path.exists(ref):
        gp = read_properties(ref)
        gcoef = np.array([float(v) for v in gp["coef"].split(",")])
        extra = [("glmnet.coef.max.abs.difference", "%.1e" % np.max(np.abs(gcoef - coef))),
                 ("glmnet.intercept.abs.difference", "%.1e" % abs(float(gp["intercept"]) - intercept)),
                 ("glmnet.objective.difference", "%.1e" % (float(gp["objective"]) - objective))]
    write("diabetes_weighted_elastic_net_sklearn",
          "diabetes linear regression, elastic net, row weights (0-based row index mod 3) + 1 (cross-check of "
          "glmnet/diabetes_weighted_elastic_net.properties)",
          "sum_i s_i (z_i - y_i)^2 / sum_i s_i + X ||w||_1 + (Y/2) ||w||^2 (no 1/2 on the squared error), "
          "features standardized with the weighted mean and weighted population sd",
          [("model", "linear"), ("data", "dev/descent/ml/data/diabetes.csv"), ("target", target),
           ("x", fmt(X)), ("y", fmt(Y)), ("weights", "(0-based row index mod 3) + 1"),
           ("sklearn.estimator", "ElasticNet(alpha=(X+Y)/2, l1_ratio=X/(X+Y), tol=1e-30, max_iter=1e7).fit(Xs, y, sample_weight=s)"),
           ("sklearn.alpha", fmt(alpha)), ("sklearn.l1_ratio", fmt(l1_ratio)), ("n", str(n))],
          [("features", ",".join(names)), ("mean", fmt(mean)), ("scale", fmt(sd)),
           ("intercept", fmt(intercept)), ("coef", fmt(coef)),
           ("zeros", str(int(np.sum(coef == 0)))), ("zero.features", zero_names(names, coef)),
           ("objective", fmt(objective)), ("kkt.violation", "%.1e" % kkt)] + extra,
          (objective, int(np.sum(coef == 0)), kkt))


def main():
    n_cancer = len(pd.read_csv(os.path.join(DATA, "breast_cancer.csv")))
    svm_case("breast_cancer_svm_c1", 1.0 / n_cancer, "Y = 1/n (SVC C = 1)")
    svm_case("breast_cancer_svm_y001", 0.01, "Y = 0.01")
    huber_case()
    quantile_case("diabetes_quantile_q05", 0.5, 0.0)
    quantile_case("diabetes_quantile_q09", 0.9, 0.0)
    # X = 0.5 zeroes every weight (the mean pinball's slopes are about 0.4); X = 0.05 zeroes five of ten.
    quantile_case("diabetes_quantile_q05_l1", 0.5, 0.05)
    poisson_case("ornstein_poisson", "carData::Ornstein interlocks ~ assets + sector + nation, Poisson regression",
                 "ornstein.csv", "interlocks", ["assets", "sector", "nation"], 1e-3)
    poisson_case("warpbreaks_poisson", "R datasets::warpbreaks breaks ~ wool + tension, Poisson regression",
                 "warpbreaks.csv", "breaks", ["wool", "tension"], 1e-3)
    elastic_net_case()


if __name__ == "__main__":
    main()
