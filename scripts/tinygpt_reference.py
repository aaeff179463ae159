#!/usr/bin/env python3
"""Reference loss, logits and gradients of Stepwise's TinyGpt, computed by an independent PyTorch implementation.

Usage: tinygpt_reference.py CASE.json [CASE.json ...]

Each CASE.json holds
  {"config": {"vocab": V, "context": .., "layers": L, "heads": NH, "channels": C, "tie_weights": bool},
   "B": .., "T": .., "dtype": "float64" | "float32",
   "tokens": [B*T ints], "targets": [B*T ints, -1 = ignored],
   "params": "params.bin",                      (relative to CASE.json: raw little-endian flat parameter vector)
   "layout": [{"name": .., "shape": [..], "offset": ..}, ...],
   "out_prefix": "torch"}                       (outputs go next to CASE.json)
and the script writes, in the case's dtype (raw little-endian):
  {out_prefix}.grads.bin   the gradient of the mean loss, flat, same layout as the parameters
  {out_prefix}.logits.bin  the logits (B, T, V)
  {out_prefix}.json        {"loss": float, "counted": int}

The model is written from the standard torch.nn.functional ops (layer_norm, linear, gelu(approximate='tanh'),
masked softmax attention, cross_entropy(ignore_index=-1)) and autograd; it shares no code with the C# loops.
Architecture (GPT-2 as llm.c): x = wte[tokens] + wpe[:T]; per block
  x = x + attn.proj(attention(attn.qkv(ln1(x))));  x = x + mlp.proj(gelu_tanh(mlp.fc(ln2(x))))
then lnf, logits = lnf(x) @ (wte if tie_weights else lm_head)^T, loss = mean cross-entropy over counted targets.
LayerNorm eps 1e-5; Linear weights (out, in); qkv packed [q | k | v], head h = channels h*hs .. (h+1)*hs-1 of each.
No dropout. Needs torch (Debian's /usr/bin/python3 here; torch 1.13 has no scaled_dot_product_attention).
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

DTYPES = {"float64": (torch.float64, "<f8"), "float32": (torch.float32, "<f4")}


def forward(p, cfg, tokens, targets):
    """Loss and logits of the model with parameters p (name -> tensor)."""
    b, t = tokens.shape
    c, nh, v = cfg["channels"], cfg["heads"], cfg["vocab"]
    hs = c // nh
    pos = torch.arange(t)
    x = F.embedding(tokens, p["wte"]) + F.embedding(pos, p["wpe"])[None, :, :]
    causal = torch.ones(t, t, dtype=torch.bool).tril()
    for layer in range(cfg["layers"]):
        pre = f"h{layer}."
        h = F.layer_norm(x, (c,), p[pre + "ln1.weight"], p[pre + "ln1.bias"], eps=1e-5)
        qkv = F.linear(h, p[pre + "attn.qkv.weight"], p[pre + "attn.qkv.bias"])
        q, k, val = qkv.split(c, dim=2)
        q = q.reshape(b, t, nh, hs).transpose(1, 2)  # (B, NH, T, hs)
        k = k.reshape(b, t, nh, hs).transpose(1, 2)
        val = val.reshape(b, t, nh, hs).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(hs)
        scores = scores.masked_fill(~causal, float("-inf"))
        att = torch.softmax(scores, dim=-1)
        y = torch.matmul(att, val).transpose(1, 2).reshape(b, t, c)
        x = x + F.linear(y, p[pre + "attn.proj.weight"], p[pre + "attn.proj.bias"])
        h = F.layer_norm(x, (c,), p[pre + "ln2.weight"], p[pre + "ln2.bias"], eps=1e-5)
        h = F.gelu(F.linear(h, p[pre + "mlp.fc.weight"], p[pre + "mlp.fc.bias"]), approximate="tanh")
        x = x + F.linear(h, p[pre + "mlp.proj.weight"], p[pre + "mlp.proj.bias"])
    x = F.layer_norm(x, (c,), p["lnf.weight"], p["lnf.bias"], eps=1e-5)
    head = p["wte"] if cfg["tie_weights"] else p["lm_head.weight"]
    logits = F.linear(x, head)
    loss = F.cross_entropy(logits.reshape(-1, v), targets.reshape(-1), ignore_index=-1, reduction="mean")
    return loss, logits


def run_case(path):
    folder = os.path.dirname(os.path.abspath(path))
    with open(path, encoding="utf-8") as f:
        case = json.load(f)
    cfg = case["config"]
    dtype, np_dtype = DTYPES[case["dtype"]]
    b, t = int(case["B"]), int(case["T"])
    flat = np.fromfile(os.path.join(folder, case["params"]), dtype=np_dtype)
    layout = case["layout"]
    size = max(view["offset"] + int(np.prod(view["shape"])) for view in layout)
    if flat.size != size:
        raise ValueError(f"parameter file holds {flat.size} values, layout needs {size}")
    params = {}
    for view in layout:
        n = int(np.prod(view["shape"]))
        chunk = flat[view["offset"]:view["offset"] + n].astype(np_dtype).reshape(view["shape"])
        params[view["name"]] = torch.tensor(chunk, dtype=dtype, requires_grad=True)
    tokens = torch.tensor(case["tokens"], dtype=torch.long).reshape(b, t)
    targets = torch.tensor(case["targets"], dtype=torch.long).reshape(b, t)

    loss, logits = forward(params, cfg, tokens, targets)
    loss.backward()

    grads = np.zeros(size, dtype=np_dtype)
    for view in layout:
        g = params[view["name"]].grad
        n = int(np.prod(view["shape"]))
        if g is not None:
            grads[view["offset"]:view["offset"] + n] = g.detach().numpy().astype(np_dtype).reshape(-1)
    prefix = os.path.join(folder, case.get("out_prefix", "torch"))
    grads.tofile(prefix + ".grads.bin")
    logits.detach().numpy().astype(np_dtype).reshape(-1).tofile(prefix + ".logits.bin")
    with open(prefix + ".json", "w", encoding="utf-8") as f:
        json.dump({"loss": float(loss.item()), "counted": int((targets != -1).sum().item()),
                   "torch": torch.__version__}, f)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    torch.manual_seed(0)
    for path in sys.argv[1:]:
        run_case(path)


if __name__ == "__main__":
    main()
