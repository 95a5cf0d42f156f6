"""Reference rows pasted into ScoreMetricsGeneratedParityTests.cs. Run with /usr/bin/python3 (scikit-learn 1.2.1)."""
import numpy as np
from sklearn.metrics import roc_auc_score, average_precision_score, log_loss, brier_score_loss
rows=[]
for k in range(24):
    n = 40 + 7*k
    i = np.arange(n)
    a, b, c, d, e = 3 + 2*k, k, 5 + k, 2*k + 1, 1 + k % 3
    if a % 7 == 0: a += 1
    y = (((i*a + b) % 7) < 3).astype(int)
    s = (((i*c + d) % 19) + 1) / 20.0
    w = ((i*(e + 1) + k) % 5) * 0.5
    assert 0 < y.sum() < n and 0 < (w*y).sum() and 0 < (w*(1-y)).sum()
    v = [roc_auc_score(y,s), roc_auc_score(y,s,sample_weight=w), average_precision_score(y,s), average_precision_score(y,s,sample_weight=w),
         log_loss(y,s), log_loss(y,s,sample_weight=w), brier_score_loss(y,s), brier_score_loss(y,s,sample_weight=w)]
    rows.append("        [" + str(k) + ", " + ", ".join(repr(float(x)) for x in v) + "],")
print("\n".join(rows))
