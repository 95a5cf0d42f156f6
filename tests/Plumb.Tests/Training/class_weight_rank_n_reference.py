"""Reference values for ClassWeightRankNTests: class weights on sequence / image targets, one weight per element.

Each element (timestep, pixel) weighs class_weight[its class] (times its sample weight, broadcast from the left),
the per-element loss is multiplied by it and Keras 3's sum_over_batch_size divides the sum by the number of
elements (keras/src/losses/loss.py; the same reduction as RankNLossTests). Keras 3's tf.data path
(tf_dataset_adapter.make_class_weight_map_fn) gathers class_weight at argmax(y, -1) per element in the same way
for one-hot rank-N targets; its NumPy path (data_adapter_utils.class_weight_to_sample_weights) only handles one
class per row. Run with PyTorch 1.13: /usr/bin/python3 tests/Plumb.Tests/Training/class_weight_rank_n_reference.py
"""
import torch
import torch.nn.functional as F

torch.set_printoptions(precision=17)
cw = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64)

# Sequence: logits [2, 3, 3], class indices [2, 3].
z = torch.tensor([[[1.0, -0.5, 0.2], [0.3, 0.8, -1.0], [-0.2, 0.1, 0.4]],
                  [[0.5, 0.5, -0.5], [2.0, -1.0, 0.0], [0.1, -0.3, 1.2]]], dtype=torch.float64)
y = torch.tensor([[0, 1, 2], [1, 0, 2]])
ce = F.cross_entropy(z.permute(0, 2, 1), y, reduction="none")           # [2, 3]
print("sequence map", ((ce * cw[y]).sum() / ce.numel()).item())
sw_row = torch.tensor([0.5, 2.0], dtype=torch.float64)
print("sequence map x row weights", ((ce * cw[y] * sw_row[:, None]).sum() / ce.numel()).item())
sw_t = torch.tensor([[1.0, 0.0, 2.0], [0.5, 1.0, 1.5]], dtype=torch.float64)
print("sequence map x timestep weights", ((ce * cw[y] * sw_t).sum() / ce.numel()).item())
# Balanced: sklearn's n / (k * n_c) over the 6 elements: counts 2, 2, 2 -> all 1 (a no-op); use y2 instead.
y2 = torch.tensor([[0, 0, 2], [0, 1, 0]])
counts = torch.bincount(y2.reshape(-1), minlength=3).to(torch.float64)
bal = y2.numel() / (3 * counts)
ce2 = F.cross_entropy(z.permute(0, 2, 1), y2, reduction="none")
print("balanced weights", bal.tolist(), "sequence balanced", ((ce2 * bal[y2]).sum() / ce2.numel()).item())

# Image: logits [2, 2, 2, 3] (B, H, W, C), one-hot targets of the same shape.
zi = torch.tensor([[[[0.2, 1.0, -0.3], [1.5, 0.0, 0.5]], [[-1.0, 0.4, 0.9], [0.3, 0.3, 0.3]]],
                   [[[0.0, -0.6, 1.1], [0.8, 0.2, -0.4]], [[0.5, 1.5, 0.0], [-0.2, 0.7, 0.1]]]], dtype=torch.float64)
ci = torch.tensor([[[1, 0], [2, 0]], [[2, 1], [1, 0]]])
oh = F.one_hot(ci, 3).to(torch.float64)
pix = -(oh * F.log_softmax(zi, -1)).sum(-1)                              # [2, 2, 2]
print("image one-hot map", ((pix * cw[ci]).sum() / pix.numel()).item())
