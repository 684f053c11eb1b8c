-- Search: a topic/item query within one user's memories (k = 10); 4,096 queries per thread formatted once in init.
function init(args)
  reqs = {}
  local headers = {["Content-Type"] = "application/json"}
  for k = 1, 4096 do
    local body = '{"query":"topic ' .. math.random(0, 396) .. ' item ' .. math.random(0, 30)
      .. '","scope":{"user_id":"u' .. math.random(0, 999) .. '"},"k":10}'
    reqs[k] = wrk.format("POST", "/v1/memories/search", headers, body)
  end
  i = 0
end
request = function()
  i = i % #reqs + 1
  return reqs[i]
end
