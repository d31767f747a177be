#!/usr/bin/env python3
"""What a new user sees: descent's CLI with its defaults against the matching scikit-learn pipeline on four tables.

Never run by the tests. A reproducible check, by hand, that the defaults a newcomer meets (no flags beyond
--data/--target/--model, plus --test-data where a test file is part of the story and --drop where descent refuses
a column) give the figures scikit-learn gives on the same rows, and that descent's notes and warnings say what a
newcomer needs to hear.

Usage (from the repository root, after
`mvn -B -ntp -o -q package -pl descent-cli -am -DskipTests -Dmaven.javadoc.skip=true`):

    /usr/bin/python3 tools/reference/newcomer_tables.py [OUT_DIR]     # default /tmp/newcomer

Needs numpy, pandas and scikit-learn (written against 1.2.1). With numpy's seed fixed (SEED below) it writes into
OUT_DIR the CSV exports a new user brings:

  rent.csv (+ rent-train.csv / rent-test.csv, a seeded 80/20 split)
      500 rows: id (distinct integers), city (4 cities), rooms (int), area (float, ~5% empty), floor (int, ~8%
      empty), note (free text from a few values, mostly empty), rent (target, euros ~800-2500).
      descent --model linear; sklearn
        ColumnTransformer([("num", SimpleImputer(strategy="mean", add_indicator=True), numeric_cols),
                           ("cat", Pipeline([SimpleImputer(strategy="constant", fill_value="(missing)"),
                                             OneHotEncoder(handle_unknown="ignore")]), text_cols)])
        -> StandardScaler -> LinearRegression.
      Test R^2, RMSE, MAE. descent also runs on the whole rent.csv (its own seeded 20% test split; not the same
      rows as sklearn's, so shown for information only).
  ids.csv (+ ids-train.csv / ids-test.csv)
      400 rows: id (a row counter), x1..x4, y. The same pipeline; test R^2 and descent's note about the id.
  churn.csv (+ churn-train.csv / churn-test.csv)
      1,000 rows: customer (text like C00017, one per row), plan (text), months, calls, churn (no/yes, ~10% yes).
      descent refuses a text column with more than 100 distinct values, so `--drop customer` (sklearn drops it
      too). descent --model logistic (default l2 = 1/n, scikit-learn's C = 1) against the same encoding ->
      StandardScaler -> LogisticRegression(C=1.0, max_iter=10000). Test accuracy, baseline accuracy (the train
      rows' majority class), balanced accuracy, log-loss, ROC AUC, average precision of "yes".
  wide.csv / wide-test.csv
      1,600 train rows and 400 test rows, f000..f499 standard normal, y in {0, 1} from a logistic model on the
      first 10 features. descent --model logistic against StandardScaler -> LogisticRegression(C=1.0,
      max_iter=10000). Train and test accuracy, descent's warnings, and whether it held out validation rows (its
      JSON has a top-level "validation" key only when it did).

Every numeric column pandas reads as a number is a numeric feature in sklearn (the id too: descent keeps it as a
feature, with a note); every other column is text. Prints one markdown table per case, descent against sklearn and
their difference, then descent's notes and warnings, and the exact commands run.
"""
import json
import os
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import (accuracy_score, average_precision_score, balanced_accuracy_score, log_loss,
                             mean_absolute_error, mean_squared_error, r2_score, roc_auc_score)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

SEED = 20261207
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DESCENT = os.path.join(REPO, "descent")
COMMANDS = []


def split(df, rng, test_fraction=0.2):
    """A seeded shuffle-and-cut: the first 80% of a permutation train, the rest test."""
    order = rng.permutation(len(df))
    n_test = int(round(test_fraction * len(df)))
    return df.iloc[order[n_test:]].reset_index(drop=True), df.iloc[order[:n_test]].reset_index(drop=True)


def write(df, out, name):
    path = os.path.join(out, name)
    df.to_csv(path, index=False)
    return path


def make_rent(rng, n=500):
    cities = np.array(["Berlin", "Hamburg", "Munich", "Leipzig"])
    city_effect = {"Berlin": 250.0, "Hamburg": 300.0, "Munich": 550.0, "Leipzig": 0.0}
    city = cities[rng.integers(0, 4, n)]
    rooms = rng.integers(1, 6, n)
    area = np.round(18.0 + 22.0 * rooms + rng.normal(0, 8, n), 1)
    floor = rng.integers(0, 9, n)
    rent = (300.0 + np.array([city_effect[c] for c in city]) + 11.0 * area + 15.0 * floor
            + rng.normal(0, 110, n))
    rent = np.round(np.clip(rent, 800, 2500), 0)
    notes = np.array(["balcony", "renovated", "quiet street", "near station"])
    note = np.where(rng.random(n) < 0.3, notes[rng.integers(0, 4, n)], "")
    ids = rng.choice(np.arange(10_000, 100_000), n, replace=False)
    df = pd.DataFrame({"id": ids, "city": city, "rooms": rooms, "area": area,
                       "floor": floor.astype(object), "note": note, "rent": rent})
    df.loc[rng.random(n) < 0.05, "area"] = np.nan
    df.loc[rng.random(n) < 0.08, "floor"] = np.nan
    df["floor"] = df["floor"].astype("Int64")  # whole numbers in the CSV, an empty cell where missing
    return df


def make_ids(rng, n=400):
    x = rng.normal(0, 1, (n, 4))
    y = 3.0 + x @ np.array([2.0, -1.5, 1.0, 0.5]) + rng.normal(0, 1.0, n)
    df = pd.DataFrame(x, columns=["x1", "x2", "x3", "x4"]).round(4)
    df.insert(0, "id", np.arange(1, n + 1))
    df["y"] = np.round(y, 4)
    return df


def make_churn(rng, n=1000):
    plans = np.array(["basic", "plus", "premium"])
    plan = plans[rng.choice(3, n, p=[0.5, 0.3, 0.2])]
    months = rng.integers(1, 73, n)
    calls = rng.poisson(2.0, n)
    logit = -2.2 - 0.03 * (months - 36) + 0.45 * (calls - 2) + np.where(plan == "basic", 0.5, 0.0)
    churn = np.where(rng.random(n) < 1.0 / (1.0 + np.exp(-logit)), "yes", "no")
    customer = ["C%05d" % i for i in rng.choice(np.arange(1, 100_000), n, replace=False)]
    return pd.DataFrame({"customer": customer, "plan": plan, "months": months, "calls": calls, "churn": churn})


def make_wide(rng, n_train=1600, n_test=400, p=500, informative=10):
    beta = np.zeros(p)
    beta[:informative] = rng.choice([-1.0, 1.0], informative) * rng.uniform(0.5, 1.0, informative)

    def draw(n):
        x = rng.normal(0, 1, (n, p))
        y = (rng.random(n) < 1.0 / (1.0 + np.exp(-(x @ beta)))).astype(int)
        df = pd.DataFrame(np.round(x, 5), columns=["f%03d" % j for j in range(p)])
        df["y"] = y
        return df

    return draw(n_train), draw(n_test)


def descent(args):
    cmd = [DESCENT, "train"] + args + ["--format", "json"]
    COMMANDS.append("./descent train " + " ".join(args) + " --format json")
    run = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit("descent failed (%d): %s\n%s" % (run.returncode, " ".join(cmd), run.stderr))
    return json.loads(run.stdout)


def encoder(train, features):
    numeric = [c for c in features if pd.api.types.is_numeric_dtype(train[c])]
    text = [c for c in features if c not in numeric]
    return ColumnTransformer([
        ("num", SimpleImputer(strategy="mean", add_indicator=True), numeric),
        ("cat", Pipeline([("impute", SimpleImputer(strategy="constant", fill_value="(missing)")),
                          ("onehot", OneHotEncoder(handle_unknown="ignore"))]), text)])


def sklearn_regression(train_path, test_path, target, drop=()):
    train, test = pd.read_csv(train_path), pd.read_csv(test_path)
    features = [c for c in train.columns if c != target and c not in drop]
    model = Pipeline([("encode", encoder(train, features)), ("scale", StandardScaler()),
                      ("model", LinearRegression())])
    model.fit(train[features], train[target])
    pred = model.predict(test[features])
    y, y_train = test[target].to_numpy(), train[target].to_numpy()
    # One-hot columns that sum to one are collinear with the intercept, so the least-squares problem is singular:
    # LinearRegression's lstsq keeps the near-zero singular values and can return coefficients of ~1e16 whose
    # predictions carry rounding error. The minimum-norm solution of the same scaled design (numpy's lstsq cuts
    # singular values below eps * max(rows, columns) * the largest) is what any exact least-squares solver predicts.
    design = np.c_[np.ones(len(train)), model[:-1].transform(train[features])]
    w, _, rank, _ = np.linalg.lstsq(design, y_train, rcond=None)
    min_norm = np.c_[np.ones(len(test)), model[:-1].transform(test[features])] @ w
    return {"r2": r2_score(y, pred), "rmse": mean_squared_error(y, pred) ** 0.5, "mae": mean_absolute_error(y, pred),
            "trainRmse": mean_squared_error(y_train, model.predict(train[features])) ** 0.5,
            "maxAbsCoef": float(np.max(np.abs(model[-1].coef_))),
            "minNorm": {"r2": r2_score(y, min_norm), "rmse": mean_squared_error(y, min_norm) ** 0.5,
                        "mae": mean_absolute_error(y, min_norm),
                        "trainRmse": mean_squared_error(y_train, design @ w) ** 0.5},
            "rank": int(rank), "columns": design.shape[1]}


def sklearn_logistic(train_path, test_path, target, positive, drop=()):
    train, test = pd.read_csv(train_path), pd.read_csv(test_path)
    features = [c for c in train.columns if c != target and c not in drop]
    model = Pipeline([("encode", encoder(train, features)), ("scale", StandardScaler()),
                      ("model", LogisticRegression(C=1.0, max_iter=10000))])
    model.fit(train[features], train[target])
    # lbfgs in sklearn stops when the objective falls by less than scipy's ftol (~2.2e-9 relative); Newton-CG with
    # tol=1e-12 lands on the optimum itself, the figure both L-BFGS runs approximate.
    optimum = Pipeline([("encode", encoder(train, features)), ("scale", StandardScaler()),
                        ("model", LogisticRegression(C=1.0, max_iter=10000, solver="newton-cg", tol=1e-12))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its line search reports failure once steps reach rounding level
        optimum.fit(train[features], train[target])
    classes = list(model.classes_)
    y_train, y_test = train[target].to_numpy(), test[target].to_numpy()
    proba = model.predict_proba(test[features])
    pred = model.predict(test[features])
    best = optimum.predict_proba(test[features])[:, classes.index(positive)]
    majority = train[target].value_counts().sort_index().idxmax()
    return {"trainLogLoss": log_loss(y_train, model.predict_proba(train[features]), labels=classes),
            "optimum": {"trainLogLoss": log_loss(y_train, optimum.predict_proba(train[features]), labels=classes),
                        "logLoss": log_loss(y_test == positive, best),
                        "rocAuc": roc_auc_score(y_test == positive, best),
                        "averagePrecision": average_precision_score(y_test == positive, best)},
            "nIter": int(model[-1].n_iter_[0]),
            "trainAccuracy": accuracy_score(y_train, model.predict(train[features])),
            "accuracy": accuracy_score(y_test, pred),
            "baselineAccuracy": float(np.mean(y_test == majority)),
            "balancedAccuracy": balanced_accuracy_score(y_test, pred),
            "logLoss": log_loss(y_test, proba, labels=classes),
            "rocAuc": roc_auc_score(y_test == positive, proba[:, classes.index(positive)]),
            "averagePrecision": average_precision_score(y_test == positive, proba[:, classes.index(positive)])}


def logistic_rows(d, s, keys):
    rows = [("train accuracy", d["train"]["accuracy"], s["trainAccuracy"]),
            ("train logLoss", d["train"]["logLoss"], s["trainLogLoss"])]
    rows += [("test " + k, d["test"][k], s[k]) for k in keys]
    rows += [("Newton-CG optimum (tol 1e-12): train logLoss", d["train"]["logLoss"], s["optimum"]["trainLogLoss"])]
    rows += [("Newton-CG optimum (tol 1e-12): test " + k, d["test"][k], s["optimum"][k])
             for k in ("logLoss", "rocAuc", "averagePrecision")]
    return rows


def regression_rows(d, s):
    rows = [("train RMSE", d["train"]["rmse"], s["trainRmse"])]
    rows += [("test " + label, d["test"][k], s[k]) for k, label in (("r2", "R^2"), ("rmse", "RMSE"), ("mae", "MAE"))]
    rows += [("min-norm lstsq on sklearn's encoding: train RMSE", d["train"]["rmse"], s["minNorm"]["trainRmse"])]
    rows += [("min-norm lstsq on sklearn's encoding: test " + label, d["test"][k], s["minNorm"][k])
             for k, label in (("r2", "R^2"), ("rmse", "RMSE"), ("mae", "MAE"))]
    return rows


def table(title, rows, note=None):
    print("\n### " + title + "\n")
    if note:
        print(note + "\n")
    print("| metric | descent | scikit-learn | descent - sklearn |")
    print("|---|---:|---:|---:|")
    for name, d, s in rows:
        if s is None:
            print("| %s | %.6f | - | - |" % (name, d))
        else:
            print("| %s | %.6f | %.6f | %+.2e |" % (name, d, s, d - s))


def rank_note(s):
    return ("sklearn's design: %d columns with the intercept, rank %d; LinearRegression's largest |coef| %.3g"
            % (s["columns"], s["rank"], s["maxAbsCoef"]))


def messages(label, result):
    print("\n%s: converged=%s, stop=%s, epochs=%s, l2=%s, validation rows held out: %s" % (
        label, result.get("converged"), result.get("stop"), result.get("epochs"), result.get("l2"),
        "yes" if "validation" in result else "no"))
    for kind in ("notes", "warnings"):
        for m in result.get(kind, []):
            print("- %s: %s" % (kind[:-1], m))
    if not result.get("notes") and not result.get("warnings"):
        print("- (no notes, no warnings)")


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "/tmp/newcomer")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    np.random.seed(SEED)

    # 1. rent
    rent = make_rent(rng)
    rent_path = write(rent, out, "rent.csv")
    rent_train, rent_test = split(rent, rng)
    rtr, rte = write(rent_train, out, "rent-train.csv"), write(rent_test, out, "rent-test.csv")
    d_full = descent(["--data", rent_path, "--target", "rent", "--model", "linear"])
    d = descent(["--data", rtr, "--test-data", rte, "--target", "rent", "--model", "linear"])
    s = sklearn_regression(rtr, rte, "rent")
    table("1. rent.csv, linear (rent-train.csv / rent-test.csv, %d / %d rows)" % (len(rent_train), len(rent_test)),
          regression_rows(d, s) + [
           ("whole rent.csv, descent's own 20% split: test R^2", d_full["test"]["r2"], None),
           ("whole rent.csv, descent's own 20% split: test RMSE", d_full["test"]["rmse"], None),
           ("whole rent.csv, descent's own 20% split: test MAE", d_full["test"]["mae"], None)], rank_note(s))
    messages("descent rent-train/rent-test", d)
    messages("descent rent.csv (own split)", d_full)

    # 2. ids
    ids = make_ids(rng)
    write(ids, out, "ids.csv")
    ids_train, ids_test = split(ids, rng)
    itr, ite = write(ids_train, out, "ids-train.csv"), write(ids_test, out, "ids-test.csv")
    d = descent(["--data", itr, "--test-data", ite, "--target", "y", "--model", "linear"])
    s = sklearn_regression(itr, ite, "y")
    table("2. ids.csv, linear (ids-train.csv / ids-test.csv, %d / %d rows)" % (len(ids_train), len(ids_test)),
          regression_rows(d, s), rank_note(s))
    messages("descent ids", d)

    # 3. churn
    churn = make_churn(rng)
    churn_path = write(churn, out, "churn.csv")
    churn_train, churn_test = split(churn, rng)
    ctr, cte = write(churn_train, out, "churn-train.csv"), write(churn_test, out, "churn-test.csv")
    d_full = descent(["--data", churn_path, "--target", "churn", "--model", "logistic", "--drop", "customer"])
    d = descent(["--data", ctr, "--test-data", cte, "--target", "churn", "--model", "logistic",
                 "--drop", "customer"])
    s = sklearn_logistic(ctr, cte, "churn", "yes", drop=("customer",))
    keys = ["accuracy", "baselineAccuracy", "balancedAccuracy", "logLoss", "rocAuc", "averagePrecision"]
    table("3. churn.csv, logistic, --drop customer (churn-train.csv / churn-test.csv, %d / %d rows, %.1f%% yes)"
          % (len(churn_train), len(churn_test), 100 * np.mean(churn["churn"] == "yes")),
          logistic_rows(d, s, keys)
          + [("whole churn.csv, descent's own 20% split: test " + k, d_full["test"][k], None) for k in keys])
    print("\nsklearn lbfgs iterations: %d" % s["nIter"])
    messages("descent churn-train/churn-test", d)
    messages("descent churn.csv (own split)", d_full)

    # 4. wide
    wide_train, wide_test = make_wide(rng)
    wtr, wte = write(wide_train, out, "wide.csv"), write(wide_test, out, "wide-test.csv")
    d = descent(["--data", wtr, "--test-data", wte, "--model", "logistic"])
    s = sklearn_logistic(wtr, wte, "y", 1)
    table("4. wide.csv, logistic, 500 features (%d / %d rows)" % (len(wide_train), len(wide_test)),
          logistic_rows(d, s, keys))
    print("\nsklearn lbfgs iterations: %d" % s["nIter"])
    messages("descent wide", d)

    print("\n### Commands (from %s, files in %s)\n" % (REPO, out))
    for c in COMMANDS:
        print("    " + c)


if __name__ == "__main__":
    main()
