#!/usr/bin/env bash
# Second session's final run, after the GEMM table: the 64x1024 sigmoid trade-off (vectorgrad policies
# interleaved, then PyTorch's checkpoint_sequential), twice; predictor latency; cold start with warmUp on
# JDK 17 and 25. Usage: measure-final.sh JAR OUTDIR
set -u
jar=$1; out=$2; mkdir -p "$out"
V="java --add-modules jdk.incubator.vector -jar $jar"
cd "$(dirname "$0")/../../.."
uptime > "$out/uptime-start.txt"
for round in 1 2; do
  $V tradeoff --depth 64 --width 1024 --batch 256 --activation sigmoid --policies none,every:2,every:4,sqrt,revolve:4,budget:12MiB \
    --out "$out/tradeoff_r$round" --json "$out/tradeoff_r$round/tradeoff.json" --warmup 2 --steps 7 > "$out/tradeoff_r$round.log" 2>&1
  /usr/bin/python3 benchmarks/compare/pytorch_checkpoint.py --threads 2 --segments 2,4,8,16 --steps 7 > "$out/torch_ckpt_r$round.json" 2>/dev/null
done
$V jmh BenchmarkPredictor -bm sample -tu us -f 1 -wi 5 -i 8 -w 1 -r 1 -rf json -rff "$out/predictor-sample.json" > "$out/predictor-sample.txt" 2>&1
for J in java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  $J --add-modules jdk.incubator.vector -cp "$jar" io.vectorgrad.benchmarks.ColdStart --warm-up >> "$out/coldstart.txt" 2>&1
done
uptime > "$out/uptime-end.txt"
