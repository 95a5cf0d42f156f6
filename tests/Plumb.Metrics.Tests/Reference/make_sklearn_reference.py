"""Generates SklearnReferenceData.cs: datasets and scikit-learn 1.2.1 values for the label and regression metrics.

Run with the system interpreter (scikit-learn 1.2.1, numpy): /usr/bin/python3 make_sklearn_reference.py > ../SklearnReferenceData.cs
Never run at test time; the output is pasted (committed) with each case's exact python expression.
"""
import json, math, sys
import numpy as np
import sklearn
from scipy.special import expit
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, precision_score, recall_score, f1_score,
    fbeta_score, jaccard_score, matthews_corrcoef, cohen_kappa_score, hamming_loss, confusion_matrix,
    multilabel_confusion_matrix, classification_report, top_k_accuracy_score, mean_squared_error,
    mean_absolute_error, r2_score, explained_variance_score, max_error, median_absolute_error,
    mean_absolute_percentage_error, mean_squared_log_error, mean_pinball_loss, mean_poisson_deviance,
    mean_gamma_deviance, mean_tweedie_deviance, d2_absolute_error_score)
from sklearn.utils.multiclass import unique_labels

assert sklearn.__version__ == "1.2.1", sklearn.__version__
rng = np.random.default_rng(20261123)
D = {}  # name -> dict(target, score, columns, weight)

def put(name, y, s, cols, w):
    D[name] = dict(y=np.asarray(y, float), s=np.asarray(s, float), cols=cols, w=np.asarray(w, float))

# binary: 2-decimal scores (ties, some exactly at 0.5), weights with zeros
n = 40
y = rng.integers(0, 2, n); s = np.round(rng.random(n), 2); s[[3, 17, 29]] = 0.5
w = np.round(rng.uniform(0, 3, n), 1); w[[5, 11]] = 0
put("bin", y, s, 1, w)
# binary logits
put("binlogit", y, np.round(rng.normal(0, 2, n), 2), 1, w)
# binary with no predicted positives (zero division), and a single class
y2 = rng.integers(0, 2, 12); put("bin_nopos", y2, np.round(rng.uniform(0, 0.49, 12), 2), 1, np.round(rng.uniform(0.5, 2, 12), 1))
put("bin_allneg", np.zeros(10), np.round(rng.uniform(0, 0.49, 10), 2), 1, np.round(rng.uniform(0.5, 2, 10), 1))
# multiclass K=4, 1-decimal scores: tied maxima (first max wins)
n, K = 60, 4
y = rng.integers(0, K, n); s = np.round(rng.random((n, K)), 1)
s[7] = [0.3, 0.9, 0.9, 0.1]; s[8] = [0.5, 0.5, 0.5, 0.5]
w = np.round(rng.uniform(0, 3, n), 1); w[[2, 40]] = 0
put("mc", y, s, K, w)
# multiclass 5 columns, class 4 never a target nor predicted, class 3 never predicted
n, K = 30, 5
y = rng.integers(0, 4, n); s = np.round(rng.random((n, K)), 2); s[:, 4] = 0; s[:, 3] = np.minimum(s[:, 3], 0.01)
put("mc_absent", y, s, K, np.round(rng.uniform(0.1, 3, n), 1))
# multilabel L=4: label 3 never true, some all-negative rows
n, L = 40, 4
y = (rng.random((n, L)) < 0.4).astype(float); y[:, 3] = 0
s = np.round(rng.random((n, L)), 2); y[[4, 9]] = 0; s[[4, 9]] = 0.1
w = np.round(rng.uniform(0, 3, n), 1); w[13] = 0
put("ml", y, s, L, w)
# larger sets: binary n=500 (3-decimal scores), multiclass K=7 n=300, multilabel L=6 n=150
n = 500
y = rng.integers(0, 2, n); put("binbig", y, np.round(np.clip(0.35 * y + rng.random(n) * 0.65, 0, 1), 3), 1, np.round(rng.uniform(0, 2, n), 2))
n, K = 300, 7
y = rng.integers(0, K, n); S = rng.random((n, K)); S[np.arange(n), y] += 0.4; S = np.round(S, 3)
put("mcbig", y, S, K, np.round(rng.uniform(0, 2, n), 2))
n, L = 150, 6
y = (rng.random((n, L)) < np.linspace(0.1, 0.6, L)).astype(float); S = np.round(np.clip(0.4 * y + 0.6 * rng.random((n, L)), 0, 1), 2)
put("mlbig", y, S, L, np.round(rng.uniform(0, 2, n), 2))
# regression: positive targets and predictions
n = 30
yt = np.round(rng.uniform(0.1, 10, n), 2); yp = np.round(np.clip(yt + rng.normal(0, 1.5, n), 0.05, None), 2)
yt[[3, 8]] = yp[[3, 8]]
put("reg", yt, yp, 1, np.round(rng.uniform(0, 3, n), 1))
# regression with signed values (r2, mse, mae, pinball, max, median, d2, mape with a zero target)
n = 25
yt = np.round(rng.normal(0, 5, n), 2); yt[4] = 0; yp = np.round(yt + rng.normal(0, 2, n), 2)
put("regsigned", yt, yp, 1, np.round(rng.uniform(0.1, 3, n), 1))
# constant targets: r2 / explained variance / d2 take their force_finite branches
# larger positive set, and one with zero targets (Poisson, Tweedie 1 < p < 2, MSLE accept y = 0)
n = 200
yt = np.round(rng.gamma(2.0, 2.0, n), 3) + 0.001; yp = np.round(np.clip(yt * rng.lognormal(0, 0.3, n), 0.01, None), 3)
wb = np.round(rng.uniform(0, 2, n), 2); wb[[0, 50, 99]] = 0
put("regbig", yt, yp, 1, wb)
n = 40
yt = rng.poisson(1.5, n).astype(float); yp = np.round(rng.uniform(0.2, 4, n), 2)
put("regzero", yt, yp, 1, np.round(rng.uniform(0.1, 2, n), 1))
put("regconst", [3, 3, 3, 3], [2, 3, 4, 3], 1, [1, 2, 1, 1])
put("regperfect", [3, 3, 3, 3], [3, 3, 3, 3], 1, [1, 2, 1, 1])

cases = []

def enc(v):
    if isinstance(v, dict):
        return {str(k): enc(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, np.ndarray)):
        return [enc(x) for x in v]
    v = float(v)
    return "NaN" if math.isnan(v) else v

def case(spec, data, task, expr, value, weighted, nc=0, zd=0.0, thr=0.5, logits=False):
    cases.append(dict(spec=spec, data=data, task=task, nc=nc, zd=zd, thr=thr, logits=logits, weighted=weighted, expr=expr,
                      json=json.dumps(enc(value))))

def preds(d, task, thr=0.5, logits=False):
    s = d["s"]
    if task == "Binary":
        return ((expit(s) if logits else s) >= thr).astype(int)
    if task == "Multiclass":
        return np.argmax(s.reshape(-1, d["cols"]), axis=1)
    return ((s.reshape(-1, d["cols"])) >= thr).astype(int)

def ytrue(d, task):
    return d["y"].reshape(-1, d["cols"]).astype(int) if task == "Multilabel" else d["y"].astype(int)

def spec_npv(kind, y, yp, avg, w, zd, labels, multilabel):
    if avg == "samples":
        M = multilabel_confusion_matrix(y, yp, sample_weight=w, samplewise=True)
    else:
        lab = [1] if avg == "binary" else (None if multilabel else (labels if labels is not None else unique_labels(y, yp)))
        M = multilabel_confusion_matrix(y, yp, sample_weight=w, labels=lab)
    tn, fp, fn, tp = M[:, 0, 0], M[:, 0, 1], M[:, 1, 0], M[:, 1, 1]
    num, den = (tn, tn + fp) if kind == "specificity" else (tn, tn + fn)
    if avg == "micro":
        num, den = np.array([num.sum()]), np.array([den.sum()])
    r = np.where(den == 0, zd, num / np.where(den == 0, 1, den))
    if avg in ("binary", "micro"): return r[0]
    if avg == "none": return r
    if avg == "macro": return np.mean(r)
    if avg == "weighted":
        sup = tp + fn
        return np.mean(r) if sup.sum() == 0 else np.average(r, weights=sup)
    return np.average(r, weights=w)

PRF = {"precision": "precision_score", "recall": "recall_score", "f1": "f1_score", "fbeta(beta=2)": "fbeta_score",
       "fbeta(beta=0.5)": "fbeta_score", "jaccard": "jaccard_score"}
FN = {"precision_score": precision_score, "recall_score": recall_score, "f1_score": f1_score, "fbeta_score": fbeta_score,
      "jaccard_score": jaccard_score}

def label_cases(data, task, averages, zds=(0.0,), nc=0, thr=0.5, logits=False):
    d = D[data]; y = ytrue(d, task); yp = preds(d, task, thr, logits)
    labels = list(range(nc)) if nc else None
    lab = f", labels={labels}" if nc else ""
    for weighted in (False, True):
        w = d["w"] if weighted else None
        ws = ", sample_weight=w" if weighted else ""
        for zd in zds:
            for m, fn in PRF.items():
                beta = ", beta=2" if "beta=2" in m else (", beta=0.5" if "beta=0.5" in m else "")
                for avg in averages:
                    a = None if avg == "none" else avg
                    kw = dict(average=a, sample_weight=w, zero_division=int(zd))
                    if beta: kw["beta"] = 2.0 if "beta=2" in m else 0.5
                    if nc and avg != "binary": kw["labels"] = labels
                    v = FN[fn](y, yp, **kw)
                    spec = m[:-1] + f", average={avg})" if "(" in m else f"{m}(average={avg})"
                    expr = f"{fn}(y, yp, average={a!r}{beta}{ws}, zero_division={int(zd)}{lab if avg != 'binary' else ''})"
                    case(spec, data, task, expr, v, weighted, nc, zd, thr, logits)
            for kind in ("specificity", "npv"):
                for avg in averages:
                    v = spec_npv(kind, y, yp, avg, w, zd, labels, task == "Multilabel")
                    expr = f"{kind} from multilabel_confusion_matrix(y, yp{ws}{lab}), average={avg}, zero_division={zd}"
                    case(f"{kind}(average={avg})", data, task, expr, v, weighted, nc, zd, thr, logits)
            if zd == zds[0]:
                if task != "Multilabel":
                    case("accuracy", data, task, f"accuracy_score(y, yp{ws})", accuracy_score(y, yp, sample_weight=w), weighted, nc, zd, thr, logits)
                    case("balanced_accuracy", data, task, f"balanced_accuracy_score(y, yp{ws})", balanced_accuracy_score(y, yp, sample_weight=w), weighted, nc, zd, thr, logits)
                    case("mcc", data, task, f"matthews_corrcoef(y, yp{ws})", matthews_corrcoef(y, yp, sample_weight=w), weighted, nc, zd, thr, logits)
                    for kw in (None, "linear", "quadratic"):
                        spec = "cohen_kappa" if kw is None else f"cohen_kappa(weights={kw})"
                        v = cohen_kappa_score(y, yp, weights=kw, sample_weight=w, labels=labels)
                        case(spec, data, task, f"cohen_kappa_score(y, yp, weights={kw!r}{ws}{lab})", v, weighted, nc, zd, thr, logits)
                    v = confusion_matrix(y, yp, sample_weight=w, labels=labels)
                    case("confusion_matrix", data, task, f"confusion_matrix(y, yp{ws}{lab})", v, weighted, nc, zd, thr, logits)
                else:
                    case("accuracy", data, task, f"accuracy_score(y, yp{ws})  # subset accuracy", accuracy_score(y, yp, sample_weight=w), weighted, nc, zd, thr, logits)
                    v = multilabel_confusion_matrix(y, yp, sample_weight=w)
                    case("confusion_matrix", data, task, f"multilabel_confusion_matrix(y, yp{ws})", {str(i): m for i, m in enumerate(v)}, weighted, nc, zd, thr, logits)
                case("hamming_loss", data, task, f"hamming_loss(y, yp{ws})", hamming_loss(y, yp, sample_weight=w), weighted, nc, zd, thr, logits)
            rep = classification_report(y, yp, sample_weight=w, zero_division=int(zd), output_dict=True, labels=labels)
            case("classification_report", data, task, f"classification_report(y, yp{ws}, zero_division={int(zd)}, output_dict=True{lab})", rep, weighted, nc, zd, thr, logits)

label_cases("bin", "Binary", ["binary", "micro", "macro", "weighted", "none"])
label_cases("bin", "Binary", ["binary", "macro"], thr=0.3)
label_cases("binlogit", "Binary", ["binary", "weighted"], logits=True)
label_cases("binlogit", "Binary", ["binary"], thr=0.3, logits=True)
label_cases("bin_nopos", "Binary", ["binary", "micro", "macro", "weighted", "none"], zds=(0.0, 1.0))
label_cases("bin_allneg", "Binary", ["binary", "macro", "weighted"], zds=(0.0, 1.0))
label_cases("mc", "Multiclass", ["micro", "macro", "weighted", "none"])
label_cases("mc_absent", "Multiclass", ["micro", "macro", "weighted", "none"], zds=(0.0, 1.0))
label_cases("mc_absent", "Multiclass", ["micro", "macro", "weighted", "none"], zds=(0.0, 1.0), nc=5)
label_cases("ml", "Multilabel", ["micro", "macro", "weighted", "samples", "none"], zds=(0.0, 1.0))
label_cases("binbig", "Binary", ["binary", "micro", "macro", "weighted", "none"])
label_cases("mcbig", "Multiclass", ["micro", "macro", "weighted", "none"])
label_cases("mcbig", "Multiclass", ["macro"], nc=7)
label_cases("mlbig", "Multilabel", ["micro", "macro", "weighted", "samples", "none"])

# top-k accuracy (multiclass scores; sklearn ranks ties by higher index first)
for data in ("mc", "mc_absent", "mcbig"):
    d = D[data]; y = ytrue(d, "Multiclass"); S = d["s"].reshape(-1, d["cols"]); K = d["cols"]
    for k in (1, 2, 3):
        for weighted in (False, True):
            w = d["w"] if weighted else None
            v = top_k_accuracy_score(y, S, k=k, sample_weight=w, labels=list(range(K)))
            case(f"top_k_accuracy(k={k})", data, "Multiclass", f"top_k_accuracy_score(y, S, k={k}{', sample_weight=w' if weighted else ''}, labels=list(range({K})))", v, weighted)

REG = [("mse", "mean_squared_error(y, p{ws})", lambda y, p, w: mean_squared_error(y, p, sample_weight=w)),
       ("rmse", "mean_squared_error(y, p{ws}, squared=False)", lambda y, p, w: mean_squared_error(y, p, sample_weight=w, squared=False)),
       ("mae", "mean_absolute_error(y, p{ws})", lambda y, p, w: mean_absolute_error(y, p, sample_weight=w)),
       ("r2", "r2_score(y, p{ws})", lambda y, p, w: r2_score(y, p, sample_weight=w)),
       ("explained_variance", "explained_variance_score(y, p{ws})", lambda y, p, w: explained_variance_score(y, p, sample_weight=w)),
       ("median_absolute_error", "median_absolute_error(y, p{ws})", lambda y, p, w: median_absolute_error(y, p, sample_weight=w)),
       ("mape", "mean_absolute_percentage_error(y, p{ws})", lambda y, p, w: mean_absolute_percentage_error(y, p, sample_weight=w)),
       ("pinball", "mean_pinball_loss(y, p{ws})", lambda y, p, w: mean_pinball_loss(y, p, sample_weight=w)),
       ("pinball(alpha=0.9)", "mean_pinball_loss(y, p, alpha=0.9{ws})", lambda y, p, w: mean_pinball_loss(y, p, alpha=0.9, sample_weight=w)),
       ("pinball(alpha=0.1)", "mean_pinball_loss(y, p, alpha=0.1{ws})", lambda y, p, w: mean_pinball_loss(y, p, alpha=0.1, sample_weight=w)),
       ("d2_absolute_error", "d2_absolute_error_score(y, p{ws})", lambda y, p, w: d2_absolute_error_score(y, p, sample_weight=w))]
POS = [("msle", "mean_squared_log_error(y, p{ws})", lambda y, p, w: mean_squared_log_error(y, p, sample_weight=w)),
       ("poisson_deviance", "mean_poisson_deviance(y, p{ws})", lambda y, p, w: mean_poisson_deviance(y, p, sample_weight=w)),
       ("gamma_deviance", "mean_gamma_deviance(y, p{ws})", lambda y, p, w: mean_gamma_deviance(y, p, sample_weight=w))]
for pw in (-0.5, 0, 1, 1.5, 2, 3):
    POS.append((f"tweedie_deviance(power={pw})", f"mean_tweedie_deviance(y, p, power={pw}{{ws}})",
                (lambda q: lambda y, p, w: mean_tweedie_deviance(y, p, power=q, sample_weight=w))(pw)))
ZERO = [m for m in POS if m[0] == "msle" or m[0] == "poisson_deviance" or m[0] in ("tweedie_deviance(power=-0.5)", "tweedie_deviance(power=0)", "tweedie_deviance(power=1)", "tweedie_deviance(power=1.5)")]
for data, metrics in (("reg", REG + POS), ("regbig", REG + POS), ("regzero", REG[:6] + REG[7:] + ZERO), ("regsigned", REG), ("regconst", REG), ("regperfect", REG)):
    d = D[data]
    for weighted in (False, True):
        w = d["w"] if weighted else None
        ws = ", sample_weight=w" if weighted else ""
        for spec, expr, f in metrics:
            case(spec, data, "Regression", expr.format(ws=ws), f(d["y"], d["s"], w), weighted)
    case("max_error", data, "Regression", "max_error(y, p)", max_error(d["y"], d["s"]), False)

def arr(a):
    return "[" + ", ".join(repr(float(x)) for x in np.ravel(a)) + "]"

out = sys.stdout
out.write("// <auto-generated>\n// Generated by Reference/make_sklearn_reference.py with scikit-learn %s, numpy %s (/usr/bin/python3).\n"
          "// Do not edit: re-run the script. Each case carries the exact python expression that produced its value\n"
          "// (y = targets, yp = predicted labels: binary s >= thr (expit(s) >= thr for logits), multiclass np.argmax(S, axis=1),\n"
          "// multilabel S >= 0.5; S = scores as rows; w = weights; p = predictions).\n// </auto-generated>\n"
          % (sklearn.__version__, np.__version__))
out.write("namespace Plumb.Metrics.Tests;\n\ninternal static class SklearnReferenceData\n{\n")
out.write("    public static readonly Dictionary<string, (double[] Target, double[] Score, int Columns, double[] Weight)> Data = new()\n    {\n")
for name, d in D.items():
    out.write(f'        ["{name}"] = ({arr(d["y"])},\n            {arr(d["s"])},\n            {d["cols"]}, {arr(d["w"])}),\n')
out.write("    };\n\n    public static readonly SklearnCase[] Cases =\n    [\n")
for c in cases:
    out.write("        new(%s, %s, MetricTask.%s, %d, %r, %r, %s, %s, %s,\n            %s),\n" % (
        json.dumps(c["spec"]), json.dumps(c["data"]), c["task"], c["nc"], float(c["zd"]), float(c["thr"]),
        "true" if c["logits"] else "false", "true" if c["weighted"] else "false", json.dumps(c["expr"]), json.dumps(c["json"])))
out.write("    ];\n}\n")
print(f"{len(cases)} cases", file=sys.stderr)
