#!/usr/bin/env bash
# Fashion-MNIST default recipe, 4 epochs, no validation: vectorgrad and PyTorch at 1 and 2 threads, alternating, 2 rounds.
# Usage: measure-training.sh JAR OUTDIR   (median warm epoch: python3 of the JSON histories)
set -u
jar=$1; out=$2; mkdir -p $out
V="java --add-modules jdk.incubator.vector -jar $jar"
cd /work/main
for round in 1 2; do
  for t in 1 2; do
    $V train --dataset fashion-mnist --epochs 4 --validation 0 --threads $t --quiet --json "$out/fm_vg_t${t}_r${round}.json" > /dev/null 2>&1
    /usr/bin/python3 benchmarks/compare/pytorch_mlp.py --epochs 4 --threads $t > "$out/fm_torch_t${t}_r${round}.json" 2>/dev/null
  done
done
