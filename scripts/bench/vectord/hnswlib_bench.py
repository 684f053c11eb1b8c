#!/usr/bin/python3
"""C++ hnswlib (Debian python3-hnswlib) on the data of gen.py: build time, RSS, recall@10 and single-thread QPS per ef.

Usage: hnswlib_bench.py DATA EFS(comma) [M] [EF_CONSTRUCTION] [BUILD_THREADS]
Prints one JSON object per line.
"""
import json, resource, sys, time
import numpy as np
import hnswlib

data = sys.argv[1]
efs = [int(x) for x in sys.argv[2].split(',')]
m = int(sys.argv[3]) if len(sys.argv) > 3 else 16
efc = int(sys.argv[4]) if len(sys.argv) > 4 else 200
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 2
d = 128
base = np.fromfile(f"{data}/base.f32", dtype='<f4').reshape(-1, d)
queries = np.fromfile(f"{data}/queries.f32", dtype='<f4').reshape(-1, d)
gt = np.fromfile(f"{data}/gt.i32", dtype='<i4').reshape(len(queries), 10)
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
idx = hnswlib.Index(space='ip', dim=d)
idx.init_index(max_elements=len(base), M=m, ef_construction=efc, random_seed=100)
idx.set_num_threads(threads)
t = time.perf_counter()
idx.add_items(base, np.arange(len(base)))
build = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"impl": "c++ hnswlib", "build_s": round(build, 2), "build_threads": threads,
                  "rss_mb": round(rss / 1024), "index_rss_mb": round((rss - rss0) / 1024)}), flush=True)
idx.set_num_threads(1)
for ef in efs:
    idx.set_ef(max(ef, 10))
    idx.knn_query(queries[:200], k=10)  # warm-up
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        labels, _ = idx.knn_query(queries, k=10)
        best = max(best, len(queries) / (time.perf_counter() - t))
    hit = sum(len(set(labels[i]) & set(gt[i])) for i in range(len(queries)))
    print(json.dumps({"impl": "c++ hnswlib", "ef": ef, "recall10": round(hit / (10 * len(queries)), 4),
                      "qps": round(best)}), flush=True)
