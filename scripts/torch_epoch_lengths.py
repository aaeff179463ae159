#!/usr/bin/env python3
"""Epoch lengths as real PyTorch computes them, for cross-checking Stepwise's EpochGeometry.

Reads JSON lines {"N": .., "b": .., "G": .., "W": .., "drop_last": ..} on stdin and prints, for each, one JSON line
{"len_sampler": .., "len_loader": .., "updates": ..}: the per-rank sample count of
torch.utils.data.DistributedSampler(num_replicas=W, rank=0, shuffle=True, seed=0, drop_last=drop_last), the batch
count of a DataLoader(batch_size=b, sampler=that sampler, drop_last=drop_last) over a map-style dataset of N items,
and updates = ceil(len_loader / G). Needs torch (Debian's /usr/bin/python3 here).
"""
import json
import sys

import torch.utils.data as tud


class _Sized(tud.Dataset):
    """A map-style dataset of n items; only its length matters."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return i


def lengths(n, b, g, w, drop_last):
    dataset = _Sized(n)
    sampler = tud.DistributedSampler(dataset, num_replicas=w, rank=0, shuffle=True, seed=0, drop_last=drop_last)
    loader = tud.DataLoader(dataset, batch_size=b, sampler=sampler, drop_last=drop_last)
    len_loader = len(loader)
    return {"len_sampler": len(sampler), "len_loader": len_loader, "updates": -(-len_loader // g)}


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        c = json.loads(line)
        print(json.dumps(lengths(int(c["N"]), int(c["b"]), int(c["G"]), int(c["W"]), bool(c["drop_last"]))))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
