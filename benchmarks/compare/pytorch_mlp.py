#!/usr/bin/env python3
"""PyTorch CPU baseline for vectorgrad's training throughput target (issue 3).

Trains the same network as `./vectorgrad train --dataset fashion-mnist` (784-256-128-10, ReLU, softmax
cross-entropy, Adam, batch 128) on the same IDX files and prints one JSON object with samples/s.
Run with Debian's interpreter, which has python3-torch:  /usr/bin/python3 benchmarks/compare/pytorch_mlp.py
"""
import argparse, gzip, json, struct, sys, time
from pathlib import Path

import torch
import torch.nn as nn


def read_idx(path):
    raw = Path(path).read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    magic, = struct.unpack(">I", raw[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = torch.frombuffer(bytearray(raw[4 + 4 * ndim:]), dtype=torch.uint8)
    return data.reshape(dims)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    d = Path(a.dir)
    xtr = read_idx(d / "train-images-idx3-ubyte.gz").reshape(-1, 784).float() / 255.0
    ytr = read_idx(d / "train-labels-idx1-ubyte.gz").long()
    xte = read_idx(d / "t10k-images-idx3-ubyte.gz").reshape(-1, 784).float() / 255.0
    yte = read_idx(d / "t10k-labels-idx1-ubyte.gz").long()
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss()
    n = xtr.shape[0]
    epoch_seconds = []
    for _ in range(a.epochs):
        perm = torch.randperm(n)
        t0 = time.perf_counter()
        for i in range(0, n - a.batch + 1, a.batch):
            idx = perm[i:i + a.batch]
            opt.zero_grad(set_to_none=False)
            loss = loss_fn(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
        epoch_seconds.append(time.perf_counter() - t0)
    with torch.no_grad():
        acc = (model(xte).argmax(1) == yte).float().mean().item()
    steps = n // a.batch
    med = sorted(epoch_seconds)[len(epoch_seconds) // 2]
    print(json.dumps({"framework": "pytorch " + torch.__version__, "threads": a.threads, "epochs": a.epochs,
                      "batch": a.batch, "epoch_seconds": epoch_seconds,
                      "train_samples_per_second_median_epoch": steps * a.batch / med,
                      "test_accuracy": acc}))


if __name__ == "__main__":
    sys.exit(main())
