"""Peer: peak RSS (VmHWM) of a fresh process after STEPS training steps of the MLP 784-512-512-10 (batch 128, SGD),
as the engine's `mlp-memory`. With `baseline`, the peak RSS of an idle process with torch imported (and threads set)
instead. Usage: mlp_memory.py [STEPS | baseline]"""
import sys

import torch
import torch.nn as nn

from common import emit, mlp, peak_rss_bytes, rss_bytes, setup

setup()
arg = sys.argv[1] if len(sys.argv) > 1 else "50"
if arg == "baseline":
    emit("runtime_baseline_memory", "bytes", peak_rss_bytes(), rss_bytes=rss_bytes())
    sys.exit(0)
steps = int(arg)
before = peak_rss_bytes()
B = 128
model = mlp()
opt = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.randn(B, 784)
y = torch.randint(0, 10, (B,))
loss_fn = nn.CrossEntropyLoss()
for _ in range(steps):
    opt.zero_grad(set_to_none=False)
    loss_fn(model(x), y).backward()
    opt.step()
emit("mlp_peak_memory", "bytes", peak_rss_bytes(), steps=steps, peak_rss_before_model_bytes=before, rss_bytes=rss_bytes(),
     params=sum(p.numel() for p in model.parameters()))
