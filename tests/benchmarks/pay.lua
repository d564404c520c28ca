-- POST /api/v1/pay. BENCH_REPLAY=1: every request replays one of BENCH_REPLAY_KEYS already paid keys
-- (bench-replay-key-0 ...), so no key has more concurrent duplicates than payment-service lets wait on one key;
-- otherwise each request gets a fresh key (a new charge at the simulator every time).
local counter = 0
local prefix

function init(args)
  -- Unique across wrk runs and threads (a warm-up and the measured run start within the same second).
  local random = io.open("/dev/urandom", "rb")
  prefix = "bench-" .. random:read(8):gsub(".", function(c) return string.format("%02x", c:byte()) end)
  random:close()
end

function request()
  counter = counter + 1
  local key = os.getenv("BENCH_REPLAY") == "1"
    and ("bench-replay-key-" .. (counter % tonumber(os.getenv("BENCH_REPLAY_KEYS") or "1")))
    or (prefix .. "-" .. counter)
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
    ["Idempotency-Key"] = key,
  }
  return wrk.format("POST", "/api/v1/pay", headers, os.getenv("BENCH_PAY_BODY"))
end
