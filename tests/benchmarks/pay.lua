-- POST /api/v1/pay. BENCH_REPLAY=1: every request reuses one Idempotency-Key (replays);
-- otherwise each request gets a fresh key (a new charge at the simulator every time).
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + thread_id)
  prefix = string.format("bench-%d-%d-%d", os.time(), thread_id, math.random(1, 1e9))
end

function request()
  counter = counter + 1
  local key = os.getenv("BENCH_REPLAY") == "1" and "bench-replay-key" or (prefix .. "-" .. counter)
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
    ["Idempotency-Key"] = key,
  }
  return wrk.format("POST", "/api/v1/pay", headers, os.getenv("BENCH_PAY_BODY"))
end
