"""Peer: MLP 784-512-512-10, batch 128, plain SGD (lr 0.01, no momentum) training step (zero grad, forward, backward,
update) on a fixed random batch, as the engine's `mlp` benchmark. Usage: mlp.py [seconds]"""
import torch
import torch.nn as nn

from common import emit, mlp, peak_rss_bytes, seconds_arg, setup, timed

setup()
seconds = seconds_arg()
B = 128
model = mlp()
opt = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.randn(B, 784)
y = torch.randint(0, 10, (B,))
loss_fn = nn.CrossEntropyLoss()


def step():
    opt.zero_grad(set_to_none=False)
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()


rate, calls, elapsed, mean_rate = timed(step, seconds)
emit("mlp_train", "samples/s", rate * B, calls=calls, seconds=elapsed, mean_value=mean_rate * B, peak_rss_bytes=peak_rss_bytes())
