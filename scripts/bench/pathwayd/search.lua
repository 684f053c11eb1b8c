-- Search: a topic/item query within one user's memories (k = 10).
request = function()
  local body = '{"query":"topic ' .. math.random(0, 396) .. ' item ' .. math.random(0, 30)
    .. '","scope":{"user_id":"u' .. math.random(0, 999) .. '"},"k":10}'
  return wrk.format("POST", "/v1/memories/search", {["Content-Type"] = "application/json"}, body)
end
