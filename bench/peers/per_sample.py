"""Peer: per-sample dot products <u, grad loss_i> for one batch of 128 on the MLP 784-512-512-10,
(a) by a loop of 128 single-sample backward passes, (b) by functorch vmap(grad).
Prints {"loop_batches_per_s": ..., "vmap_batches_per_s": ...}. Usage: per_sample.py [seconds]"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from functorch import grad, make_functional, vmap

from common import emit, setup, timed

setup()
seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
B = 128
model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
x = torch.randn(B, 784)
y = torch.randint(0, 10, (B,))
params = list(model.parameters())
u = [torch.randn_like(p) for p in params]


def loop():
    dots = torch.empty(B)
    for i in range(B):
        model.zero_grad(set_to_none=False)
        F.cross_entropy(model(x[i:i + 1]), y[i:i + 1]).backward()
        dots[i] = sum((p.grad * v).sum() for p, v in zip(params, u))
    return dots


fmodel, fparams = make_functional(model)


def sample_loss(ps, xi, yi):
    return F.cross_entropy(fmodel(ps, xi.unsqueeze(0)), yi.unsqueeze(0))


per_sample_grads = vmap(grad(sample_loss), in_dims=(None, 0, 0))


def vmapped():
    grads = per_sample_grads(fparams, x, y)
    return sum((g * v.unsqueeze(0)).flatten(1).sum(1) for g, v in zip(grads, u))


# both methods agree (a cheap correctness check of the peer itself)
assert torch.allclose(loop(), vmapped(), rtol=1e-3, atol=1e-4)
emit(name="per_sample_dot", loop_batches_per_s=timed(loop, seconds, warmup=2),
     vmap_batches_per_s=timed(vmapped, seconds, warmup=3))
