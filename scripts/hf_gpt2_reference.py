#!/usr/bin/env python3
"""Load a Stepwise GPT-2 export with a GPT-2 written in plain torch, module for module as Hugging Face's
modeling_gpt2 (GPT2LMHeadModel, eager attention), and print its logits — a check of `stepwise export --to hf` where
the transformers package is not installed.

Usage: hf_gpt2_reference.py EXPORT_DIR TOKENS.json OUT.bin [EXPORT_DIR TOKENS.json OUT.bin ...]

EXPORT_DIR holds config.json and model.safetensors. TOKENS.json is {"tokens": [[...], ...]} (B rows of T ids). The
script reads config.json as GPT2Config does, parses model.safetensors with struct + numpy (the safetensors package
is not needed), loads it with load_state_dict into modules named as HF names them (Conv1D weights (in, out);
c_attn split into q, k, v; heads as consecutive channel groups; scores / sqrt(head_dim); causal mask with the
dtype's minimum; gelu_new; LayerNorm with layer_norm_epsilon; lm_head tied to wte when tie_word_embeddings), runs
it in eval mode, and writes the logits (B, T, vocab_size) as little-endian float32 to OUT.bin. It prints one JSON
line per case: torch version, shape, missing and unexpected keys. It fails on a key, shape or config value that HF's
GPT2LMHeadModel would not accept the same way.
"""
import json
import math
import struct
import sys

import numpy as np
import torch
from torch import nn


class NewGELUActivation(nn.Module):
    """HF's gelu_new: the tanh approximation of GELU, as in Google BERT / OpenAI GPT."""

    def forward(self, x):
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


ACT2FN = {"gelu_new": NewGELUActivation, "gelu_pytorch_tanh": lambda: nn.GELU(approximate="tanh"),
          "gelu": nn.GELU, "relu": nn.ReLU}


class Conv1D(nn.Module):
    """HF's Conv1D: a linear layer whose weight is stored transposed, (nx, nf)."""

    def __init__(self, nf, nx):
        super().__init__()
        self.nf = nf
        self.weight = nn.Parameter(torch.empty(nx, nf))
        self.bias = nn.Parameter(torch.zeros(nf))

    def forward(self, x):
        size_out = x.size()[:-1] + (self.nf,)
        x = torch.addmm(self.bias, x.view(-1, x.size(-1)), self.weight)
        return x.view(size_out)


class GPT2Attention(nn.Module):
    def __init__(self, config):
        super().__init__()
        max_positions = config["n_positions"]
        self.register_buffer("bias", torch.tril(torch.ones((max_positions, max_positions), dtype=torch.bool))
                             .view(1, 1, max_positions, max_positions), persistent=False)
        self.embed_dim = config["n_embd"]
        self.num_heads = config["n_head"]
        self.head_dim = self.embed_dim // self.num_heads
        self.split_size = self.embed_dim
        if self.head_dim * self.num_heads != self.embed_dim:
            raise ValueError("n_embd must be divisible by n_head")
        self.scale_attn_weights = config.get("scale_attn_weights", True)
        if config.get("scale_attn_by_inverse_layer_idx", False) or config.get("reorder_and_upcast_attn", False):
            raise ValueError("this reference implements GPT-2's default attention only")
        self.c_attn = Conv1D(3 * self.embed_dim, self.embed_dim)
        self.c_proj = Conv1D(self.embed_dim, self.embed_dim)
        self.attn_dropout = nn.Dropout(config["attn_pdrop"])
        self.resid_dropout = nn.Dropout(config["resid_pdrop"])

    def _attn(self, query, key, value):
        attn_weights = torch.matmul(query, key.transpose(-1, -2))
        if self.scale_attn_weights:
            attn_weights = attn_weights / torch.full([], value.size(-1) ** 0.5, dtype=attn_weights.dtype)
        query_length, key_length = query.size(-2), key.size(-2)
        causal_mask = self.bias[:, :, key_length - query_length: key_length, :key_length]
        mask_value = torch.full([], torch.finfo(attn_weights.dtype).min, dtype=attn_weights.dtype)
        attn_weights = torch.where(causal_mask, attn_weights, mask_value)
        attn_weights = nn.functional.softmax(attn_weights, dim=-1)
        attn_weights = self.attn_dropout(attn_weights)
        return torch.matmul(attn_weights, value)

    def _split_heads(self, tensor):
        tensor = tensor.view(tensor.size()[:-1] + (self.num_heads, self.head_dim))
        return tensor.permute(0, 2, 1, 3)  # (batch, head, seq_length, head_features)

    def _merge_heads(self, tensor):
        tensor = tensor.permute(0, 2, 1, 3).contiguous()
        return tensor.view(tensor.size()[:-2] + (self.num_heads * self.head_dim,))

    def forward(self, hidden_states):
        query, key, value = self.c_attn(hidden_states).split(self.split_size, dim=2)
        attn_output = self._attn(self._split_heads(query), self._split_heads(key), self._split_heads(value))
        return self.resid_dropout(self.c_proj(self._merge_heads(attn_output)))


class GPT2MLP(nn.Module):
    def __init__(self, intermediate_size, config):
        super().__init__()
        self.c_fc = Conv1D(intermediate_size, config["n_embd"])
        self.c_proj = Conv1D(config["n_embd"], intermediate_size)
        self.act = ACT2FN[config["activation_function"]]()
        self.dropout = nn.Dropout(config["resid_pdrop"])

    def forward(self, hidden_states):
        return self.dropout(self.c_proj(self.act(self.c_fc(hidden_states))))


class GPT2Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        hidden_size = config["n_embd"]
        inner_dim = config["n_inner"] if config.get("n_inner") is not None else 4 * hidden_size
        self.ln_1 = nn.LayerNorm(hidden_size, eps=config["layer_norm_epsilon"])
        self.attn = GPT2Attention(config)
        self.ln_2 = nn.LayerNorm(hidden_size, eps=config["layer_norm_epsilon"])
        self.mlp = GPT2MLP(inner_dim, config)

    def forward(self, hidden_states):
        hidden_states = self.attn(self.ln_1(hidden_states)) + hidden_states
        return hidden_states + self.mlp(self.ln_2(hidden_states))


class GPT2Model(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.wte = nn.Embedding(config["vocab_size"], config["n_embd"])
        self.wpe = nn.Embedding(config["n_positions"], config["n_embd"])
        self.drop = nn.Dropout(config["embd_pdrop"])
        self.h = nn.ModuleList([GPT2Block(config) for _ in range(config["n_layer"])])
        self.ln_f = nn.LayerNorm(config["n_embd"], eps=config["layer_norm_epsilon"])

    def forward(self, input_ids):
        position_ids = torch.arange(0, input_ids.size(-1), dtype=torch.long).unsqueeze(0)
        hidden_states = self.drop(self.wte(input_ids) + self.wpe(position_ids))
        for block in self.h:
            hidden_states = block(hidden_states)
        return self.ln_f(hidden_states)


class GPT2LMHeadModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.transformer = GPT2Model(config)
        self.lm_head = nn.Linear(config["n_embd"], config["vocab_size"], bias=False)
        if config.get("tie_word_embeddings", True):
            self.lm_head.weight = self.transformer.wte.weight

    def forward(self, input_ids):
        return self.lm_head(self.transformer(input_ids))


def read_safetensors(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n:]
    dtypes = {"F32": "<f4", "F64": "<f8", "I64": "<i8", "I32": "<i4"}
    tensors = {}
    for name, t in header.items():
        b, e = t["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[b:e], dtype=dtypes[t["dtype"]]).reshape(t["shape"]).copy())
    return tensors, metadata


def main(export_dir, tokens_path, out_path):
    torch.manual_seed(0)
    config = json.load(open(f"{export_dir}/config.json", encoding="utf-8"))
    assert config["model_type"] == "gpt2", config["model_type"]
    assert config["architectures"] == ["GPT2LMHeadModel"], config["architectures"]
    state, metadata = read_safetensors(f"{export_dir}/model.safetensors")
    assert metadata.get("format") == "pt", f"safetensors metadata format is {metadata.get('format')!r}, HF wants 'pt'"
    model = GPT2LMHeadModel(config)
    missing, unexpected = model.load_state_dict(state, strict=False)
    tied = config.get("tie_word_embeddings", True)
    # HF's GPT2LMHeadModel lists lm_head.weight as tied: its own checkpoints omit it when tied
    assert list(unexpected) == [], f"unexpected keys {unexpected}"
    assert list(missing) == (["lm_head.weight"] if tied else []), f"missing keys {missing}"
    model.eval()
    ids = torch.tensor(json.load(open(tokens_path))["tokens"], dtype=torch.long)
    with torch.no_grad():
        logits = model(ids)
    open(out_path, "wb").write(logits.to(torch.float32).numpy().astype("<f4").tobytes())
    print(json.dumps({"torch": torch.__version__, "shape": list(logits.shape), "missing": list(missing),
                      "unexpected": list(unexpected), "parameters": sum(p.numel() for p in model.parameters())}))


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or len(args) % 3 != 0:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    for i in range(0, len(args), 3):  # one torch import for many cases
        main(*args[i:i + 3])
