"""scikit-learn's reading of small LIBSVM/svmlight files, for descent-ml's SvmLightTest.

Writes each case's file to descent-ml/src/test/resources/svmlight/<case>.svm and what scikit-learn
1.2.1's load_svmlight_file(f, zero_based="auto", query_id=True) returns, as the compressed rows
(indptr, indices, data), the labels, the query ids and n_features, to <case>.properties.

Run: /usr/bin/python3 tools/reference/svmlight_reference.py
"""
import os
import sklearn
from sklearn.datasets import load_svmlight_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "descent-ml", "src", "test", "resources",
                   "svmlight")
CASES = {
    "one_based": "1 1:0.5 3:-2 7:1e-3\n-1 2:4\n# a comment line\n\n+1 1:1 2:2 3:3 # trailing comment\n0.5 5:0\n",
    "zero_based": "3 0:1.5 4:2\n2 1:-1\n1 2:0.25 3:8\n",
    "query_ids": "2 qid:1 1:0.1 2:0.2\n1 qid:1 1:0.3\n0 qid:2 2:0.5 4:1\n",
    "no_features": "1\n0\n1\n",
}

def fmt(values):
    return ",".join(repr(float(v)) if isinstance(v, float) or hasattr(v, "dtype") and v.dtype.kind == "f" else str(int(v))
                    for v in values)

for name, text in CASES.items():
    path = os.path.join(OUT, name + ".svm")
    with open(path, "w") as f:
        f.write(text)
    X, y, q = load_svmlight_file(path, zero_based="auto", query_id=True)
    X.sort_indices()
    with open(os.path.join(OUT, name + ".properties"), "w") as f:
        f.write("# scikit-learn %s load_svmlight_file(zero_based='auto', query_id=True) of %s.svm;"
                " tools/reference/svmlight_reference.py\n" % (sklearn.__version__, name))
        f.write("rows=%d\n" % X.shape[0])
        f.write("columns=%d\n" % X.shape[1])
        f.write("indptr=%s\n" % ",".join(str(int(v)) for v in X.indptr))
        f.write("indices=%s\n" % ",".join(str(int(v)) for v in X.indices))
        f.write("data=%s\n" % ",".join(repr(float(v)) for v in X.data))
        f.write("labels=%s\n" % ",".join(repr(float(v)) for v in y))
        f.write("qid=%s\n" % ",".join(str(int(v)) for v in q))
    print(name, X.shape, X.nnz)
