#!/usr/bin/python3
"""Benchmark data: N x D normalised Gaussian-mixture vectors, Q queries, exact top-10 (cosine = inner product).

Writes base.f32, queries.f32 (little-endian float32, row-major) and gt.i32 (Q x 10 int32) into OUT.
Usage: gen.py OUT [N] [D] [Q] [SEED]
"""
import sys, os
import numpy as np

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
d = int(sys.argv[3]) if len(sys.argv) > 3 else 128
q = int(sys.argv[4]) if len(sys.argv) > 4 else 1_000
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 42
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(seed)
clusters = 100
centres = rng.standard_normal((clusters, d)).astype(np.float32)
def sample(m):
    idx = rng.integers(0, clusters, m)
    x = centres[idx] + rng.standard_normal((m, d)).astype(np.float32) * 0.7
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
base = sample(n)
queries = sample(q)
gt = np.empty((q, 10), dtype=np.int32)
for s in range(0, q, 100):
    sims = queries[s:s + 100] @ base.T
    top = np.argpartition(-sims, 10, axis=1)[:, :10]
    order = np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1)
    gt[s:s + 100] = np.take_along_axis(top, order, axis=1)
base.astype('<f4').tofile(os.path.join(out, 'base.f32'))
queries.astype('<f4').tofile(os.path.join(out, 'queries.f32'))
gt.astype('<i4').tofile(os.path.join(out, 'gt.i32'))
print(f"generated {n} x {d} base, {q} queries, seed {seed} into {out}")
