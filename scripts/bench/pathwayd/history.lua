-- HISTORY of random memories among the ids in $BENCH_IDS (one per line); requests formatted once in init (4,096 per
-- thread, drawn at random), then cycled.
function init(args)
  local ids = {}
  for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
  reqs = {}
  for k = 1, 4096 do
    reqs[k] = wrk.format("GET", "/v1/memories/" .. ids[math.random(#ids)] .. "/history")
  end
  i = 0
end
request = function()
  i = i % #reqs + 1
  return reqs[i]
end
