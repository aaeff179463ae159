"""Peer: FP32 GEMM y = x @ w.T with x, w, y all (n, n), torch.mm into a preallocated output (the same product as the
engine's MatMul.ForwardNT, which overwrites y). GFLOP = 2*n^3 per call. Usage: gemm.py N [seconds]"""
import sys

import torch

from common import emit, setup, timed

setup()
n = int(sys.argv[1])
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
x, w = torch.randn(n, n), torch.randn(n, n)
y = torch.empty(n, n)
wt = w.t()


def call():
    torch.mm(x, wt, out=y)


call()
assert torch.allclose(y, (x.double() @ w.double().t()).float(), rtol=1e-3, atol=1e-3 * n ** 0.5)
rate, calls, elapsed, mean_rate = timed(call, seconds)
emit("gemm_%d" % n, "GFLOP/s", rate * 2.0 * n ** 3 / 1e9, calls=calls, seconds=elapsed, mean_value=mean_rate * 2.0 * n ** 3 / 1e9, op="torch.mm(x, w.t(), out=y)")
