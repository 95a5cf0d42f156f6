"""Times pycocotools on a COCO ground-truth + results pair, for comparison with `plumb eval-detection`.

Usage: python detection_reference.py GT.json RESULTS.json
Needs a Python with pycocotools (and numpy) installed beside the project; prints one JSON line:
{"pycocotools": VERSION, "load_s": …, "eval_s": evaluate()+accumulate()+summarize() wall, "eval_cpu_s": its CPU time, "stats": [12 numbers], "per_class": [...]}
"""
import contextlib
import io
import json
import sys
import time

import numpy as np
import pycocotools
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

t0 = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(sys.argv[1])
    dt = gt.loadRes(sys.argv[2])
    t1 = time.perf_counter()
    c1 = time.process_time()
    E = COCOeval(gt, dt, "bbox")
    E.evaluate()
    E.accumulate()
    E.summarize()
t2 = time.perf_counter()
c2 = time.process_time()
per_class = []
for k in range(len(E.params.catIds)):
    p = E.eval["precision"][:, :, k, 0, 2]
    p = p[p > -1]
    per_class.append(float(np.mean(p)) if p.size else -1.0)
print(json.dumps({"pycocotools": getattr(pycocotools, "__version__", "?"), "load_s": t1 - t0, "eval_s": t2 - t1, "eval_cpu_s": c2 - c1,
                  "stats": [float(s) for s in E.stats], "per_class": per_class}))
