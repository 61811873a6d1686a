#!/usr/bin/env python3
"""Turns the JMH JSON files in this folder into the Markdown tables of the top-level README (medians of the
measurement iterations). Usage: python3 docs/results/tables.py"""
import json, statistics
from pathlib import Path

HERE = Path(__file__).parent


def load(name):
    return json.loads((HERE / name).read_text())


def median_primary(r):
    return statistics.median(v for it in r["primaryMetric"]["rawData"] for v in it)


def median_secondary(r, key):
    return statistics.median(v for it in r["secondaryMetrics"][key]["rawData"] for v in it)


def gemm():
    rows = {}
    for r in load("gemm-jmh.json"):
        p = r["params"]
        rows[(p["shape"], p.get("threads", "1"), r["benchmark"].rsplit(".", 1)[1])] = median_secondary(r, "gflop")
    labels = {"1024x1024x1024NN": "1024³", "512x512x512NN": "512³", "128x256x784NT": "128×256×784 A·Wᵀ (forward)",
              "256x784x128TN": "256×784×128 dZᵀ·A (weight grad)", "128x784x256NN": "128×784×256 dZ·W (input grad)"}
    print("| shape | threads | vectorgrad | OpenBLAS | **vs OpenBLAS** | netlib VectorBLAS (1 t) | **vs VectorBLAS** | scalar provider (1 t) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for shape, label in labels.items():
        for t in ("1", "2"):
            vg, ob = rows[(shape, t, "vectorgrad")], rows[(shape, t, "openblas")]
            nj, sc = rows[(shape, "1", "netlibJava")], rows[(shape, "1", "scalar")]
            print(f"| {label} | {t} | {vg:.1f} | {ob:.1f} | **{vg / ob:.2f}×** | {nj:.1f} | **{vg / nj:.2f}×** | {sc:.1f} |")


def activations():
    rows = {}
    for r in load("activations-jmh.json"):
        p = r["params"]
        rows[(r["benchmark"].rsplit(".", 1)[1], p.get("size") or "rows of " + p.get("cols"))] = median_primary(r)
    print("| kernel | size | vectorgrad (µs) | scalar provider (µs) | plain `Math` loop (µs) | **speed-up vs loop** |")
    print("|---|---:|---:|---:|---:|---:|")
    for k, loop in (("sigmoid", "sigmoidMathExpLoop"), ("tanh", "tanhMathTanhLoop")):
        for size in ("1024", "65536", "1048576"):
            v, s, l = rows[(k + "Panama", size)], rows[(k + "ScalarProvider", size)], rows[(loop, size)]
            print(f"| {k} | {size} | {v:.2f} | {s:.2f} | {l:.2f} | **{l / v:.1f}×** |")
    for cols in ("rows of 10", "rows of 1000"):
        v, s, l = rows[("softmaxPanama", cols)], rows[("softmaxScalarProvider", cols)], rows[("softmaxMathExpLoop", cols)]
        print(f"| softmax (65536 floats) | {cols} | {v:.1f} | {s:.1f} | {l:.1f} | **{l / v:.1f}×** |")


def elementwise():
    rows = {}
    for r in load("elementwise-jmh.json"):
        rows[(r["benchmark"].rsplit(".", 1)[1], r["params"]["size"])] = median_primary(r)
    print("| kernel (µs) | 1024 | 65536 | 1048576 |")
    print("|---|---:|---:|---:|")
    for k in ("arraycopyReference", "hadamardPanama", "hadamardScalarProvider", "axpyPanama", "columnSumsPanama",
              "columnSumsScalarProvider", "addRowVectorPanama", "addRowVectorScalarProvider"):
        print(f"| {k} | " + " | ".join(f"{rows[(k, s)]:.3f}" for s in ("1024", "65536", "1048576")) + " |")
    h, c = rows[("hadamardPanama", "1048576")], rows[("arraycopyReference", "1048576")]
    print(f"\nHadamard / arraycopy time at 1M floats: {h / c:.2f}×; bandwidth ratio (3 streams vs 2): {h / c * 2 / 3:.2f}×")


def predictor():
    for r in load("predictor-sample-jmh.json"):
        pc = r["primaryMetric"]["scorePercentiles"]
        print(f"{r['benchmark'].rsplit('.', 1)[1]}: p50 {pc['50.0']:.1f} µs, p90 {pc['90.0']:.1f} µs, p99 {pc['99.0']:.1f} µs, p99.9 {pc['99.9']:.1f} µs")
    for r in load("predictor-avgt-gc-jmh.json"):
        print(f"{r['benchmark'].rsplit('.', 1)[1]}: mean {r['primaryMetric']['score']:.1f} µs, "
              f"gc.alloc.rate.norm {r['secondaryMetrics']['gc.alloc.rate.norm']['score']:.2f} B/op, "
              f"gc.count {r['secondaryMetrics']['gc.count']['score']:.0f}")
    for r in load("trainer-jmh-gc.json"):
        t = r["params"]["threads"]
        ms = median_primary(r)
        print(f"training step, {t} thread(s): median {ms:.3f} ms = {128 / ms * 1000:.0f} samples/s, "
              f"gc.alloc.rate.norm {r['secondaryMetrics']['gc.alloc.rate.norm']['score']:.1f} B/op")


def pytorch():
    d = HERE / "training-vs-pytorch"
    for t in (1, 2):
        vg, pt = [], []
        for i in (1, 2, 3):
            v = json.loads((d / f"ivg_t{t}_{i}.json").read_text())
            vg += [v["train_samples"] / h["seconds"] for h in v["history"][1:]]
            p = json.loads((d / f"itorch_t{t}_{i}.json").read_text())
            pt += [(60000 // 128) * 128 / s for s in p["epoch_seconds"][1:]]
        print(f"| {t} | {statistics.median(vg):,.0f} ({min(vg):,.0f}–{max(vg):,.0f}) | "
              f"{statistics.median(pt):,.0f} ({min(pt):,.0f}–{max(pt):,.0f}) | **{statistics.median(vg) / statistics.median(pt):.2f}×** |")


if __name__ == "__main__":
    for f in (gemm, activations, elementwise, predictor, pytorch):
        print(f"\n## {f.__name__}\n")
        f()
