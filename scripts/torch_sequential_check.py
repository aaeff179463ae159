#!/usr/bin/env python3
"""Load a Stepwise MLP / logistic-regression export into torch.nn.Sequential and predict — a check of
`stepwise export` for tabular models.

Usage: torch_sequential_check.py EXPORT_DIR ROWS.bin OUT.bin [EXPORT_DIR ROWS.bin OUT.bin ...]

EXPORT_DIR holds model.json and model.safetensors. ROWS.bin is raw little-endian float32 features (n, inputs), as in
the data file, before any scaling. The script builds the Sequential from model.json's "layers" (and checks that the
"torch" expression builds the same modules), loads model.safetensors (parsed with struct + numpy) with
load_state_dict(strict=True), applies model.json's scaling rule in float64 then rounds to float32, and writes the
logits (n, classes) followed by the softmax probabilities (n, classes) as little-endian float32 to OUT.bin. Prints
one JSON line per case: torch version, the module's repr and the predicted classes.
"""
import json
import struct
import sys

import numpy as np
import torch
from torch import nn


def read_safetensors(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n:]
    out = {}
    for name, t in header.items():
        assert t["dtype"] == "F32", f"{name} is {t['dtype']}"
        b, e = t["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[b:e], dtype="<f4").reshape(t["shape"]).copy())
    return out, metadata


def build(layers):
    modules = []
    for i, layer in enumerate(layers):
        assert layer["index"] == i, f"layer {i} has index {layer['index']}"
        kind = layer["module"]
        if kind == "Linear":
            modules.append(nn.Linear(layer["in_features"], layer["out_features"], bias=layer["bias"]))
        elif kind == "GELU":
            modules.append(nn.GELU(approximate=layer.get("approximate", "none")))
        elif kind in ("ReLU", "Tanh", "Identity"):
            modules.append(getattr(nn, kind)())
        else:
            raise ValueError(f"unknown module {kind}")
    return nn.Sequential(*modules)


def main(export_dir, rows_path, out_path):
    desc = json.load(open(f"{export_dir}/model.json", encoding="utf-8"))
    assert desc["format"] == "stepwise-torch-sequential" and desc["format_version"] == 1
    model = build(desc["layers"])
    from_expression = eval(desc["torch"], {"torch": torch})
    assert repr(from_expression) == repr(model), f"{desc['torch']} builds {from_expression!r}, layers give {model!r}"
    state, metadata = read_safetensors(f"{export_dir}/model.safetensors")
    model.load_state_dict(state, strict=True)
    model.eval()
    inputs = desc["inputs"]
    x = np.frombuffer(open(rows_path, "rb").read(), dtype="<f4").reshape(-1, inputs).astype(np.float64)
    scaling = desc["scaling"]
    if scaling is not None:
        assert scaling["kind"] == "standardize"
        x = (x - np.array(scaling["mean"], dtype=np.float64)) / np.array(scaling["scale"], dtype=np.float64)
    with torch.no_grad():
        logits = model(torch.from_numpy(x.astype(np.float32)))
        probabilities = torch.softmax(logits, dim=1)
    open(out_path, "wb").write(logits.numpy().astype("<f4").tobytes() + probabilities.numpy().astype("<f4").tobytes())
    print(json.dumps({"torch": torch.__version__, "module": repr(model), "metadata": metadata,
                      "classes": probabilities.argmax(dim=1).tolist()}))


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or len(args) % 3 != 0:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    for i in range(0, len(args), 3):  # one torch import for many cases
        main(*args[i:i + 3])
