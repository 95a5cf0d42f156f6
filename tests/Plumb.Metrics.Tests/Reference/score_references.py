"""Reference values pasted into ScoreMetricsReferenceTests.cs and ScoreKernelTests.cs (score metrics, part B).
Run with /usr/bin/python3 (scikit-learn 1.2.1); never at test time."""
import numpy as np
from sklearn.metrics import *
from sklearn.preprocessing import label_binarize
from sklearn.calibration import calibration_curve
from scipy.special import expit, softmax
np.set_printoptions(precision=17)
def r(x): return repr(float(x))
def a(x): return "[" + ", ".join(repr(float(v)) for v in np.asarray(x).ravel()) + "]"
y = np.array([0,1,1,0,1,0,0,1,1,0,1,0])
s = np.array([0.1,0.4,0.35,0.8,0.8,0.2,0.4,0.9,0.35,0.05,0.6,0.8])
w = np.array([1,2,0.5,1,3,1,0.25,1,2,1,1.5,0.75])
print("bin auc", r(roc_auc_score(y,s)), "w", r(roc_auc_score(y,s,sample_weight=w)))
print("bin ap", r(average_precision_score(y,s)), "w", r(average_precision_score(y,s,sample_weight=w)))
print("bin ll", r(log_loss(y,s)), "w", r(log_loss(y,s,sample_weight=w)))
print("bin brier", r(brier_score_loss(y,s)), "w", r(brier_score_loss(y,s,sample_weight=w)))
f,t,th = roc_curve(y,s); print("roc fpr", a(f)); print("roc tpr", a(t)); print("roc thr", a(th))
f,t,th = roc_curve(y,s,drop_intermediate=False); print("rocall fpr", a(f)); print("rocall tpr", a(t)); print("rocall thr", a(th))
f,t,th = roc_curve(y,s,sample_weight=w); print("rocw fpr", a(f)); print("rocw tpr", a(t))
p,rc,th = precision_recall_curve(y,s); print("pr p", a(p)); print("pr r", a(rc)); print("pr thr", a(th))
print("p@r0.7", r(max(p[rc>=0.7])), "r@p0.7", r(max(rc[p>=0.7])))
pt,pp = calibration_curve(y,s,n_bins=4); print("cal4 pt", a(pt), "pp", a(pp))
bins=np.linspace(0,1,5); ids=np.searchsorted(bins[1:-1], s); cnt=np.bincount(ids,minlength=4)
ece = sum(cnt[b]/len(s)*abs(y[ids==b].mean()-s[ids==b].mean()) for b in range(4) if cnt[b]>0); print("ece4", r(ece))
z = np.array([-3.0,0.5,2.0,-0.2,1.1,-1.5,0.0,4.0,0.3,-2.2,0.9,1.7])
print("logit ll", r(log_loss(y, expit(z))), "brier", r(brier_score_loss(y, expit(z))))
# multiclass
ym = np.array([0,1,2,0,1,0,1,2,0,1,2,0])
Z = np.array([[2.0,0.5,-1],[0.1,1.2,0.3],[-0.5,0.2,1.5],[0.3,0.3,0.9],[0.0,2.0,0.1],[1.5,-0.3,0.2],[0.2,0.2,0.2],[0.5,0.1,0.5],[1.0,1.0,-1.0],[-1.0,0.4,0.1],[0.0,0.0,2.5],[0.7,0.9,0.1]])
P = softmax(Z, axis=1)
print("P", a(P))
for mc in ["ovr","ovo"]:
  for av in ["macro","weighted"]:
    print("mc auc", mc, av, r(roc_auc_score(ym,P,multi_class=mc,average=av)))
print("mc auc ovr micro", r(roc_auc_score(ym,P,multi_class="ovr",average="micro")))
print("mc auc ovr none", a(roc_auc_score(ym,P,multi_class="ovr",average=None)))
wm = np.array([1,2,1,0.5,1,1,3,1,1,2,1,0.5])
print("mc auc ovr weighted w", r(roc_auc_score(ym,P,multi_class="ovr",average="weighted",sample_weight=wm)))
Yb = label_binarize(ym, classes=[0,1,2])
print("mc ap macro", r(average_precision_score(Yb,P,average="macro")), "weighted", r(average_precision_score(Yb,P,average="weighted")), "micro", r(average_precision_score(Yb,P,average="micro")))
print("mc ll", r(log_loss(ym,P)), "w", r(log_loss(ym,P,sample_weight=wm)))
print("mc brier", r(np.mean(np.sum((Yb-P)**2,axis=1))))
# multilabel
YL = np.array([[1,0,1],[0,1,1],[1,1,0],[0,0,1],[1,0,0],[0,1,0],[1,1,0],[0,0,1]])
SL = np.array([[0.9,0.1,0.8],[0.2,0.7,0.6],[0.6,0.6,0.3],[0.3,0.2,0.9],[0.5,0.3,0.3],[0.6,0.9,0.2],[0.7,0.4,0.5],[0.4,0.8,0.7]])
wl = np.array([1,2,1,1,0.5,1,3,1])
for av in ["micro","macro","weighted","samples"]:
  print("ml", av, "auc", r(roc_auc_score(YL,SL,average=av)), "ap", r(average_precision_score(YL,SL,average=av)), "aucw", r(roc_auc_score(YL,SL,average=av,sample_weight=wl)), "apw", r(average_precision_score(YL,SL,average=av,sample_weight=wl)))
print("ml none auc", a(roc_auc_score(YL,SL,average=None)), "ap", a(average_precision_score(YL,SL,average=None)))
# grid data for fast kernel (ties)
n=20000
i=np.arange(n)
sg=(((i*7919)%10007)/10007.0).astype(np.float32)
lg=((i*31+7)%10<3).astype(int)
lg2 = np.where(((i*13)%7)<3, 1-lg, lg)
print("grid auc", r(roc_auc_score(lg2, sg.astype(np.float64))), "ap", r(average_precision_score(lg2, sg.astype(np.float64))))
print("grid ll32", r(log_loss(lg2, sg.astype(np.float64), eps=2.0**-23)))
print("grid f1", r(f1_score(lg2, (sg>=0.5).astype(int))))
yt=(i*7)%10; yp=np.where((i%5)<3, yt, (i*3)%10)
print("grid f1 macro", r(f1_score(yt, yp, average='macro')))
yp9=np.where(yp==9, 8, yp)
print("grid f1 macro no9 pred", r(f1_score(yt, yp9, average='macro')))
pe = np.array([0,1,1e-9,1-1e-9,0.5,0.25,1e-30,0.999999,0.3,0.7]*5, dtype=np.float32)
le = np.array([1,0,1,0,1,0,0,1,1,0]*5)
print("extreme ll32", r(log_loss(le, pe.astype(np.float64), eps=2.0**-23)))
