#!/usr/bin/env python3
"""Issue 10's interop targets on Fashion-MNIST: a PyTorch nn.Sequential 784-256-128-10 (ReLU, logits out)
trained briefly, saved as F32 and BF16 safetensors state dicts (no metadata, PyTorch's names 0./2./4.) and as
torch.onnx.export (opset 13), with PyTorch's test-set predictions for each, into --out (default /tmp/interop;
the model is ~1 MB: keep it out of git). Then, in the repository root:

  ./vectorgrad evaluate --dataset fashion-mnist --model /tmp/interop/fmnist-f32.safetensors --layers 784,256,128,10 \\
      --activation relu --predictions /tmp/interop/vg-f32.txt
  ./vectorgrad evaluate --dataset fashion-mnist --model /tmp/interop/fmnist-bf16.safetensors --layers 784,256,128,10 \\
      --activation relu --predictions /tmp/interop/vg-bf16.txt
  ./vectorgrad evaluate --dataset fashion-mnist --model /tmp/interop/fmnist.onnx --predictions /tmp/interop/vg-onnx.txt
  /usr/bin/python3 benchmarks/compare/interop_fmnist.py --compare

Run with Debian's interpreter (python3-torch):  /usr/bin/python3 benchmarks/compare/interop_fmnist.py
"""
import argparse, copy, json, sys
from pathlib import Path

import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import save_safetensors  # noqa: E402
from pytorch_mlp import read_idx  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--out", default="/tmp/interop")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--compare", action="store_true", help="compare vectorgrad's predictions with PyTorch's")
    a = p.parse_args()
    out = Path(a.out)
    if a.compare:
        ref = json.loads((out / "pytorch.json").read_text())
        labels = ref["labels"]
        result = {}
        for key, file in (("f32", "vg-f32.txt"), ("bf16", "vg-bf16.txt"), ("onnx", "vg-onnx.txt")):
            vg = [int(line) for line in (out / file).read_text().split()]
            torch_pred = ref["predictions_" + key]
            result[key] = {
                "samples": len(vg),
                "pytorch_correct": sum(int(x == y) for x, y in zip(torch_pred, labels)),
                "vectorgrad_correct": sum(int(x == y) for x, y in zip(vg, labels)),
                "predictions_differing": sum(int(x != y) for x, y in zip(vg, torch_pred)),
            }
        print(json.dumps(result, indent=1))
        return
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    d = Path(a.dir)
    xtr = read_idx(d / "train-images-idx3-ubyte.gz").reshape(-1, 784).float() / 255.0
    ytr = read_idx(d / "train-labels-idx1-ubyte.gz").long()
    xte = read_idx(d / "t10k-images-idx3-ubyte.gz").reshape(-1, 784).float() / 255.0
    yte = read_idx(d / "t10k-labels-idx1-ubyte.gz").long()
    net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    lossf = nn.CrossEntropyLoss()
    for _ in range(a.epochs):
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 128):
            idx = perm[i:i + 128]
            opt.zero_grad()
            lossf(net(xtr[idx]), ytr[idx]).backward()
            opt.step()
    net.eval()
    out.mkdir(parents=True, exist_ok=True)
    save_safetensors(out / "fmnist-f32.safetensors", net.state_dict(), torch.float32)
    save_safetensors(out / "fmnist-bf16.safetensors", net.state_dict(), torch.bfloat16)
    torch.onnx.export(net, xte[:2], str(out / "fmnist.onnx"), opset_version=13, input_names=["input"],
                      output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    rounded = copy.deepcopy(net)
    rounded.load_state_dict({k: v.to(torch.bfloat16).float() for k, v in net.state_dict().items()})
    with torch.no_grad():
        f32 = net(xte).argmax(1)
        bf16 = rounded(xte).argmax(1)
    ref = {"labels": yte.tolist(), "predictions_f32": f32.tolist(), "predictions_bf16": bf16.tolist(),
           "predictions_onnx": f32.tolist(),
           "accuracy_f32": float((f32 == yte).float().mean()), "accuracy_bf16": float((bf16 == yte).float().mean())}
    (out / "pytorch.json").write_text(json.dumps(ref))
    print(json.dumps({k: v for k, v in ref.items() if k.startswith("accuracy")}))


if __name__ == "__main__":
    main()
