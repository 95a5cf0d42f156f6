# Provenance of the reference values pasted into the Losses tests. Run ONCE by hand, never at test time:
#   /usr/bin/python3 tests/Plumb.Tests/Losses/reference_values.py   (PyTorch 1.13.0, scikit-learn 1.2.1, Debian 12)
# Each printed label is quoted next to the value in the C# tests.
import torch, numpy as np, torch.nn.functional as F
from sklearn import metrics as M
torch.set_default_dtype(torch.float64)
np.set_printoptions(precision=17)
def r(x): return repr(float(x))
y = torch.tensor([[0.5, -1.2], [2.0, 3.3], [-0.7, 1.1]])
p = torch.tensor([[0.8, -0.4], [1.1, 4.0], [-2.5, 1.0]])
w = torch.tensor([0.5, 2.0, 1.0])
def red(l):  # per-sample [3] -> (sobs, mws)
    return r((l*w).sum()/3), r((l*w).sum()/w.sum()), r(l.mean())
print("mse", red(F.mse_loss(p,y,reduction='none').mean(-1)))
print("mae", red(F.l1_loss(p,y,reduction='none').mean(-1)))
print("huber1", red(F.huber_loss(p,y,reduction='none',delta=1.0).mean(-1)))
print("huber1.5", red(F.huber_loss(p,y,reduction='none',delta=1.5).mean(-1)))
print("logcosh", red(torch.log(torch.cosh(p-y)).mean(-1)))
print("quantile0.9 sklearn", r(M.mean_pinball_loss(y.numpy().ravel(), p.numpy().ravel(), alpha=0.9)))
print("quantile0.9 per-sample", red((0.9*(y-p).clamp(min=0)+0.1*(p-y).clamp(min=0)).mean(-1)))
print("mape sklearn", r(M.mean_absolute_percentage_error(y.numpy().ravel(), p.numpy().ravel())))
print("mape sklearn weighted", r(M.mean_absolute_percentage_error(y.numpy(), p.numpy(), sample_weight=w.numpy())))
print("mse sklearn weighted", r(M.mean_squared_error(y.numpy(), p.numpy(), sample_weight=w.numpy())))
print("mae sklearn weighted", r(M.mean_absolute_error(y.numpy(), p.numpy(), sample_weight=w.numpy())))
print("cosine", red(-F.cosine_similarity(y,p,dim=-1)))
yp = torch.tensor([[0.0, 1.0, 2.0], [3.0, 0.5, 4.0]])
pp = torch.tensor([[0.5, 1.2, 1.5], [2.0, 0.1, 5.0]])
print("msle sklearn", r(M.mean_squared_log_error(yp.numpy().ravel(), pp.numpy().ravel())))
print("msle sklearn weighted", r(M.mean_squared_log_error(yp.numpy(), pp.numpy(), sample_weight=np.array([0.5,2.0]))))
print("poisson keras-form", r((pp - yp*torch.log(pp+1e-7)).mean()))
print("poisson_nll torch log_input", r(F.poisson_nll_loss(pp, yp, log_input=True)))
print("poisson_nll torch rate", r(F.poisson_nll_loss(pp, yp, log_input=False)))
print("poisson_nll torch log_input full", r(F.poisson_nll_loss(pp, yp, log_input=True, full=True)))
for pw in [0, 1, 1.5, 2, 3]:
    if pw >= 2:
        yy, qq = yp.numpy().ravel()+0.25, pp.numpy().ravel()
    else:
        yy, qq = yp.numpy().ravel(), pp.numpy().ravel()
    print("tweedie", pw, r(M.mean_tweedie_deviance(yy, qq, power=pw)))
# classification
yb = torch.tensor([[1., 0.], [0., 1.], [1., 1.]])
z = torch.tensor([[2.5, -1.0], [0.3, -3.0], [-0.8, 40.0]])
pb = torch.sigmoid(z)
print("bce logits", red(F.binary_cross_entropy_with_logits(z, yb, reduction='none').mean(-1)))
print("bce probs", red(F.binary_cross_entropy(pb, yb, reduction='none').mean(-1)))
print("bce logits pos_weight 3", red(F.binary_cross_entropy_with_logits(z, yb, reduction='none', pos_weight=torch.tensor(3.0)).mean(-1)))
ys = yb*(1-0.2)+0.1
print("bce logits ls0.2", red(F.binary_cross_entropy_with_logits(z, ys, reduction='none').mean(-1)))
print("log_loss sklearn", r(M.log_loss([1,0,0,1,1], [0.9,0.2,0.4,0.6,0.75])))
print("log_loss sklearn weighted", r(M.log_loss([1,0,0,1,1], [0.9,0.2,0.4,0.6,0.75], sample_weight=[1,2,0.5,1,3])))
# keras doc
print("keras bce logits doc", r(F.binary_cross_entropy_with_logits(torch.tensor([-18.6,0.51,2.94,-12.8]), torch.tensor([0.,1.,0.,0.]))))
zc = torch.tensor([[2.0, 1.0, -1.0], [0.5, 0.2, 3.0], [-2.0, 4.0, 0.0], [1.0, 1.0, 1.0]])
tc = torch.tensor([0, 2, 1, 2])
cw = torch.tensor([1.0, 2.0, 0.5])
print("ce logits", r(F.cross_entropy(zc, tc)))
print("ce logits ls0.1", r(F.cross_entropy(zc, tc, label_smoothing=0.1)))
print("ce logits weight (torch mean = /sum w_y)", r(F.cross_entropy(zc, tc, weight=cw)))
print("ce logits weight sum", r(F.cross_entropy(zc, tc, weight=cw, reduction='sum')))
print("ce ignore 2", r(F.cross_entropy(zc, tc, ignore_index=2)))
pc = torch.softmax(zc, -1)
print("ce probs", r(F.nll_loss(torch.log(pc), tc)))
print("keras cce doc", r(-(torch.tensor([[0,1.,0],[0,0,1.]])*torch.log(torch.tensor([[0.05,0.95,1e-7],[0.1,0.8,0.1]]).clamp(1e-7,1-1e-7))).sum(-1).mean()))
# KL
ykl = torch.tensor([[0.2, 0.3, 0.5], [0.0, 0.6, 0.4]])
pkl = torch.tensor([[0.1, 0.6, 0.3], [0.3, 0.3, 0.4]])
print("kl torch batchmean (y=0 -> 0)", r(F.kl_div(torch.log(pkl), ykl, reduction='batchmean')))
print("kl keras clip", r((ykl.clamp(1e-7,1)*torch.log(ykl.clamp(1e-7,1)/pkl.clamp(1e-7,1))).sum(-1).mean()))
# margins
ym = torch.tensor([[1., 0.], [0., 1.], [1., 1.]]); s = 2*ym-1
f = torch.tensor([[0.3, -2.0], [0.5, 0.2], [1.7, -0.4]])
print("hinge", red((1 - s*f).clamp(min=0).mean(-1)))
print("hinge sklearn", r(M.hinge_loss(s.numpy().ravel(), f.numpy().ravel())))
print("sqhinge", red(((1 - s*f).clamp(min=0)**2).mean(-1)))
print("exp", red(torch.exp(-s*f).mean(-1)))
print("soft_margin_loss check (not used)", r(F.soft_margin_loss(f, s)))
# categorical hinge keras
yo = F.one_hot(tc, 3).double()
pos = (yo*zc).sum(-1); neg = ((1-yo)*zc).max(-1).values
print("cat hinge", r((neg-pos+1).clamp(min=0).mean()))
# focal (Keras formula)
def bfocal(y, z, gamma, alpha=None, logits=True):
    bce = F.binary_cross_entropy_with_logits(z, y, reduction='none') if logits else -(y*torch.log(z.clamp(1e-7,1-1e-7))+(1-y)*torch.log(1-z.clamp(1e-7,1-1e-7)))
    pr = torch.sigmoid(z) if logits else z
    pt = y*pr + (1-y)*(1-pr)
    l = (1-pt)**gamma * bce
    if alpha is not None: l = (y*alpha + (1-y)*(1-alpha))*l
    return l.mean(-1)
print("keras binary focal doc", r(bfocal(torch.tensor([0.,1.,0.,0.]), torch.tensor([-18.6,0.51,2.94,-12.8]), 2.0).mean()))
print("keras binary focal doc alpha 0.25", r(bfocal(torch.tensor([0.,1.,0.,0.]), torch.tensor([-18.6,0.51,2.94,-12.8]), 2.0, 0.25).mean()))
print("bfocal yb z gamma2", red(bfocal(yb, z, 2.0)))
print("bfocal yb z gamma2 alpha0.25", red(bfocal(yb, z, 2.0, 0.25)))
def cfocal(y, z, gamma, alpha=1.0):
    lp = torch.log_softmax(z, -1)
    return (-(alpha*(1-lp.exp())**gamma * y * lp)).sum(-1)
print("cfocal logits gamma2", r(cfocal(yo, zc, 2.0).mean()))
print("cfocal gamma0 == ce", r(cfocal(yo, zc, 0.0).mean()))
print("keras cat focal doc (alpha .25)", r(cfocal(torch.tensor([[0,1.,0],[0,0,1.]]), torch.log(torch.tensor([[0.05,0.95,1e-7],[0.1,0.8,0.1]])), 2.0, 0.25).mean()))
# surrogates
ys1 = torch.tensor([1., 0., 1., 1., 0., 0.])
ps1 = torch.tensor([0.8, 0.4, 0.6, 0.3, 0.1, 0.7])
ws1 = torch.tensor([1., 2., 0.5, 1., 1., 3.])
tp = (ps1*ys1).sum(); fp = (ps1*(1-ys1)).sum(); fn = ((1-ps1)*ys1).sum()
print("soft_f1", r(1 - 2*tp/(2*tp+fp+fn+1e-7)))
tpw = (ws1*ps1*ys1).sum(); fpw = (ws1*ps1*(1-ys1)).sum(); fnw = (ws1*(1-ps1)*ys1).sum()
print("soft_f1 weighted", r(1 - 2*tpw/(2*tpw+fpw+fnw+1e-7)))
print("soft_fbeta2", r(1 - 5*tp/(5*tp+4*fn+fp+1e-7)))
print("dice smooth1", r(1 - (2*tp+1)/(ps1.sum()+ys1.sum()+1+1e-7)))
print("tversky .3 .7", r(1 - tp/(tp+0.3*fp+0.7*fn+1e-7)))
Y2 = torch.tensor([[1.,0.],[0.,0.],[1.,1.],[0.,1.]]); P2 = torch.tensor([[0.9,0.2],[0.3,0.1],[0.6,0.7],[0.2,0.4]])
tpc=(P2*Y2).sum(0); fpc=(P2*(1-Y2)).sum(0); fnc=((1-P2)*Y2).sum(0)
print("soft_f1 macro", r((1-2*tpc/(2*tpc+fpc+fnc+1e-7)).mean()))
print("soft_f1 micro", r(1-2*tpc.sum()/(2*tpc.sum()+fpc.sum()+fnc.sum()+1e-7)))
# lovasz reference (Berman et al., lovasz_losses.py, transcribed)
def lovasz_grad(gt_sorted):
    p = len(gt_sorted); gts = gt_sorted.sum()
    intersection = gts - gt_sorted.float().cumsum(0).double()
    union = gts + (1 - gt_sorted).float().cumsum(0).double()
    jaccard = 1. - intersection / union
    if p > 1: jaccard[1:p] = jaccard[1:p] - jaccard[0:-1]
    return jaccard
def lovasz_hinge_flat(logits, labels):
    signs = 2. * labels.double() - 1.
    errors = (1. - logits * signs)
    errors_sorted, perm = torch.sort(errors, dim=0, descending=True)
    gt_sorted = labels[perm]
    grad = lovasz_grad(gt_sorted)
    return torch.dot(F.relu(errors_sorted), grad)
zl = torch.tensor([1.5, -0.3, 0.2, -2.0, 0.9, 0.4])
print("lovasz", r(lovasz_hinge_flat(zl, ys1)))
# pairwise auc
fs = torch.tensor([1.5, -0.3, 0.2, -2.0, 0.9, 0.4]);
P = fs[ys1==1]; N = fs[ys1==0]; d = P[:,None]-N[None,:]
print("pauc sigmoid", r(torch.sigmoid(-d).mean()))
print("pauc hinge", r((1-d).clamp(min=0).mean()))
wP = ws1[ys1==1]; wN = ws1[ys1==0]; W = wP[:,None]*wN[None,:]
print("pauc sigmoid weighted", r((torch.sigmoid(-d)*W).sum()/W.sum()))
print("1-auc sklearn", r(1-M.roc_auc_score(ys1.numpy(), fs.numpy())))
