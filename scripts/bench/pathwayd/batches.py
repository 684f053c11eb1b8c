"""Writes N benchmark memories as bulk-ADD bodies of 1,000 each: batches.py N DIR (DIR/00000.json, ...).

The same memories for run.sh, ab.sh and startup.sh: ~60-byte facts over 1,000 users, 397 topics.
"""
import json
import os
import sys

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
for b in range((n + 999) // 1000):
    ms = [{"kind": "fact", "content": f"memory {i} about topic {i % 397} and item {i % 31}",
           "scope": {"user_id": f"u{i % 1000}"}, "metadata": {"n": i}} for i in range(b * 1000, min(n, (b + 1) * 1000))]
    with open(f"{out}/{b:05d}.json", "w") as f:
        json.dump({"memories": ms}, f)
