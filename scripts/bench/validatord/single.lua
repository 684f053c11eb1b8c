-- POST one candidate record to /v1/validate (body read from BENCH_BODY, default candidate.json next to this file).
local path = os.getenv("BENCH_BODY") or "candidate.json"
local f = assert(io.open(path, "rb"))
wrk.body = f:read("*a"):gsub("%s+$", "")
f:close()
wrk.method = "POST"
wrk.path = "/v1/validate"
wrk.headers["Content-Type"] = "application/json"

local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("non-200 answers: %d\n", bad))
end
