"""Peer: a GPT-2-style model equal in shape and math to Stepwise's TinyGpt (tied embeddings, pre-LayerNorm blocks,
GELU tanh, causal attention on packed qkv), 4 layers, 4 heads, width 128, context 128, vocab 256, batch 16,
AdamW (torch defaults, lr 3e-4) training step on fixed random tokens, as the engine's `tinygpt`. Usage: tinygpt.py [seconds]"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import emit, peak_rss_bytes, seconds_arg, setup, timed

setup()
seconds = seconds_arg()
V, T, L, NH, C, B = 256, 128, 4, 4, 128, 16


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(C), nn.LayerNorm(C)
        self.qkv, self.proj = nn.Linear(C, 3 * C), nn.Linear(C, C)
        self.fc, self.fcproj = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)
        self.register_buffer("mask", torch.full((T, T), float("-inf")).triu(1))

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=2)
        q, k, v = (z.view(b, t, NH, C // NH).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // NH) + self.mask[:t, :t]
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, C)
        x = x + self.proj(y)
        return x + self.fcproj(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class Gpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, C), nn.Embedding(T, C)
        self.blocks = nn.ModuleList(Block() for _ in range(L))
        self.lnf = nn.LayerNorm(C)

    def forward(self, idx):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
        for blk in self.blocks:
            x = blk(x)
        return self.lnf(x) @ self.wte.weight.t()


def gpt2_init(model):
    """TinyGpt.Initialize's scheme: weights N(0, 0.02), wpe N(0, 0.01), residual projections N(0, 0.02/sqrt(2L)),
    biases 0, LayerNorm weight 1. (torch's default nn.Embedding init N(0, 1) makes the tied logits so large that the
    softmax gradients underflow to subnormals, which slows every head matmul ~50x: not the work being compared.)"""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias"):
                p.zero_()
            elif ".ln" in name or name.startswith("lnf"):
                p.fill_(1.0)
            elif name == "wpe.weight":
                p.normal_(0.0, 0.01)
            elif name.endswith("proj.weight"):   # attn proj and mlp fcproj
                p.normal_(0.0, 0.02 / math.sqrt(2 * L))
            else:
                p.normal_(0.0, 0.02)


model = Gpt()
gpt2_init(model)
opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
idx = torch.randint(0, V, (B, T))
tgt = torch.randint(0, V, (B, T))


def step():
    opt.zero_grad(set_to_none=False)
    F.cross_entropy(model(idx).view(-1, V), tgt.view(-1)).backward()
    opt.step()


rate, calls, elapsed, mean_rate = timed(step, seconds)
emit("tinygpt_train", "tokens/s", rate * B * T, calls=calls, seconds=elapsed, mean_value=mean_rate * B * T, peak_rss_bytes=peak_rss_bytes())
