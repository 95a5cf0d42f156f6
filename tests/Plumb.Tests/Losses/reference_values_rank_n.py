# Keras 3 reduction replicated in PyTorch 1.13: per-element loss = loss over the last axis; then
# sum_over_batch_size = sum(values * w) / values.numel(); mean_with_sample_weight = sum(values*w)/sum(w broadcast).
import torch
torch.set_printoptions(precision=17)
d=torch.float64
yt=torch.tensor([[[0.5,1.0],[2.0,-1.0],[0.0,3.0]],[[1.0,1.0],[-2.0,0.5],[4.0,0.0]]],dtype=d)
yp=torch.tensor([[[1.5,0.0],[2.5,-0.5],[1.0,1.0]],[[0.0,2.0],[-1.0,0.0],[3.0,2.0]]],dtype=d)
per=((yp-yt)**2).mean(-1)
print("mse per",per)
print("mse none weights", per.sum()/per.numel())
wt=torch.tensor([[1.0,0.0,2.0],[0.5,1.0,0.0]],dtype=d)
print("mse timestep w", (per*wt).sum()/per.numel(), "mws", (per*wt).sum()/wt.sum())
ws=torch.tensor([2.0,0.5],dtype=d)
print("mse sample w", (per*ws[:,None]).sum()/per.numel(), "mws", (per*ws[:,None]).sum()/(ws[:,None].expand_as(per)).sum())
print("mse scalar w 0.5", (per*0.5).sum()/per.numel())
# sparse CE on (2,2,2) labels, (2,2,2,3) logits
logits=torch.tensor([[[[2.0,0.5,-1.0],[0.1,0.2,0.3]],[[-1.0,3.0,0.0],[1.0,1.0,1.0]]],[[[0.0,-2.0,2.0],[1.5,0.5,0.5]],[[0.3,-0.3,0.9],[2.0,2.0,-2.0]]]],dtype=d)
lab=torch.tensor([[[0,2],[1,1]],[[2,0],[1,0]]])
ce=torch.nn.functional.cross_entropy(logits.permute(0,3,1,2),lab,reduction='none')
print("scce mean", torch.nn.functional.cross_entropy(logits.permute(0,3,1,2),lab))
pw=torch.tensor([[[1.0,2.0],[0.0,1.0]],[[0.5,1.0],[1.0,3.0]]],dtype=d)
print("scce pixel w", (ce*pw).sum()/ce.numel())
lab2=lab.clone(); lab2[0,1,0]=255; lab2[1,1,1]=255
print("scce ignore 255", torch.nn.functional.cross_entropy(logits.permute(0,3,1,2),lab2,ignore_index=255))
# ignore + pixel weights (Keras: sum(l*w*mask)/valid)
ce2=torch.nn.functional.cross_entropy(logits.permute(0,3,1,2),lab2,ignore_index=255,reduction='none')
print("scce ignore + pixel w", (ce2*pw).sum()/(lab2!=255).sum())
# CCE probabilities on (2,3,3) one-hot
p=torch.tensor([[[0.7,0.2,0.1],[0.1,0.1,0.8],[0.3,0.3,0.4]],[[0.05,0.9,0.05],[0.5,0.25,0.25],[0.2,0.2,0.6]]],dtype=d)
y=torch.nn.functional.one_hot(torch.tensor([[0,2,1],[1,0,0]]),3).to(d)
cce=-(y*p.clamp(1e-7,1-1e-7).log()).sum(-1)
print("cce seq", cce.mean(), "timestep w", (cce*wt).sum()/cce.numel())
# BCE on (2,2,2,1) images
pb=torch.tensor([[[[0.9],[0.2]],[[0.6],[0.4]]],[[[0.1],[0.7]],[[0.5],[0.99]]]],dtype=d)
yb=torch.tensor([[[[1.0],[0.0]],[[1.0],[1.0]]],[[[0.0],[1.0]],[[0.0],[1.0]]]],dtype=d)
bce=torch.nn.functional.binary_cross_entropy(pb,yb,reduction='none').mean(-1)
pxw=torch.tensor([[[1.0,0.0],[2.0,1.0]],[[1.0,1.0],[0.5,0.5]]],dtype=d)
print("bce img", bce.mean(), "pixel w", (bce*pxw).sum()/bce.numel())
