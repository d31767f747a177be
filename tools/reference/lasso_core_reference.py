"""Reference solutions of a small lasso for descent-core's L1 tests (LassoReferenceTest).

The data are a closed-form matrix that the test builds the same way:
  X[i][j] = sin(0.7 (i+1)(j+1)) + 0.1 cos(i - j),  i < 30, j < 10
  y[i]    = X[i] . beta + 0.3 sin(3 i),  beta = (3, -2, 0, 0, 1.5, 0, 0, 0, 0.5, 0)
and the objective is scikit-learn's Lasso without intercept:
  (1 / (2 n)) ||y - X w||^2 + alpha ||w||_1
solved by scikit-learn 1.2.1's coordinate descent with tol 1e-15.

Run: /usr/bin/python3 tools/reference/lasso_core_reference.py > descent-core/src/test/resources/l1/lasso.properties
"""
import math
import numpy as np
import sklearn
from sklearn.linear_model import Lasso

n, d = 30, 10
X = np.array([[math.sin(0.7 * (i + 1) * (j + 1)) + 0.1 * math.cos(i - j) for j in range(d)] for i in range(n)])
beta = np.array([3, -2, 0, 0, 1.5, 0, 0, 0, 0.5, 0], dtype=float)
y = X @ beta + np.array([0.3 * math.sin(3 * i) for i in range(n)])

print("# scikit-learn %s Lasso(fit_intercept=False, tol=1e-15, max_iter=10^6); tools/reference/lasso_core_reference.py" % sklearn.__version__)
for alpha in (0.05, 0.3):
    model = Lasso(alpha=alpha, fit_intercept=False, tol=1e-15, max_iter=1_000_000).fit(X, y)
    w = model.coef_
    objective = np.sum((y - X @ w) ** 2) / (2 * n) + alpha * np.sum(np.abs(w))
    key = "alpha" + repr(alpha)
    print("%s.alpha=%r" % (key, alpha))
    print("%s.coefficients=%s" % (key, ",".join(repr(float(v)) for v in w)))
    print("%s.objective=%r" % (key, float(objective)))
    print("%s.zeros=%d" % (key, int(np.sum(w == 0))))
