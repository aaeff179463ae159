"""Shared helpers for the PyTorch peer scripts: thread setup and a JSON result line.

Run every peer through ../shared/peers/with-torch-peer THREADS /usr/bin/python3 SCRIPT ... (or bench/run.sh), which
selects the OpenMP OpenBLAS with its AVX-512 kernels, sets thread counts and the allocator thresholds, and exports
STEPWISE_PEER_THREADS.
"""
import json
import os
import resource
import sys
import time

import torch


def setup():
    threads = int(os.environ.get("STEPWISE_PEER_THREADS", "1"))
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    return threads


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def timed(fn, seconds, warmup):
    """Calls fn() warmup times, then repeatedly for about `seconds`; returns calls per second."""
    for _ in range(warmup):
        fn()
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return calls / elapsed


def emit(**fields):
    fields["torch"] = torch.__version__
    fields["threads"] = torch.get_num_threads()
    print(json.dumps(fields))
    sys.stdout.flush()
