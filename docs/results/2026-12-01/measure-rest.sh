#!/usr/bin/env bash
# Training, trade-off, predictor and cold-start measurements, alternating sides. Usage: measure-rest.sh JAR OUT
set -u
jar=$1; out=$2; mkdir -p "$out"
V="java --add-modules jdk.incubator.vector -jar $jar"
cd /work/main
uptime > "$out/uptime-start.txt"
# 1. Fashion-MNIST default recipe, 4 epochs, no validation: vectorgrad 1/2 threads and PyTorch 1/2 threads, 2 rounds
for round in 1 2; do
  for t in 1 2; do
    $V train --dataset fashion-mnist --epochs 4 --validation 0 --threads $t --quiet --json "$out/fm_vg_t${t}_r${round}.json" > /dev/null 2>&1
    /usr/bin/python3 benchmarks/compare/pytorch_mlp.py --epochs 4 --threads $t > "$out/fm_torch_t${t}_r${round}.json" 2>/dev/null
  done
done
# 2. 64x1024 sigmoid, batch 256, 2 threads: vectorgrad policies interleaved, then PyTorch's, twice
for round in 1 2; do
  $V tradeoff --depth 64 --width 1024 --batch 256 --activation sigmoid --policies none,every:2,every:4,sqrt,revolve:4,budget:12MiB \
    --out "$out/tradeoff_r$round" --json "$out/tradeoff_r$round/tradeoff.json" --warmup 2 --steps 7 > "$out/tradeoff_r$round.log" 2>&1
  /usr/bin/python3 benchmarks/compare/pytorch_checkpoint.py --threads 2 --segments 2,4,8,16 --steps 7 > "$out/torch_ckpt_r$round.json" 2>/dev/null
done
# 3. Predictor latency (sample mode) and residual step cost (avgt, gc)
$V jmh BenchmarkPredictor -bm sample -tu us -f 1 -wi 5 -i 8 -w 1 -r 1 -rf json -rff "$out/predictor-sample.json" > "$out/predictor-sample.txt" 2>&1
$V jmh BenchmarkTrainer -p layers=784-256-10 -p residual=0,8 -p norm=layer -p threads=1,2 -f 1 -wi 5 -i 6 -w 2 -r 2 -prof gc -rf json -rff "$out/trainer-residual.json" > "$out/trainer-residual.txt" 2>&1
# 4. cold start with warmUp, JDK 17 and 25
for J in java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  $J --add-modules jdk.incubator.vector -cp $jar io.vectorgrad.benchmarks.ColdStart --warm-up >> "$out/coldstart.txt" 2>&1
done
uptime > "$out/uptime-end.txt"
