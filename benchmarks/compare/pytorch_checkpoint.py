#!/usr/bin/env python3
"""PyTorch CPU baseline for vectorgrad's checkpointing trade-off (issue 7).

One training step of the network that `./vectorgrad tradeoff --depth 64 --width 1024 --batch 256
--activation sigmoid` measures (benchmarks' CheckpointingSetup): 64 Linear(1024, 1024)+Sigmoid blocks,
mean squared error against a fixed uniform target, standard-normal inputs, plain SGD (lr 1e-3). Policies are measured round
by round (interleaved), so drift on a shared machine hits every policy alike:
  none           plain step, every activation kept (autograd's store-all)
  segments:S     torch.utils.checkpoint.checkpoint_sequential with S segments
Prints one JSON object: per policy, every step time, median, min, max.

Needs Debian's python3-torch plus libopenblas0-openmp (without it torch runs the reference BLAS at 2-3
GFLOPS). Check that the 2-thread figure is not slower than the 1-thread one before quoting it.
  /usr/bin/python3 benchmarks/compare/pytorch_checkpoint.py --threads 2 --segments 2,4,8,16
"""
import argparse, json, statistics, sys, time

import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint_sequential


def build(depth, width):
    blocks = []
    for _ in range(depth):
        blocks += [nn.Linear(width, width), nn.Sigmoid()]
    return nn.Sequential(*blocks)


def step(body, opt, x, y, segments):
    opt.zero_grad(set_to_none=False)
    if segments:
        out = checkpoint_sequential(body, segments, x)
    else:
        out = body(x)
    loss = nn.functional.mse_loss(out, y)
    loss.backward()
    opt.step()
    return loss.item()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--depth", type=int, default=64)
    p.add_argument("--width", type=int, default=1024)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--segments", default="2,4,8,16")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--steps", type=int, default=7)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    body = build(a.depth, a.width)
    opt = torch.optim.SGD(body.parameters(), lr=1e-3)
    # torch 1.13's checkpoint_sequential is the re-entrant one: the first segment's parameters get gradients
    # only if its input requires them (costs one extra 256x1024x1024 GEMM per step, about 1/190 of a step)
    x = torch.randn(a.batch, a.width, requires_grad=True)
    y = torch.rand(a.batch, a.width)
    policies = [("none", 0)] + [("segments:" + s, int(s)) for s in a.segments.split(",") if s]
    for _ in range(a.warmup):
        for _, seg in policies:
            step(body, opt, x, y, seg)
    times = {name: [] for name, _ in policies}
    for _ in range(a.steps):
        for name, seg in policies:
            t0 = time.perf_counter()
            step(body, opt, x, y, seg)
            times[name].append((time.perf_counter() - t0) * 1e3)
    out = {"framework": "pytorch " + torch.__version__, "threads": a.threads, "depth": a.depth,
           "width": a.width, "batch": a.batch, "steps": a.steps, "policies": []}
    for name, _ in policies:
        t = times[name]
        out["policies"].append({"policy": name, "step_ms": t, "median_ms": statistics.median(t),
                                "min_ms": min(t), "max_ms": max(t)})
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
