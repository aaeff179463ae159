"""Peer: time-windowed influence as the public TimInfluence code runs it (opendataval fork, tim.py; see
../shared/docs/tim-influence.md §3), at its fastest in PyTorch, on the same model, data and window as
bench/Stepwise.TimBench (which exports them: `Stepwise.TimBench prepare MODEL DIR`):

1. train_data_values: plain SGD over the window's batches (the rows the run's sampler gave each update, and its
   learning rates), loss = cross-entropy + 0.5*lambda*||theta||^2, a CPU copy of every parameter stored before every
   step, plus the final state;
2. compute_influence_for_interval: u = grad of the validation loss at the final state; from the last update to the
   first, each sample of the batch gets lr/|B| * <u, g_i> with g_i from one backward pass per sample (the public
   loop), then u <- u - lr*(Hu + lambda*u) with Hu a central finite difference of two batch gradients in float32,
   eps = 1e-5 (the public defaults: lambda = 0.01, finite_diff_eps = 1e-5).

One call = both phases (the public code trains and measures in one go, as ours replays and measures). Prints one JSON
line: tim_window (seconds per window, median call) or, with `memory`, tim_peak_memory (peak RSS of one call).
Usage: tim_reference.py DIR MODEL [SECONDS | memory]"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

from common import emit, peak_rss_bytes, setup, timed

LAMBDA = 0.01
EPS = 1e-5

setup()
directory, model_name = sys.argv[1], sys.argv[2]
mode = sys.argv[3] if len(sys.argv) > 3 else "3"
root = os.path.join(directory, model_name, "peer")
meta = json.load(open(os.path.join(root, "meta.json")))


def load(name, dtype, width=None):
    a = np.fromfile(os.path.join(root, name), dtype=dtype)
    return a.reshape(-1, width) if width else a


D, C = meta["features"], meta["classes"]
train_x = torch.from_numpy(load("train_x.f32", np.float32, D))
train_y = torch.from_numpy(load("train_y.i32", np.int32).astype(np.int64))
val_x = torch.from_numpy(load("val_x.f32", np.float32, D))
val_y = torch.from_numpy(load("val_y.i32", np.int32).astype(np.int64))
counts = load("counts.i32", np.int32)
rows = torch.from_numpy(load("rows.i64", np.int64))
rates = [float(r) for r in load("lr.f32", np.float32)]
batches = list(torch.split(rows, [int(c) for c in counts]))
ce = nn.CrossEntropyLoss()


def build():
    sizes = [D] + list(meta["hidden"]) + [C]
    act = {"relu": nn.ReLU, "tanh": nn.Tanh, "gelu": lambda: nn.GELU(approximate="tanh")}[meta["activation"]]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(act())
    return nn.Sequential(*layers)


def loss_with_l2(model, params, x, y):
    return ce(model(x), y) + 0.5 * LAMBDA * sum((p * p).sum() for p in params)


def flat_grad(params):
    return torch.cat([p.grad.reshape(-1) for p in params])


def assign(params, flat):
    with torch.no_grad():
        at = 0
        for p in params:
            n = p.numel()
            p.copy_(flat[at:at + n].view_as(p))
            at += n


def one_window():
    torch.manual_seed(0)
    model = build()
    params = list(model.parameters())
    states = []
    for b, lr in zip(batches, rates):                      # 1. its own SGD trajectory, every state kept
        states.append(torch.cat([p.detach().reshape(-1).clone() for p in params]))
        model.zero_grad(set_to_none=False)
        loss_with_l2(model, params, train_x[b], train_y[b]).backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
    model.zero_grad(set_to_none=False)
    ce(model(val_x), val_y).backward()                     # 2. u = grad L_valid at the window's end
    u = flat_grad(params).clone()
    scores = torch.zeros(train_x.shape[0], dtype=torch.float64)
    for t in range(len(batches) - 1, -1, -1):
        b, lr, theta = batches[t], rates[t], states[t]
        assign(params, theta)
        for i in b.tolist():                               # one backward pass per sample
            model.zero_grad(set_to_none=False)
            loss_with_l2(model, params, train_x[i:i + 1], train_y[i:i + 1]).backward()
            scores[i] += lr / len(b) * float(torch.dot(u, flat_grad(params)))
        grads = []
        for sign in (1.0, -1.0):                           # central finite-difference HVP, float32, eps 1e-5
            assign(params, theta + sign * EPS * u)
            model.zero_grad(set_to_none=False)
            loss_with_l2(model, params, train_x[b], train_y[b]).backward()
            grads.append(flat_grad(params).clone())
        hu = (grads[0] - grads[1]) / (2 * EPS)
        u = u - lr * (hu + LAMBDA * u)                     # (the public code's u-update, L2 counted twice)
    return scores


if mode == "memory":
    before = peak_rss_bytes()
    one_window()
    emit("tim_peak_memory", "bytes", peak_rss_bytes(), model=model_name, peak_rss_before_run_bytes=before,
         parameters=meta["parameters"], states_kept=len(batches) + 1)
else:
    rate, calls, elapsed, mean = timed(one_window, float(mode))
    emit("tim_window", "s", 1.0 / rate, model=model_name, calls=calls, seconds=elapsed, mean_value=1.0 / mean,
         updates=len(batches), peak_rss_bytes=peak_rss_bytes())
