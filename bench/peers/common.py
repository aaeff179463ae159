"""Shared helpers for the PyTorch peer scripts: thread setup, the timing rule, peak RSS, and one JSON result line.

Run every peer through bench/peers/with-torch-peer.sh THREADS /usr/bin/python3 SCRIPT ... (bench/run.sh does), which
selects the OpenMP OpenBLAS with its AVX-512 kernels, sets thread counts and the allocator thresholds, and exports
STEPWISE_PEER_THREADS. Each script prints one JSON object per line with name, unit, value, threads, side="peer"
(the same fields as bench/Stepwise.EngineBench), plus details.
"""
import ctypes
import json
import os
import statistics
import sys
import time

import torch

# the same rule as bench/Stepwise.EngineBench/Timing.cs; bench/run.sh --quick sets STEPWISE_BENCH_QUICK=1
QUICK = os.environ.get("STEPWISE_BENCH_QUICK") == "1"
WARMUP_CALLS = 1 if QUICK else 2
MIN_CALLS = 1 if QUICK else 3


def mlp():
    """The benchmark MLP 784-512-512-10 with ReLU and torch's default init (the engine's `mlp` shape)."""
    return torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512), torch.nn.ReLU(),
                               torch.nn.Linear(512, 10))


def setup():
    threads = int(os.environ.get("STEPWISE_PEER_THREADS", "1"))
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    return threads


def _status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024   # kB
    raise RuntimeError(key + " not in /proc/self/status")


def peak_rss_bytes():
    """VmHWM: the peak resident set size of this process so far."""
    return _status("VmHWM:")


def rss_bytes():
    return _status("VmRSS:")


def timed(fn, seconds):
    """Warm up for at least WARMUP_CALLS calls and 0.4*seconds, then call fn() until at least `seconds` and
    MIN_CALLS calls have passed, timing every call; returns (calls per second from the median call time, calls,
    elapsed, calls per second over the whole window). The median is the headline: a burst of another process's work
    on the shared CPUs slows the calls it overlaps, not the median."""
    start, i = time.perf_counter(), 0
    while i < WARMUP_CALLS or time.perf_counter() - start < 0.4 * seconds:
        fn()
        i += 1
    times, start = [], time.perf_counter()
    last = start
    while True:
        fn()
        now = time.perf_counter()
        times.append(now - last)
        last = now
        elapsed = now - start
        if elapsed >= seconds and len(times) >= MIN_CALLS:
            return 1.0 / statistics.median(times), len(times), elapsed, len(times) / elapsed


def seconds_arg(default=3.0):
    return float(sys.argv[1]) if len(sys.argv) > 1 else default


def blas_core():
    """The OpenBLAS kernel set in use (e.g. SkylakeX), or 'unknown' when another BLAS is loaded."""
    for line in open("/proc/self/maps"):
        path = line.split()[-1]
        if "libopenblas" in path:
            try:
                lib = ctypes.CDLL(path)
                lib.openblas_get_corename.restype = ctypes.c_char_p
                return lib.openblas_get_corename().decode()
            except (OSError, AttributeError):
                break
    return "unknown"


def emit(name, unit, value, **extra):
    fields = {"name": name, "unit": unit, "value": value, "threads": torch.get_num_threads(), "side": "peer",
              "torch": torch.__version__, "blas_core": blas_core()}
    fields.update(extra)
    print(json.dumps(fields))
    sys.stdout.flush()
