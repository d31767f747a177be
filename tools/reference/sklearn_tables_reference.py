#!/usr/bin/env python3
"""scikit-learn reference predictions and metrics for descent-ml's table tests (text columns, missing cells).

Reads the train/test splits in descent-ml/src/test/resources/tables/ (made by tools/reference/export_r_tables.R)
with pandas' default missing-value handling (pd.read_csv, keep_default_na=True: the cell NA is missing), fits on the
train rows, and scores the test rows with

  Pipeline([
    ("encode", ColumnTransformer([
        ("num", SimpleImputer(strategy="mean", add_indicator=True), numeric feature columns),
        ("cat", Pipeline([SimpleImputer(strategy="constant", fill_value="(missing)"),
                          OneHotEncoder(handle_unknown="ignore")]), text feature columns)])),
    ("scale", StandardScaler()),          # with_mean=True, on every encoded column, population std
    ("model", model)])

Numeric feature columns are those pandas types as numbers, text columns the others, in the file's column order; the
target is never a feature, and titanic's `name` (one level per passenger) is dropped. The mean imputer fills a
missing number with its train column's mean and appends one 0/1 indicator column for each numeric column that has a
missing cell in the TRAIN rows (only those); a missing text cell is the level "(missing)" of its own; a test level
never seen in training encodes as all zeros.

Cases:
  penguins_species  target species (3 classes), LogisticRegression(C=1, multi_class="multinomial", lbfgs)
  penguins_mass     target body_mass_g, rows without a body mass dropped from train and test, LinearRegression()
  titanic_survived  target survived (no/yes, positive class "yes"), LogisticRegression(C=1, lbfgs)
  titanic_balanced  as titanic_survived with class_weight="balanced"
(every LogisticRegression with max_iter=10000, tol=1e-12).

For each case writes descent-ml/src/test/resources/tables/expected/<case>.csv, one line per scored test row in the
test file's order: `row` (the row's 0-based index among the test file's data rows; penguins_mass skips the rows
without a body mass), then for classifiers `predicted` and p_<class> per class in sklearn's sorted class order, for
regression `predicted` and `predicted_min_norm` (see below); floats as '%.17g'. And <case>.properties with the test metrics (accuracy,
balanced_accuracy, log_loss, baseline_accuracy = accuracy of always predicting the train rows' majority class, and
for the binary cases roc_auc and average_precision of class "yes"; for regression r2, rmse, mae), n_train, n_test,
the encoded feature names (get_feature_names_out, comma-joined), the scaler's mean_ and scale_, the fitted coef_
(row-major, one row per class for the multinomial case) and intercept_, and the regularization in descent's terms:
sklearn's lbfgs minimizes C * sum_i s_i loss_i + ||w||^2 / 2 (intercepts unpenalized, s_i the class weight of row
i, 1 without class_weight), which divided by C * n is descent's mean loss + (l2 / 2) ||w||^2 with
l2 = 1 / (C * n_train); the balanced weights n / (n_classes * count_k) sum to n over the rows, so the weighted mean
sum_i s_i loss_i / n is the same objective. `objective` is that value at sklearn's optimum (mean of the training
rows' weighted log-loss plus (l2 / 2) ||coef||^2), for checking an optimizer's end point. For the balanced case
class_weight.<class> holds sklearn's per-class weights. LinearRegression is unregularized (l2=0); its encoded columns
are collinear (each one-hot block sums to one, so the scaled design has rank 3 below its width), and sklearn's
scipy.linalg.lstsq does not cut the round-off singular values (~1e-15) of those directions: its coef_ holds entries
near 1e16 and it MISSES the least-squares minimum (train mean squared error 85003.9 against 84907.0; test predictions
off by up to ~20 g). So penguins_mass also holds the minimum-norm least-squares solution of the same scaled design
with an intercept column, from numpy.linalg.lstsq(rcond=None), which cuts singular values below
eps * max(rows, columns) * the largest: the column `predicted_min_norm` and the keys min_norm.* (its metrics,
coef and intercept) and train_mse / min_norm.train_mse. Any exact least-squares solver gives those predictions;
compare predictions and metrics, not coefficients, which are not unique.

Re-run with Debian's scikit-learn (python3-sklearn 1.2):  /usr/bin/python3 tools/reference/sklearn_tables_reference.py
Never run by the tests; the generated files are committed.
"""
import csv
import os

import numpy as np
from scipy.optimize import minimize
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import (accuracy_score, average_precision_score, balanced_accuracy_score, log_loss,
                             mean_absolute_error, mean_squared_error, r2_score, roc_auc_score)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = os.path.join(HERE, "..", "..", "descent-ml", "src", "test", "resources", "tables")
OUT = os.path.join(TABLES, "expected")
HEADER = f"# generated by tools/reference/sklearn_tables_reference.py with scikit-learn {sklearn.__version__}"


def logistic(**extra):
    return LogisticRegression(C=1.0, solver="lbfgs", max_iter=10000, tol=1e-12, **extra)


# case -> (table, target, dropped columns, model, positive class or None)
CASES = {
    "penguins_species": ("penguins", "species", [], logistic(multi_class="multinomial"), None),
    "penguins_mass": ("penguins", "body_mass_g", [], LinearRegression(), None),
    "titanic_survived": ("titanic", "survived", ["name"], logistic(), "yes"),
    "titanic_balanced": ("titanic", "survived", ["name"], logistic(class_weight="balanced"), "yes"),
}


def g(x):
    return "%.17g" % float(x)


def joined(values):
    return ",".join(g(v) for v in np.ravel(values))


def read(table, part):
    return pd.read_csv(os.path.join(TABLES, f"{table}-{part}.csv"), keep_default_na=True)


def check_tables():
    """Checks the gaps the tests rely on: penguins has 2 rows with every measurement missing and 11 without sex."""
    penguins = pd.read_csv(os.path.join(TABLES, "penguins.csv"))
    measured = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    assert penguins[measured].isna().all(axis=1).sum() == 2, "penguins rows with every measurement missing"
    assert penguins["sex"].isna().sum() == 11, "penguins rows without sex"
    titanic = pd.read_csv(os.path.join(TABLES, "titanic.csv"))
    assert titanic["name"].is_unique and titanic["age"].isna().sum() == 263


def run(case, table, target, dropped, model, positive):
    train, test = read(table, "train"), read(table, "test")
    test_rows = np.arange(len(test))
    if model.__class__ is LinearRegression:  # a row without a target has nothing to fit or score
        train = train[train[target].notna()]
        keep = test[target].notna().to_numpy()
        test, test_rows = test[keep], test_rows[keep]
    features = [c for c in train.columns if c != target and c not in dropped]
    numeric = [c for c in features if pd.api.types.is_numeric_dtype(train[c])]
    text = [c for c in features if c not in numeric]
    encode = ColumnTransformer([
        ("num", SimpleImputer(strategy="mean", add_indicator=True), numeric),
        ("cat", Pipeline([("fill", SimpleImputer(strategy="constant", fill_value="(missing)")),
                          ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False))]), text)])
    pipe = Pipeline([("encode", encode), ("scale", StandardScaler()), ("model", model)])
    X, y, Xt, yt = train[features], train[target].to_numpy(), test[features], test[target].to_numpy()
    pipe.fit(X, y)
    encoded = pipe[:-1].transform(Xt)
    assert np.isfinite(encoded).all(), "every missing cell is imputed"
    scaler, fitted = pipe.named_steps["scale"], pipe.named_steps["model"]
    n_train, n_test = len(train), len(test)

    props = [HEADER, f"case={case}", f"train={table}-train.csv", f"test={table}-test.csv", f"target={target}",
             f"numeric_features={','.join(numeric)}", f"text_features={','.join(text)}",
             f"n_train={n_train}", f"n_test={n_test}",
             "feature_names=" + ",".join(pipe[:-1].get_feature_names_out()),
             "scaler_mean=" + joined(scaler.mean_), "scaler_scale=" + joined(scaler.scale_)]
    rows = []
    if model.__class__ is LinearRegression:
        predicted = pipe.predict(Xt)
        # the minimum-norm least-squares solution, which sklearn's solver misses on this rank-deficient design
        design = np.c_[np.ones(n_train), pipe[:-1].transform(X)]
        w, _, rank, _ = np.linalg.lstsq(design, y, rcond=None)
        min_norm = np.c_[np.ones(n_test), encoded] @ w
        header = ["row", "predicted", "predicted_min_norm"]
        rows = [[str(r), g(p), g(q)] for r, p, q in zip(test_rows, predicted, min_norm)]
        metrics = {"r2": r2_score(yt, predicted), "rmse": np.sqrt(mean_squared_error(yt, predicted)),
                   "mae": mean_absolute_error(yt, predicted)}
        props += ["l2=0.0", f"train_mse={g(np.mean((pipe.predict(X) - y) ** 2))}",
                  f"min_norm.rank={rank}", f"min_norm.train_mse={g(np.mean((design @ w - y) ** 2))}",
                  f"min_norm.r2={g(r2_score(yt, min_norm))}",
                  f"min_norm.rmse={g(np.sqrt(mean_squared_error(yt, min_norm)))}",
                  f"min_norm.mae={g(mean_absolute_error(yt, min_norm))}",
                  "min_norm.coef=" + joined(w[1:]), f"min_norm.intercept={g(w[0])}"]
    else:
        classes = list(fitted.classes_)
        proba, predicted = pipe.predict_proba(Xt), pipe.predict(Xt)
        header = ["row", "predicted"] + [f"p_{c}" for c in classes]
        rows = [[str(r), p] + [g(v) for v in ps] for r, p, ps in zip(test_rows, predicted, proba)]
        values, counts = np.unique(y, return_counts=True)
        majority = values[np.argmax(counts)]
        metrics = {"accuracy": accuracy_score(yt, predicted), "balanced_accuracy": balanced_accuracy_score(yt, predicted),
                   "log_loss": log_loss(yt, proba, labels=classes), "baseline_accuracy": np.mean(yt == majority)}
        if positive is not None:
            p_positive = proba[:, classes.index(positive)]
            metrics["roc_auc"] = roc_auc_score(yt == positive, p_positive)
            metrics["average_precision"] = average_precision_score(yt == positive, p_positive)
        C = fitted.C
        l2 = 1.0 / (C * n_train)
        # descent's objective at sklearn's optimum: weighted mean training log-loss + (l2 / 2) ||coef||^2
        train_proba = fitted.predict_proba(pipe[:-1].transform(X))
        index = np.searchsorted(fitted.classes_, y)
        weights = np.ones(n_train)
        if fitted.class_weight == "balanced":
            class_weight = n_train / (len(classes) * counts)  # counts follow np.unique's sorted order = classes
            weights = class_weight[index]
            props += [f"class_weight.{c}={g(w)}" for c, w in zip(classes, class_weight)]
        loss = np.mean(weights * -np.log(train_proba[np.arange(n_train), index]))
        # sklearn's lbfgs stops when f falls by less than 64 eps relative, with the gradient still near 5e-7;
        # the same objective polished from its solution by SciPy's L-BFGS-B (ftol=0, gtol=1e-13) is the optimum
        # the probabilities and the scores below are compared with
        polished = polish(pipe[:-1].transform(X), index, weights, len(classes), l2, fitted)
        design_test = encoded
        polished_proba = softmax_rows(design_test @ polished[0].T + polished[1], len(classes))
        header += [f"q_{c}" for c in classes]
        rows = [row + [g(v) for v in qs] for row, qs in zip(rows, polished_proba)]
        polished_predicted = np.array(classes)[np.argmax(polished_proba, axis=1)]
        props += [f"polished.gradient={g(polished[2])}",
                  f"polished.accuracy={g(accuracy_score(yt, polished_predicted))}",
                  f"polished.balanced_accuracy={g(balanced_accuracy_score(yt, polished_predicted))}",
                  f"polished.log_loss={g(log_loss(yt, polished_proba, labels=classes))}"]
        if positive is not None:
            q_positive = polished_proba[:, classes.index(positive)]
            props += [f"polished.roc_auc={g(roc_auc_score(yt == positive, q_positive))}",
                      f"polished.average_precision={g(average_precision_score(yt == positive, q_positive))}"]
        props += [f"positive_class={positive}"] if positive is not None else []
        props += ["classes=" + ",".join(classes), f"majority_class={majority}", f"C={g(C)}", f"l2={g(l2)}",
                  f"objective={g(loss + l2 / 2 * np.sum(fitted.coef_ ** 2))}", f"n_iter={int(np.max(fitted.n_iter_))}"]
    props += [f"{k}={g(v)}" for k, v in metrics.items()]
    props += [f"coef_rows={np.atleast_2d(fitted.coef_).shape[0]}", "coef=" + joined(fitted.coef_),
              "intercept=" + joined(fitted.intercept_)]

    with open(os.path.join(OUT, f"{case}.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
    with open(os.path.join(OUT, f"{case}.properties"), "w") as f:
        f.write("\n".join(props) + "\n")
    return n_train, n_test, metrics


def softmax_rows(z, k):
    """Class probabilities of logits: a binary model's one logit is the positive class's."""
    if k == 2:
        z = np.atleast_2d(z).reshape(len(z), -1)[:, 0]
        p = 1 / (1 + np.exp(-z))
        return np.c_[1 - p, p]
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def polish(X, labels, weights, k, l2, fitted):
    """Minimizes mean(weights * log-loss) + (l2 / 2) ||coef||^2 from sklearn's solution to the gradient's limit."""
    n, d = X.shape
    rows = 1 if k == 2 else k

    def objective(theta):
        W = theta[:rows * d].reshape(rows, d)
        b = theta[rows * d:]
        z = X @ W.T + b
        if k == 2:
            y = labels.astype(float)
            zz = z[:, 0]
            loss = np.logaddexp(0, zz) - y * zz
            r = (1 / (1 + np.exp(-zz)) - y) * weights / n
            gW = (r @ X)[None, :]
            gb = np.array([r.sum()])
        else:
            m = z.max(axis=1, keepdims=True)
            lse = (m[:, 0] + np.log(np.exp(z - m).sum(axis=1)))
            loss = lse - z[np.arange(n), labels]
            P = np.exp(z - lse[:, None])
            P[np.arange(n), labels] -= 1
            r = P * (weights / n)[:, None]
            gW = r.T @ X
            gb = r.sum(axis=0)
        f = np.sum(weights * loss) / n + l2 / 2 * np.sum(W ** 2)
        return f, np.concatenate([(gW + l2 * W).ravel(), gb])

    start = np.concatenate([np.atleast_2d(fitted.coef_).ravel(), np.ravel(fitted.intercept_)])
    result = minimize(objective, start, jac=True, method="L-BFGS-B",
                      options={"ftol": 0, "gtol": 1e-13, "maxiter": 100000, "maxcor": 30})
    theta = result.x
    return theta[:rows * d].reshape(rows, d), theta[rows * d:], np.abs(result.jac).max()


def main():
    check_tables()
    os.makedirs(OUT, exist_ok=True)
    print(f"{'case':<18} {'train':>5} {'test':>5}  metrics")
    for case, spec in CASES.items():
        n_train, n_test, metrics = run(case, *spec)
        print(f"{case:<18} {n_train:>5} {n_test:>5}  " + "  ".join(f"{k}={v:.6g}" for k, v in metrics.items()))


if __name__ == "__main__":
    main()
