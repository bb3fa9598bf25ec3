#!/usr/bin/env python3
"""An outside check of `reasonrl score` against the transformers computation, by hand (not run by the tests).

transformers itself cannot be installed here (no PyPI), so this file re-derives, in PyTorch, what transformers'
modeling code computes for Llama (and SmolLM), Mistral, Qwen2 and Qwen3 -- RMSNorm in float32, rotate-half RoPE with
inverse frequencies and attention scaling from modeling_rope_utils (linear, llama3, yarn), repeat_kv for grouped-query
attention, the causal (and sliding-window) mask, eager softmax attention in float32, the SiLU-gated MLP, tied or
untied lm_head -- and it writes the random-weight model folders itself, so the C# side reads files it did not write.

    apt-get install python3-torch libopenblas0-pthread
    python3 tools/crosscheck/transformers_reference.py write /tmp/xc qwen2        # a folder in transformers' layout
    reasonrl score --checkpoint /tmp/xc/qwen2 --input /tmp/xc/qwen2/lines.jsonl --out /tmp/xc/qwen2/scored.jsonl
    python3 tools/crosscheck/transformers_reference.py compare /tmp/xc/qwen2 /tmp/xc/qwen2/scored.jsonl
"""
import json
import math
import os
import struct
import sys

import torch

TOKENIZER = os.path.join(os.path.dirname(__file__), "..", "..", "data", "checkpoints", "base-arith-small", "tokenizer.json")

FAMILIES = {
    "smollm": dict(model_type="llama", heads=9, kv=3, head_dim=8, tied=True, theta=100000.0),
    "llama3": dict(model_type="llama", heads=4, kv=1, head_dim=16, attention_bias=True, mlp_bias=True, theta=500000.0,
                   rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                 "original_max_position_embeddings": 32}),
    "mistral": dict(model_type="mistral", heads=8, kv=2, head_dim=8, sliding_window=6, theta=1000000.0),
    "qwen2": dict(model_type="qwen2", heads=6, kv=2, head_dim=12, tied=True, theta=1000000.0,
                  rope_scaling={"type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32}),
    "qwen3": dict(model_type="qwen3", heads=8, kv=4, head_dim=16, tied=True, theta=1000000.0,
                  rope_scaling={"rope_type": "linear", "factor": 2.0}),
}
HIDDEN, LAYERS, INTERMEDIATE, VOCAB, MAX_POSITIONS = 72, 3, 96, 128, 256


def write(folder, family):
    spec = FAMILIES[family]
    os.makedirs(folder, exist_ok=True)
    heads, kv, hd = spec["heads"], spec["kv"], spec["head_dim"]
    config = {
        "architectures": [{"llama": "LlamaForCausalLM", "mistral": "MistralForCausalLM", "qwen2": "Qwen2ForCausalLM", "qwen3": "Qwen3ForCausalLM"}[spec["model_type"]]],
        "model_type": spec["model_type"], "hidden_size": HIDDEN, "intermediate_size": INTERMEDIATE, "num_hidden_layers": LAYERS,
        "num_attention_heads": heads, "num_key_value_heads": kv, "head_dim": hd, "max_position_embeddings": MAX_POSITIONS,
        "vocab_size": VOCAB, "rms_norm_eps": 1e-6, "rope_theta": spec["theta"], "hidden_act": "silu",
        "tie_word_embeddings": spec.get("tied", False), "rope_scaling": spec.get("rope_scaling"), "torch_dtype": "float32",
    }
    if spec["model_type"] in ("llama", "qwen3"):
        config["attention_bias"] = spec.get("attention_bias", False)
    if spec["model_type"] == "llama":
        config["mlp_bias"] = spec.get("mlp_bias", False)
    if spec["model_type"] == "mistral":
        config["sliding_window"] = spec["sliding_window"]
    if spec["model_type"] in ("qwen2", "qwen3"):
        config["use_sliding_window"] = False
    generator = torch.Generator().manual_seed(sum(map(ord, family)))

    def draw(*shape, center=0.0, spread=0.5):
        return center + spread * (2 * torch.rand(*shape, generator=generator) - 1)

    tensors = {"model.embed_tokens.weight": draw(VOCAB, HIDDEN, spread=1.0), "model.norm.weight": draw(HIDDEN, center=1.0, spread=0.3)}
    qkv_bias = spec["model_type"] == "qwen2" or spec.get("attention_bias", False)
    for layer in range(LAYERS):
        p = f"model.layers.{layer}."
        tensors[p + "input_layernorm.weight"] = draw(HIDDEN, center=1.0, spread=0.3)
        tensors[p + "post_attention_layernorm.weight"] = draw(HIDDEN, center=1.0, spread=0.3)
        for name, rows in (("q", heads * hd), ("k", kv * hd), ("v", kv * hd)):
            tensors[p + f"self_attn.{name}_proj.weight"] = draw(rows, HIDDEN, spread=0.3)
            if qkv_bias:
                tensors[p + f"self_attn.{name}_proj.bias"] = draw(rows, spread=0.3)
        tensors[p + "self_attn.o_proj.weight"] = draw(HIDDEN, heads * hd, spread=0.2)
        if spec.get("attention_bias", False):
            tensors[p + "self_attn.o_proj.bias"] = draw(HIDDEN, spread=0.2)
        if spec["model_type"] == "qwen3":
            tensors[p + "self_attn.q_norm.weight"] = draw(hd, center=1.0, spread=0.3)
            tensors[p + "self_attn.k_norm.weight"] = draw(hd, center=1.0, spread=0.3)
        for name, shape in (("gate", (INTERMEDIATE, HIDDEN)), ("up", (INTERMEDIATE, HIDDEN)), ("down", (HIDDEN, INTERMEDIATE))):
            tensors[p + f"mlp.{name}_proj.weight"] = draw(*shape, spread=0.3)
            if spec.get("mlp_bias", False):
                tensors[p + f"mlp.{name}_proj.bias"] = draw(shape[0], spread=0.2)
    if not spec.get("tied", False):
        tensors["lm_head.weight"] = draw(VOCAB, HIDDEN, spread=0.5)

    # Two shards and an index, as transformers writes larger models.
    names = sorted(tensors)
    weight_map = {}
    for shard in range(2):
        file = f"model-{shard + 1:05d}-of-00002.safetensors"
        part = names[shard::2]
        header, offset = {"__metadata__": {"format": "pt"}}, 0
        for name in part:
            size = tensors[name].numel() * 4
            header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + size]}
            offset += size
            weight_map[name] = file
        text = json.dumps(header).encode()
        text += b" " * (-len(text) % 8)
        with open(os.path.join(folder, file), "wb") as out:
            out.write(struct.pack("<Q", len(text)) + text)
            for name in part:
                out.write(tensors[name].contiguous().numpy().astype("<f4").tobytes())
    json.dump({"metadata": {"total_size": 0}, "weight_map": weight_map}, open(os.path.join(folder, "model.safetensors.index.json"), "w"))
    json.dump(config, open(os.path.join(folder, "config.json"), "w"), indent=2)
    with open(TOKENIZER) as source, open(os.path.join(folder, "tokenizer.json"), "w") as target:
        target.write(source.read())
    lines = []
    for i in range(6):
        g = torch.Generator().manual_seed(100 + i)
        prompt = torch.randint(3, 99, (5 + 7 * i,), generator=g).tolist()
        completion = torch.randint(3, 99, (4 + 3 * i,), generator=g).tolist()
        lines.append(json.dumps({"id": i, "prompt_ids": prompt, "completion_ids": completion}))
    open(os.path.join(folder, "lines.jsonl"), "w").write("\n".join(lines) + "\n")


def load(folder):
    config = json.load(open(os.path.join(folder, "config.json")))
    index = json.load(open(os.path.join(folder, "model.safetensors.index.json")))
    tensors = {}
    for file in sorted(set(index["weight_map"].values())):
        data = open(os.path.join(folder, file), "rb").read()
        (length,) = struct.unpack("<Q", data[:8])
        header = json.loads(data[8:8 + length])
        for name, entry in header.items():
            if name == "__metadata__":
                continue
            begin, end = entry["data_offsets"]
            raw = bytearray(data[8 + length + begin:8 + length + end])
            tensors[name] = torch.frombuffer(raw, dtype=torch.float32).reshape(entry["shape"]).clone()
    return config, tensors


def rope_parameters(config):
    """inv_freq and attention_factor as transformers' modeling_rope_utils computes them (float32 throughout)."""
    dim = config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"]
    base = config["rope_theta"]
    inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))
    scaling = config.get("rope_scaling")
    if not scaling:
        return inv_freq, 1.0
    kind = scaling.get("rope_type", scaling.get("type"))
    factor = scaling["factor"]
    if kind == "linear":
        return inv_freq / factor, 1.0
    if kind == "llama3":
        low, high, old = scaling["low_freq_factor"], scaling["high_freq_factor"], scaling["original_max_position_embeddings"]
        wavelen = 2 * math.pi / inv_freq
        scaled = torch.where(wavelen > old / low, inv_freq / factor, inv_freq)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wavelen < old / high) * ~(wavelen > old / low)
        return torch.where(medium, smoothed, scaled), 1.0
    if kind == "yarn":
        original = scaling.get("original_max_position_embeddings", config["max_position_embeddings"])

        def mscale(scale, m=1.0):
            return 1.0 if scale <= 1 else 0.1 * m * math.log(scale) + 1.0

        attention = scaling.get("attention_factor")
        if attention is None:
            attention = mscale(factor, scaling["mscale"]) / mscale(factor, scaling["mscale_all_dim"]) if scaling.get("mscale") and scaling.get("mscale_all_dim") else mscale(factor)
        beta_fast, beta_slow = scaling.get("beta_fast") or 32, scaling.get("beta_slow") or 1

        def correction(rotations):
            return (dim * math.log(original / (rotations * 2 * math.pi))) / (2 * math.log(base))

        low, high = correction(beta_fast), correction(beta_slow)
        if scaling.get("truncate", True):
            low, high = math.floor(low), math.ceil(high)
        low, high = max(low, 0), min(high, dim - 1)
        if low == high:
            high += 0.001
        ramp = torch.clamp((torch.arange(dim // 2, dtype=torch.float32) - low) / (high - low), 0, 1)
        extrapolation = 1 - ramp
        pos_freqs = base ** (torch.arange(0, dim, 2).float() / dim)
        return (1.0 / (factor * pos_freqs)) * (1 - extrapolation) + (1.0 / pos_freqs) * extrapolation, attention
    raise SystemExit(f"rope type {kind} not covered here")


def rms_norm(x, weight, eps):
    variance = x.float().pow(2).mean(-1, keepdim=True)
    return weight * (x.float() * torch.rsqrt(variance + eps)).to(x.dtype)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def log_probs(config, w, tokens):
    heads, kv = config["num_attention_heads"], config["num_key_value_heads"]
    hd = config.get("head_dim") or config["hidden_size"] // heads
    eps, length = config["rms_norm_eps"], len(tokens)
    model_type = config["model_type"]
    inv_freq, attention_scaling = rope_parameters(config)
    positions = torch.arange(length).float()
    freqs = positions[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos() * attention_scaling, emb.sin() * attention_scaling  # (T, hd)
    mask = torch.full((length, length), float("-inf")).triu(1)
    if model_type == "mistral" and config.get("sliding_window"):
        q_idx, k_idx = torch.arange(length)[:, None], torch.arange(length)[None, :]
        mask = mask.masked_fill(~(k_idx > q_idx - config["sliding_window"]), float("-inf"))
    x = w["model.embed_tokens.weight"][torch.tensor(tokens)]  # (T, d)

    def linear(v, name):
        out = v @ w[name + ".weight"].T
        return out + w[name + ".bias"] if name + ".bias" in w else out

    for layer in range(config["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = linear(h, p + "self_attn.q_proj").view(length, heads, hd)
        k = linear(h, p + "self_attn.k_proj").view(length, kv, hd)
        v = linear(h, p + "self_attn.v_proj").view(length, kv, hd)
        if model_type == "qwen3":
            q = rms_norm(q, w[p + "self_attn.q_norm.weight"], eps)
            k = rms_norm(k, w[p + "self_attn.k_norm.weight"], eps)
        q, k, v = q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1)  # (heads, T, hd)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(heads // kv, dim=0)  # repeat_kv: query head h reads kv head h // (heads / kv)
        v = v.repeat_interleave(heads // kv, dim=0)
        scores = q @ k.transpose(1, 2) * hd ** -0.5 + mask
        attended = torch.softmax(scores.float(), dim=-1).to(q.dtype) @ v  # (heads, T, hd)
        x = x + linear(attended.transpose(0, 1).reshape(length, heads * hd), p + "self_attn.o_proj")
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        x = x + linear(torch.nn.functional.silu(linear(h, p + "mlp.gate_proj")) * linear(h, p + "mlp.up_proj"), p + "mlp.down_proj")
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if config.get("tie_word_embeddings", False) else w["lm_head.weight"]
    logits = (x @ head.T).float()
    return torch.log_softmax(logits, dim=-1)[:-1].gather(1, torch.tensor(tokens[1:])[:, None]).squeeze(1)


def compare(folder, scored):
    torch.set_grad_enabled(False)
    config, weights = load(folder)
    worst = 0.0
    for line in open(scored):
        record = json.loads(line)
        prompt, completion = record["prompt_ids"], record["completion_ids"]
        reference = log_probs(config, weights, prompt + completion)[len(prompt) - 1:]
        ours = torch.tensor(record["completion_logprobs"])
        difference = (reference - ours).abs().max().item()
        worst = max(worst, difference)
        print(f"line {record['id']}: {len(completion)} tokens, max |difference| {difference:.2e} (log-probs from {reference.min():.2f} to {reference.max():.2f})")
    print(f"{config['model_type']} ({os.path.basename(folder)}): worst difference {worst:.2e}")
    return worst


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "write":
        write(os.path.join(sys.argv[2], sys.argv[3]), sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(0 if compare(sys.argv[2], sys.argv[3]) < 1e-4 else 1)
    else:
        sys.exit(__doc__)
