-- ADD: one memory per request, spread over 1,000 users and a few hundred topics. The requests are formatted once, in
-- init (POOL distinct bodies per thread, default 4,096), and cycled: formatting one per request in Lua cost the
-- client CPU that the server under test needs on this 2-core machine. ADD does not deduplicate, so a repeated body
-- still creates a new memory.
local tid = 0
function setup(thread)
  tid = tid + 1
  thread:set("tid", tid)
end
local reqs = {}
local i = 0
function init(args)
  local n = tonumber(os.getenv("POOL") or "4096")
  local headers = {["Content-Type"] = "application/json"}
  for k = 1, n do
    local c = tid * 100000000 + k
    local body = '{"kind":"fact","content":"memory ' .. c .. ' about topic ' .. (c % 397) .. ' and item ' .. (c % 31)
      .. '","scope":{"user_id":"u' .. (c % 1000) .. '"},"metadata":{"n":' .. c .. '}}'
    reqs[k] = wrk.format("POST", "/v1/memories", headers, body)
  end
end
request = function()
  i = i % #reqs + 1
  return reqs[i]
end
