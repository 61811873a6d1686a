#!/usr/bin/env python3
"""Runs the ONNX checker (full_check: with shape inference) on the given .onnx files; exits 1 on the first
failure. Needs the onnx package, e.g. in a venv:  python3 -m venv --system-site-packages /tmp/onnxvenv &&
/tmp/onnxvenv/bin/pip install onnx;  then  /tmp/onnxvenv/bin/python benchmarks/compare/onnx_check.py F.onnx ...
"""
import sys

import onnx

for f in sys.argv[1:]:
    m = onnx.load(f)
    onnx.checker.check_model(m, full_check=True)
    print("ok", f, "opset", m.opset_import[0].version, " ".join(n.op_type for n in m.graph.node))
