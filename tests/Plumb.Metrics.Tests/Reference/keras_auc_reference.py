"""Reference values for KerasAucTests: Keras 3's AUC, Precision and Recall re-implemented in numpy.

TensorFlow/Keras are not installed here. This follows keras/src/metrics/confusion_metrics.py (AUC.__init__,
AUC.result, AUC.interpolate_pr_auc, Precision/Recall.result) and keras/src/metrics/metrics_utils.py
(update_confusion_matrix_variables: the plain tiled comparison y_pred > threshold in float32, _filter_top_k,
class_id slicing, label_weights) at keras-team/keras commit 0f78f8eb. The sums are taken in float64 (Keras
accumulates in float32, so Keras itself agrees with these to ~1e-7).
Run: /usr/bin/python3 tests/Plumb.Metrics.Tests/Reference/keras_auc_reference.py   (numpy only)
"""
import numpy as np

np.set_printoptions(precision=17)

EPS = 1e-7
NEG_INF = -1e10


def confusion(y_true, y_pred, thresholds, sample_weight=None, multi_label=False, label_weights=None,
              top_k=None, class_id=None):
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float32)
    if y_pred.ndim == 1:
        y_pred = y_pred[:, None]
        y_true = y_true[:, None]
    w = np.ones(y_pred.shape[0]) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    w = np.broadcast_to(w[:, None], y_pred.shape)
    if top_k is not None:
        idx = np.argsort(-y_pred, axis=-1, kind="stable")[:, :top_k]
        mask = np.zeros_like(y_pred)
        np.put_along_axis(mask, idx, 1, axis=-1)
        y_pred = np.where(mask == 1, y_pred, np.float32(NEG_INF))
    if class_id is not None:
        y_true, y_pred, w = y_true[:, [class_id]], y_pred[:, [class_id]], w[:, [class_id]]
    if label_weights is not None and not multi_label:
        w = w * np.asarray(label_weights, dtype=np.float64)[None, :]
    th = np.asarray(thresholds, dtype=np.float32)
    pos = y_true.astype(bool)
    if multi_label:
        pred_pos = y_pred[None, :, :] > th[:, None, None]           # [T, N, L]
        lab = pos[None, :, :]
        ww = w[None, :, :]
        s = lambda m: (m * ww).sum(axis=1)                            # [T, L]
    else:
        pred_pos = y_pred.reshape(1, -1) > th[:, None]                # [T, N*L]
        lab = pos.reshape(1, -1)
        ww = w.reshape(1, -1)
        s = lambda m: (m * ww).sum(axis=1)                            # [T]
    tp = s(lab & pred_pos); fp = s(~lab & pred_pos); fn = s(lab & ~pred_pos); tn = s(~lab & ~pred_pos)
    return tp, fp, tn, fn


def dnn(a, b):
    a = np.asarray(a, dtype=np.float64); b = np.asarray(b, dtype=np.float64)
    out = np.zeros(np.broadcast(a, b).shape)
    np.divide(a, b, out=out, where=b != 0)
    return out


def auc(y_true, y_pred, num_thresholds=200, curve="ROC", summation_method="interpolation", thresholds=None,
        multi_label=False, label_weights=None, sample_weight=None):
    if thresholds is not None:
        th = sorted(thresholds)
    else:
        th = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    th = np.array([0.0 - EPS] + th + [1.0 + EPS])
    n = len(th)
    tp, fp, tn, fn = confusion(y_true, y_pred, th, sample_weight, multi_label,
                               None if multi_label else label_weights)

    def reduce(terms):
        if multi_label:
            by_label = terms.sum(axis=0)
            if label_weights is None:
                return by_label.mean()
            lw = np.asarray(label_weights, dtype=np.float64)
            return dnn((by_label * lw).sum(), lw.sum())
        return terms.sum()

    if curve == "PR" and summation_method == "interpolation":
        dtp = tp[: n - 1] - tp[1:]
        p = tp + fp
        dp = p[: n - 1] - p[1:]
        slope = dnn(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        ratio = np.where((p[: n - 1] > 0) & (p[1:] > 0), dnn(p[: n - 1], np.maximum(p[1:], 0)), np.ones_like(p[1:]))
        return reduce(dnn(slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0)))
    recall = dnn(tp, tp + fn)
    if curve == "ROC":
        x, y = dnn(fp, fp + tn), recall
    else:
        x, y = recall, dnn(tp, tp + fp)
    if summation_method == "interpolation":
        h = (y[: n - 1] + y[1:]) / 2.0
    elif summation_method == "minoring":
        h = np.minimum(y[: n - 1], y[1:])
    else:
        h = np.maximum(y[: n - 1], y[1:])
    return reduce((x[: n - 1] - x[1:]) * h)


def precision_recall(y_true, y_pred, thresholds=None, top_k=None, class_id=None, sample_weight=None):
    th = thresholds if thresholds is not None else [0.5 if top_k is None else NEG_INF]
    tp, fp, tn, fn = confusion(y_true, y_pred, th, sample_weight, top_k=top_k, class_id=class_id)
    return dnn(tp, tp + fp), dnn(tp, tp + fn)


# Docstring checks (keras.metrics.AUC): 0.75 and 1.0.
print("doc", auc([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], num_thresholds=3),
      auc([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], num_thresholds=3, sample_weight=[1, 0, 0, 1]))

# Binary case (also in KerasAucTests.BinaryY/BinaryS/BinaryW).
y = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0]
s = [0.1, 0.35, 0.8, 0.5, 0.65, 0.2, 0.9, 0.55, 0.5, 0.05, 0.3, 0.75]
w = [1.0, 0.5, 2.0, 1.5, 1.0, 0.25, 1.0, 3.0, 0.5, 1.0, 2.0, 0.75]
for nt, thr in [(200, None), (7, None), (None, [0.25, 0.5, 0.75])]:
    for curve in ["ROC", "PR"]:
        for sm in ["interpolation", "minoring", "majoring"]:
            kw = dict(curve=curve, summation_method=sm)
            if thr is None: kw["num_thresholds"] = nt
            else: kw["thresholds"] = thr
            print(f"binary nt={nt} thr={thr} {curve} {sm}: {auc(y, s, **kw)!r} weighted {auc(y, s, sample_weight=w, **kw)!r}")

# Multilabel case (3 labels, KerasAucTests.MultiY/MultiS).
my = [[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0], [1, 0, 0], [0, 1, 1], [1, 0, 1], [0, 0, 0]]
ms = [[0.9, 0.2, 0.6], [0.3, 0.4, 0.7], [0.6, 0.8, 0.1], [0.45, 0.55, 0.35], [0.7, 0.1, 0.2], [0.2, 0.6, 0.9], [0.4, 0.3, 0.5], [0.1, 0.5, 0.45]]
lw = [1.0, 2.0, 0.5]
for curve in ["ROC", "PR"]:
    print(f"multi {curve}: flat {auc(my, ms, curve=curve)!r} flat_lw {auc(my, ms, curve=curve, label_weights=lw)!r} "
          f"ml {auc(my, ms, curve=curve, multi_label=True)!r} ml_lw {auc(my, ms, curve=curve, multi_label=True, label_weights=lw)!r}")

# Precision/recall (keras.metrics.Precision / Recall) on the multilabel case.
print("pr thresholds", *precision_recall(my, ms, thresholds=[0.3, 0.5, 0.7]))
print("pr top_k=1", *precision_recall(my, ms, top_k=1))
print("pr top_k=2 thresholds", *precision_recall(my, ms, top_k=2, thresholds=[0.3, 0.5]))
print("pr top_k=2 class_id=2", *precision_recall(my, ms, top_k=2, class_id=2))
print("pr weighted thresholds", *precision_recall(my, ms, thresholds=[0.3, 0.5, 0.7], sample_weight=[1, 2, 0.5, 1, 1.5, 0, 1, 3]))
print("doc precision", precision_recall([0, 1, 1, 1], [1, 0, 1, 1])[0], precision_recall([[0, 0, 1, 1]], [[1, 1, 1, 1]], top_k=2)[0],
      precision_recall([[0, 0, 1, 1]], [[1, 1, 1, 1]], top_k=4)[0])
