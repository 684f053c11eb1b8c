-- ADD: one memory per request, spread over 1,000 users and a few hundred topics.
local counter = 0
local tid = 0
local threads = {}
function setup(thread)
  tid = tid + 1
  thread:set("tid", tid)
end
function init(args)
  counter = tid * 100000000
end
request = function()
  counter = counter + 1
  local body = '{"kind":"fact","content":"memory ' .. counter .. ' about topic ' .. (counter % 397)
    .. ' and item ' .. (counter % 31) .. '","scope":{"user_id":"u' .. (counter % 1000) .. '"},"metadata":{"n":'
    .. counter .. '}}'
  return wrk.format("POST", "/v1/memories", {["Content-Type"] = "application/json"}, body)
end
