-- POST one candidate record to /v1/validate (body read from BENCH_BODY, default candidate.json next to this file).
-- No response() callback: wrk counts non-2xx answers itself, and a Lua call per answer costs the shared cores.
local path = os.getenv("BENCH_BODY") or "candidate.json"
local f = assert(io.open(path, "rb"))
wrk.body = f:read("*a"):gsub("%s+$", "")
f:close()
wrk.method = "POST"
wrk.path = "/v1/validate"
wrk.headers["Content-Type"] = "application/json"
