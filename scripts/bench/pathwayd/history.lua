-- HISTORY of a random memory among the ids in $BENCH_IDS (one per line).
local ids = {}
function init(args)
  for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
end
request = function()
  return wrk.format("GET", "/v1/memories/" .. ids[math.random(#ids)] .. "/history")
end
