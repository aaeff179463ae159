"""Peer: MLP 784-512-512-10, batch 128, plain SGD training step (forward, backward, update) on random data.
Prints {"samples_per_s": ..., "peak_rss_bytes": ...}. Usage: mlp.py [seconds]"""
import sys

import torch
import torch.nn as nn

from common import emit, peak_rss_bytes, setup, timed

setup()
seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
B = 128
model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.randn(B, 784)
y = torch.randint(0, 10, (B,))
loss_fn = nn.CrossEntropyLoss()


def step():
    opt.zero_grad(set_to_none=False)
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()


rate = timed(step, seconds, warmup=20)
emit(name="mlp_train", samples_per_s=rate * B, peak_rss_bytes=peak_rss_bytes())
