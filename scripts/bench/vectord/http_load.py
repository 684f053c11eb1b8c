#!/usr/bin/python3
"""Bulk-loads base.f32 into a running vectord over HTTP and writes wrk search bodies.

Usage: http_load.py URL DATA EF [BATCH] [CLIENTS]
Batches of BATCH items (1000) from CLIENTS concurrent keep-alive-less connections (4: the spec allows concurrent
upserts, and one batch waits for its durable log write while another is inserted). Bodies are built before the clock
starts. Prints one JSON line with the load time; writes DATA/search-bodies.txt (one query body per line).
"""
import json, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
import numpy as np

url, data, ef = sys.argv[1], sys.argv[2], int(sys.argv[3])
batch = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
clients = int(sys.argv[5]) if len(sys.argv) > 5 else 4
d = 128
base = np.fromfile(f"{data}/base.f32", dtype='<f4').reshape(-1, d)
queries = np.fromfile(f"{data}/queries.f32", dtype='<f4').reshape(-1, d)

def call(method, path, body=None):
    req = urllib.request.Request(url + path, method=method, data=None if body is None else body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        return r.status, r.read()

try:
    call("DELETE", "/v1/indexes/bench")
except Exception:
    pass
call("PUT", "/v1/indexes/bench", json.dumps({"dim": d, "metric": "cosine", "m": 16, "ef_construction": 200,
                                             "ef_search": ef}).encode())
bodies = []
for s in range(0, len(base), batch):
    items = [{"id": str(i), "vector": [round(float(x), 7) for x in base[i]]} for i in range(s, min(len(base), s + batch))]
    bodies.append(json.dumps({"items": items}).encode())
t = time.perf_counter()
with ThreadPoolExecutor(clients) as pool:
    for status, _ in pool.map(lambda b: call("POST", "/v1/indexes/bench/items", b), bodies):
        assert status == 200, status
load = time.perf_counter() - t
print(json.dumps({"impl": "vectord over HTTP", "bulk_load_s": round(load, 1), "items": len(base), "batch": batch,
                  "clients": clients}), flush=True)
with open(f"{data}/search-bodies.txt", "w") as f:
    for q in queries:
        f.write(json.dumps({"vector": [round(float(x), 7) for x in q], "k": 10, "ef": ef,
                            "include_metadata": False}) + "\n")
