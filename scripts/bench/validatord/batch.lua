-- POST an NDJSON batch (BENCH_BATCH, default batch.ndjson) to /v1/validate/batch?dataset=candidate.
local path = os.getenv("BENCH_BATCH") or "batch.ndjson"
local f = assert(io.open(path, "rb"))
wrk.body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.path = "/v1/validate/batch?dataset=candidate"
wrk.headers["Content-Type"] = "application/x-ndjson"
