"""Times scikit-learn on the same kind of data as `plumb bench metrics` (not run by tests).

Usage: /usr/bin/python3 bench/sklearn_reference.py N [RUNS] [--no-peak]   -> one JSON line {"n": N, "sklearn": "1.2.1", "ms": {...},
       "peak_bytes_per_sample": {...}}  (peak extra memory of one call, by tracemalloc, which numpy reports to;
       skipped with --no-peak). bench/compare_metrics.py runs this side by side with `plumb bench metrics`.

Data (seed 42, numpy): binary targets with 30 % positives, float32 scores sigmoid(z + 1.2 y), z ~ N(0, 1);
10-class labels uniform, predictions equal to the label 60 % of the time and uniform otherwise.
Timed calls (median of RUNS, default 3):
  roc_auc            roc_auc_score(y, s)
  average_precision  average_precision_score(y, s)
  log_loss           log_loss(y, s)            (float32 input, as given)
  f1                 f1_score(y, s >= 0.5)     (thresholding included)
  f1_macro_10class   f1_score(yt, yp, average="macro")
"""
import json
import sys
import time
import tracemalloc

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, f1_score, log_loss, roc_auc_score


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0])
    runs = int(args[1]) if len(args) > 1 else 3
    rng = np.random.default_rng(42)
    y = (rng.random(n) < 0.3).astype(np.int64)
    z = rng.standard_normal(n)
    s = (1 / (1 + np.exp(-(z + 1.2 * y)))).astype(np.float32)
    yt = rng.integers(0, 10, n)
    yp = np.where(rng.random(n) < 0.6, yt, rng.integers(0, 10, n))
    kernels = {
        "roc_auc": lambda: roc_auc_score(y, s),
        "average_precision": lambda: average_precision_score(y, s),
        "log_loss": lambda: log_loss(y, s),
        "f1": lambda: f1_score(y, s >= 0.5),
        "f1_macro_10class": lambda: f1_score(yt, yp, average="macro"),
    }
    ms = {}
    for name, f in kernels.items():
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            f()
            times.append((time.perf_counter() - t0) * 1000)
        ms[name] = float(np.median(times))
    peak = {}
    for name, f in ([] if "--no-peak" in sys.argv else kernels.items()):
        tracemalloc.start()
        f()
        peak[name] = round(tracemalloc.get_traced_memory()[1] / n, 1)
        tracemalloc.stop()
    print(json.dumps({"n": n, "sklearn": sklearn.__version__, "ms": ms, "peak_bytes_per_sample": peak}))


if __name__ == "__main__":
    main()
