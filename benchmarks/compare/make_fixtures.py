#!/usr/bin/env python3
"""Makes the PyTorch interop fixtures under training/src/test/resources/io/vectorgrad/training/io/pytorch/.

Run once with Debian's interpreter (python3-torch):  /usr/bin/python3 benchmarks/compare/make_fixtures.py
The files are committed, so CI needs no Python. Written (all seeded, all small):
  mlp-f32.safetensors, mlp-bf16.safetensors  state dict of an nn.Sequential of 6 Linear layers (indices
                                             0..10, so '10.weight' must sort after '8.weight'), no metadata,
                                             written by the hand-written safetensors writer below (the
                                             safetensors package is not needed)
  mlp.onnx                                   torch.onnx.export of the same network + Softmax, opset 13
  blocks.onnx, blocks13.onnx                 Flatten, Linear, LeakyReLU, LayerNorm, a pre-norm residual block (LayerNorm,
                                             Linear, Tanh, Linear, + x), a residual block with a projection,
                                             BatchNorm1d, Dropout, Linear, LogSoftmax; opset 17 (LayerNormalization)
                                             and opset 13 (LayerNorm as ReduceMean, Sub, Pow, Sqrt, Div, ...)
  expected.json                              seeded inputs and PyTorch's outputs for each file
"""
import copy, json, struct
from pathlib import Path

import torch
import torch.nn as nn

OUT = Path(__file__).resolve().parents[2] / "training/src/test/resources/io/vectorgrad/training/io/pytorch"


def save_safetensors(path, state, dtype):
    """safetensors layout: u64 LE header length, JSON header (sorted names, as safetensors.torch does), data."""
    names = sorted(state)
    header, blobs, offset = {}, [], 0
    for name in names:
        t = state[name].detach().contiguous()
        if t.dtype.is_floating_point:
            t = t.to(dtype)
        if t.dtype == torch.bfloat16:
            raw = t.view(torch.int16).numpy().tobytes()
            code = "BF16"
        elif t.dtype == torch.float16:
            raw = t.numpy().tobytes()
            code = "F16"
        elif t.dtype == torch.int64:
            raw = t.numpy().tobytes()
            code = "I64"
        else:
            raw = t.numpy().astype("<f4").tobytes()
            code = "F32"
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    path.write_bytes(struct.pack("<Q", len(h)) + h + b"".join(blobs))


class Residual(nn.Module):
    def __init__(self, width, hidden, out, norm):
        super().__init__()
        self.norm = norm
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, out)
        self.proj = nn.Linear(width, out) if out != width else None

    def forward(self, x):
        u = self.norm(x) if self.norm is not None else x
        f = self.fc2(torch.tanh(self.fc1(u)))
        return (self.proj(x) if self.proj is not None else x) + f


def rows(t):
    return [[float(v) for v in r] for r in t]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(10)
    sizes = [8, 12, 12, 10, 10, 8, 4]
    mods = []
    for i in range(len(sizes) - 1):
        mods.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            mods.append(nn.ReLU())
    mlp = nn.Sequential(*mods).eval()
    x = torch.randn(5, 8)
    expected = {"inputs": rows(x)}
    save_safetensors(OUT / "mlp-f32.safetensors", mlp.state_dict(), torch.float32)
    save_safetensors(OUT / "mlp-bf16.safetensors", mlp.state_dict(), torch.bfloat16)
    with torch.no_grad():
        expected["mlp-f32"] = rows(mlp(x))
        rounded = copy.deepcopy(mlp)  # the network the BF16 file holds: weights rounded, computed in float
        rounded.load_state_dict({k: v.to(torch.bfloat16).float() for k, v in mlp.state_dict().items()})
        expected["mlp-bf16"] = rows(rounded(x))
    mlp = nn.Sequential(*mlp, nn.Softmax(dim=1)).eval()
    with torch.no_grad():
        expected["mlp.onnx"] = rows(mlp(x))
    torch.onnx.export(mlp, x, str(OUT / "mlp.onnx"), opset_version=13, input_names=["input"],
                      output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})

    torch.manual_seed(11)
    bn = nn.BatchNorm1d(16)
    net = nn.Sequential(nn.Flatten(), nn.Linear(8, 16), nn.LeakyReLU(0.01), nn.LayerNorm(16),
                        Residual(16, 24, 16, nn.LayerNorm(16)), Residual(16, 16, 12, None),
                        nn.BatchNorm1d(12), nn.Dropout(0.2), nn.Linear(12, 4), nn.LogSoftmax(dim=1))
    net.train()
    with torch.no_grad():  # give the BatchNorm running statistics and the LayerNorm non-trivial values
        for _ in range(20):
            net(torch.randn(32, 2, 4) * 2 + 0.5)
        for p in net.parameters():
            p.add_(0.05 * torch.randn_like(p))
    net.eval()
    xb = x.reshape(5, 2, 4)
    with torch.no_grad():
        out = net(xb)
        expected["blocks.onnx"] = rows(torch.softmax(out, dim=1))  # vectorgrad reads LogSoftmax as softmax
        expected["blocks.onnx.log"] = rows(out)
    for name, opset in (("blocks.onnx", 17), ("blocks13.onnx", 13)):  # 13: LayerNorm decomposed
        torch.onnx.export(net, xb, str(OUT / name), opset_version=opset, input_names=["input"],
                          output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    for f in sorted(OUT.iterdir()):
        print(f.name, f.stat().st_size)


if __name__ == "__main__":
    main()
