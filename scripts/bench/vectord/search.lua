-- wrk: POST one query body per request, round-robin over search-bodies.txt (path in BODIES).
local bodies = {}
local n = 0
function init(args)
  for line in io.lines(os.getenv("BODIES")) do
    n = n + 1
    bodies[n] = line
  end
end
local i = 0
function request()
  i = i % n + 1
  return wrk.format("POST", "/v1/indexes/bench/search", {["Content-Type"] = "application/json"}, bodies[i])
end
function response(status, headers, body)
  if status ~= 200 then
    error("status " .. status)
  end
end
