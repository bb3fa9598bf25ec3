#!/usr/bin/python3
"""A plain-PyTorch baseline for `reasonrl bench`: the same model shapes and workloads, written nanoGPT-style.

What it is: a decoder-only transformer like ReasonRL's `small` and `base` presets (RMSNorm, rotary positions, SwiGLU,
tied embeddings, vocabulary 128, context 256), a training step (forward, cross-entropy, backward, gradient clipping,
AdamW) on 16 x 256 tokens, and KV-cache sampling of 256 prompts of 32 tokens + 96 new tokens with a hand-rolled
cache (preallocated, written in place). Fastest of several tries, as `reasonrl bench` reports.

How to run (Debian's python3-torch with libopenblas0-pthread; the project's own code never needs it):
    nice -n 10 /usr/bin/python3 tools/baseline/nanogpt_bench.py [--threads 2] [--steps 10]
It prints one JSON object: training tokens/s and decoding new tokens/s per preset.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {"small": dict(d=128, layers=4, heads=2), "base": dict(d=256, layers=6, heads=4)}
VOCAB, CONTEXT = 128, 256


def swiglu_hidden(d):
    return ((8 * d // 3) + 15) // 16 * 16  # the preset's rule, a multiple of 16 near 8d/3


class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotary_tables(head_dim, length, theta=10000.0):
    inv = 1.0 / (theta ** (torch.arange(0, head_dim, 2).float() / head_dim))
    angles = torch.outer(torch.arange(length).float(), inv)  # (T, hd/2)
    return torch.cat([angles, angles], -1).cos(), torch.cat([angles, angles], -1).sin()  # (T, hd) each


def rotate(x, cos, sin):  # x (B, H, T, hd); cos/sin (T, hd)
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], -1)
    return x * cos + rotated * sin


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads, self.hd = heads, d // heads
        self.norm1, self.norm2 = RMSNorm(d), RMSNorm(d)
        self.qkv = nn.Linear(d, 3 * d, bias=False)
        self.proj = nn.Linear(d, d, bias=False)
        hidden = swiglu_hidden(d)
        self.gate, self.up, self.down = nn.Linear(d, hidden, bias=False), nn.Linear(d, hidden, bias=False), nn.Linear(hidden, d, bias=False)

    def attention(self, x, cos, sin, cache=None, start=0):
        B, T, C = x.shape
        q, k, v = self.qkv(x).view(B, T, 3, self.heads, self.hd).permute(2, 0, 3, 1, 4)  # (B, H, T, hd) each
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        if cache is not None:  # hand-rolled KV cache: write in place, read the filled prefix
            keys, values = cache
            keys[:, :, start:start + T] = k
            values[:, :, start:start + T] = v
            k, v = keys[:, :, :start + T], values[:, :, :start + T]
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(self.hd)  # (B, H, T, L)
        if T > 1:
            L = k.shape[2]
            causal = torch.ones(T, L, dtype=torch.bool).tril(L - T)
            scores = scores.masked_fill(~causal, float("-inf"))
        out = scores.softmax(-1) @ v
        return self.proj(out.transpose(1, 2).reshape(B, T, C))

    def forward(self, x, cos, sin, cache=None, start=0):
        x = x + self.attention(self.norm1(x), cos, sin, cache, start)
        h = self.norm2(x)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


class GPT(nn.Module):
    def __init__(self, d, layers, heads):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, d)
        self.blocks = nn.ModuleList([Block(d, heads) for _ in range(layers)])
        self.norm = RMSNorm(d)
        self.cos, self.sin = rotary_tables(d // heads, CONTEXT)
        for p in self.parameters():
            if p.dim() == 2:
                nn.init.normal_(p, std=0.02)

    def forward(self, tokens, caches=None, start=0):
        T = tokens.shape[1]
        cos, sin = self.cos[start:start + T], self.sin[start:start + T]
        x = self.embed(tokens)
        for i, block in enumerate(self.blocks):
            x = block(x, cos, sin, None if caches is None else caches[i], start)
        return self.norm(x) @ self.embed.weight.t()  # tied output projection


def fastest(repetitions, work):
    best = float("inf")
    for _ in range(repetitions):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def train_tokens_per_s(model, steps):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.0)
    tokens = torch.randint(0, VOCAB, (16, CONTEXT + 1), generator=torch.Generator().manual_seed(1))

    def step():
        logits = model(tokens[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, VOCAB), tokens[:, 1:].reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    step()  # warm-up
    return 16 * CONTEXT / fastest(steps, step)


@torch.no_grad()
def decode_tokens_per_s(model, d, layers, heads, repetitions, batch=256, prompt=32, new=96):
    prompts = torch.randint(3, VOCAB, (batch, prompt), generator=torch.Generator().manual_seed(3))
    generator = torch.Generator().manual_seed(4)

    def generate():
        caches = [(torch.empty(batch, heads, prompt + new, d // heads), torch.empty(batch, heads, prompt + new, d // heads)) for _ in range(layers)]
        logits = model(prompts, caches, 0)[:, -1]
        position = prompt
        for _ in range(new):
            probabilities = logits.softmax(-1)
            uniforms = torch.rand(batch, 1, generator=generator)
            token = torch.searchsorted(probabilities.cumsum(-1), uniforms).clamp_max(VOCAB - 1)  # inverse CDF, as ReasonRL samples
            logits = model(token, caches, position)[:, -1]
            position += 1

    return batch * new / fastest(repetitions, generate)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=10, help="timed training steps per preset (fastest counts)")
    parser.add_argument("--repetitions", type=int, default=3, help="timed sampling runs per preset (fastest counts)")
    arguments = parser.parse_args()
    torch.set_num_threads(arguments.threads)
    torch.manual_seed(1)
    result = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    for name, shape in PRESETS.items():
        model = GPT(**shape)
        result[name] = {
            "train_tokens_per_s": round(train_tokens_per_s(model, arguments.steps)),
            "decode_tokens_per_s": round(decode_tokens_per_s(model, shape["d"], shape["layers"], shape["heads"], arguments.repetitions)),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
