#!/usr/bin/env bash
# Fashion-MNIST default recipe (30 epochs, batch 128, Adam), no validation: vectorgrad at 1 and 2 threads and
# PyTorch at 1 and 2 threads, interleaved, ROUNDS rounds (default 3). Median warm epoch = median of epochs 2..30
# of each run (the JSON histories). Usage: measure-training-default.sh JAR OUTDIR [ROUNDS] [JAVA]
set -u
jar=$1; out=$2; rounds=${3:-3}; J=${4:-java}; mkdir -p "$out"
cd "$(dirname "$0")/../../.."
uptime > "$out/uptime-start.txt"
for round in $(seq 1 "$rounds"); do
  for t in 1 2; do
    $J --add-modules jdk.incubator.vector -jar "$jar" train --dataset fashion-mnist --validation 0 --threads $t --quiet \
      --json "$out/fm_vg_t${t}_r${round}.json" > /dev/null 2>&1
  done
  for t in 1 2; do
    /usr/bin/python3 benchmarks/compare/pytorch_mlp.py --epochs 30 --threads $t > "$out/fm_torch_t${t}_r${round}.json" 2>/dev/null
  done
done
uptime > "$out/uptime-end.txt"
