"""Peer for `stepwise train` overhead (issue 4): a plain PyTorch training loop with the same work as
bench/train-overhead.yaml — MLP 784-512-512-10, batch 128, SGD lr 0.01, a shuffling DataLoader over 50,000 random
samples, the loss read every step (as a logger would) — run for STEPS updates. The caller times the whole process:
time per step = (wall(330) − wall(30)) / 300 cancels start-up, data creation and teardown.
Usage: with-torch-peer.sh THREADS python3 train_loop.py STEPS"""
import sys

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from common import mlp, setup

setup()
steps = int(sys.argv[1])
n, d, c, b = 50_000, 784, 10, 128
x = torch.randn(n, d)
y = torch.randint(0, c, (n,))
loader = DataLoader(TensorDataset(x, y), batch_size=b, shuffle=True, drop_last=False)
model = mlp()
opt = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
done, last = 0, 0.0
while done < steps:
    for xb, yb in loader:
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        last = loss.item()
        done += 1
        if done == steps:
            break
print(f"{done} steps, last loss {last:.4f}")
