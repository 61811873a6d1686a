#!/usr/bin/env python3
"""Markdown tables of the side-by-side GEMM runs in gemm/ (one JSON per bench gemm call).

Made by a loop (docs/results/2026-12-01/measure-gemm.sh): for JDK 17/25, ISA avx512 (16 lanes, OpenBLAS OPENBLAS_CORETYPE=SkylakeX) and
avx2 (-XX:UseAVX=2, 8 lanes, OPENBLAS_CORETYPE=Haswell), threads 1 (CPU time) and 2 (wall):
  bench gemm --m M --n N --k K [--trans-a|--trans-b] --threads T --impl panama,openblas --runs 7
             --warmup-ms 2000 [--clock cpu] --json gemm/jdkJ_ISA_tT_MxNxK[_trans-x].json
Usage: python3 docs/results/2026-12-01/gemm_table.py [DIR]   (default: gemm/; gemm-omp-passive/ is the rerun
with OMP_WAIT_POLICY=PASSIVE)
"""
import json, os, sys
from pathlib import Path

here = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "gemm"
shapes = [("1024x1024x1024", ""), ("512x512x512", ""), ("128x256x784", "_trans-b"), ("128x784x256", ""),
          ("256x784x128", "_trans-a"), ("32x256x784", "_trans-b"), ("32x784x256", ""), ("256x784x32", "_trans-a"),
          ("256x1024x1024", "_trans-b"), ("256x1024x1024", ""), ("256x1024x1024", "_trans-a")]
label = {"": "NN", "_trans-a": "TN", "_trans-b": "NT"}


def ratio(jdk, isa, t, s, tr):
    f = here / f"jdk{jdk}_{isa}_t{t}_{s}{tr}.json"
    if not f.exists():
        return None
    r = {x["impl"]: x["gflops_median"] for x in json.loads(f.read_text())["results"]}
    return r["panama"], r["openblas"]


print("| shape | op | " + " | ".join(f"JDK {j}, {l} lanes, {t} t" for j in (17, 25) for l in (16, 8) for t in (1, 2)) + " |")
print("|---|---|" + "---:|" * 8)
for s, tr in shapes:
    cells = []
    for jdk in (17, 25):
        for isa in ("avx512", "avx2"):
            for t in (1, 2):
                v = ratio(jdk, isa, t, s, tr)
                cells.append("—" if v is None else f"{v[0]:.0f} / {v[1]:.0f} = **{v[0] / v[1]:.2f}×**")
    print(f"| {s.replace('x', '×')} | {label[tr]} | " + " | ".join(cells) + " |")
