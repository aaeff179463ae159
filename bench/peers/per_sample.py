"""Peer: per-sample dot products <u, grad loss_i> for one batch of 128 on the MLP 784-512-512-10,
(a) by a loop of 128 single-sample backward passes, (b) by functorch vmap(grad).
Each batch includes its forward passes, as the engine's `per-sample` (one forward + PerSampleDot). Prints two lines,
per_sample_dot_loop and per_sample_dot_vmap, in batches/s. Usage: per_sample.py [seconds]"""
import torch
import torch.nn.functional as F
from functorch import grad, make_functional, vmap

from common import emit, mlp, seconds_arg, setup, timed

setup()
seconds = seconds_arg()
B = 128
model = mlp()
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
for name, fn in (("per_sample_dot_loop", loop), ("per_sample_dot_vmap", vmapped)):
    rate, calls, elapsed, mean_rate = timed(fn, seconds)
    emit(name, "batches/s", rate, calls=calls, seconds=elapsed, mean_value=mean_rate)
