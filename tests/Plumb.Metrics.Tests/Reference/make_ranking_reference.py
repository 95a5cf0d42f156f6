"""Reference values of RankingMetricTests (scikit-learn 1.2.1): /usr/bin/python3 make_ranking_reference.py"""
import numpy as np, sklearn
from sklearn.metrics import ndcg_score, dcg_score
rng = np.random.RandomState(17)
rel=[];sc=[];grp=[]
lengths=[2,3,5,8,4,6,7,3]
for q,n in enumerate(lengths):
    y = rng.randint(0,5,size=n).astype(float)
    if q==4: y[:]=0          # no relevant item
    s = rng.randint(0,4,size=n).astype(float) if q%2==0 else np.round(rng.rand(n),3)  # ties in even queries
    rel+=list(y); sc+=list(s); grp+=[q]*n
rel=np.array(rel); sc=np.array(sc); grp=np.array(grp)
print("// sklearn", sklearn.__version__)
print("rel =", ", ".join(repr(float(v)) for v in rel))
print("score =", ", ".join(repr(float(v)) for v in sc))
print("group =", ", ".join(str(int(v)) for v in grp))
for name,f,kw in [("ndcg",ndcg_score,{}),("ndcg_k3",ndcg_score,{"k":3}),("ndcg_k1",ndcg_score,{"k":1}),("ndcg_k10",ndcg_score,{"k":10}),
                  ("dcg",dcg_score,{}),("dcg_k3",dcg_score,{"k":3}),("dcg_log10",dcg_score,{"log_base":10})]:
    vals=[f(rel[grp==q][None,:], sc[grp==q][None,:], **kw) for q in range(len(lengths))]
    print(name, "mean=%r"%float(np.mean(vals)), "per=", ", ".join(repr(float(v)) for v in vals))
