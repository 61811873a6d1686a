#!/usr/bin/env bash
# GEMM vs OpenBLAS, side by side (runs interleaved), per JDK and ISA. Usage: measure-gemm.sh JAR OUTDIR
set -u
jar=$1; out=$2; mkdir -p "$out"
shapes=("1024 1024 1024 -" "512 512 512 -" "128 256 784 --trans-b" "128 784 256 -" "256 784 128 --trans-a"
        "32 256 784 --trans-b" "32 784 256 -" "256 784 32 --trans-a"
        "256 1024 1024 --trans-b" "256 1024 1024 -" "256 1024 1024 --trans-a")
for jdk in 17 25; do
  if [ $jdk = 17 ]; then J=java; else J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; fi
  for isa in avx512 avx2; do
    if [ $isa = avx2 ]; then jo="-XX:UseAVX=2"; envs="OPENBLAS_CORETYPE=Haswell"; else jo=""; envs="OPENBLAS_CORETYPE=SkylakeX"; fi
    fo=""; if [ $jdk = 17 ]; then fo="--add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED"; fi
    for t in 1 2; do
      for s in "${shapes[@]}"; do
        set -- $s; tr=""; [ "$4" != "-" ] && tr=$4
        clk=""; [ $t = 1 ] && clk="--clock cpu"
        f="$out/jdk${jdk}_${isa}_t${t}_${1}x${2}x${3}${tr:+_${tr#--}}.json"
        env $envs OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t $J $jo $fo --add-modules jdk.incubator.vector -jar "$jar" bench gemm \
          --m $1 --n $2 --k $3 $tr --threads $t --impl panama,openblas --runs 7 --warmup-ms 2000 $clk --json "$f" 2>/dev/null | tail -2
      done
    done
  done
done
