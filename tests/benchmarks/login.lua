-- POST /api/v1/login, spread over BENCH_LOGIN_ACCOUNTS accounts (bench-login-<BENCH_LOGIN_RUN>-<i>@example.com, all with
-- BENCH_PASSWORD). Each wrk thread cycles over its own share of them, so no account has two logins in flight at once:
-- concurrent attempts on one account from one client are throttled by design (each reserved attempt counts as a failure
-- until its password check succeeds), and the benchmark measures the login path, not that throttle.
local threads = 0

function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

local emails = {}
local next_email = 0

function init(args)
  local count = tonumber(os.getenv("BENCH_LOGIN_ACCOUNTS"))
  local run = os.getenv("BENCH_LOGIN_RUN")
  for i = index, count - 1, tonumber(os.getenv("BENCH_LOGIN_THREADS")) do
    emails[#emails + 1] = string.format("bench-login-%s-%d@example.com", run, i)
  end
end

function request()
  next_email = next_email % #emails + 1
  local body = string.format('{"email":"%s","password":"%s"}', emails[next_email], os.getenv("BENCH_PASSWORD"))
  return wrk.format("POST", "/api/v1/login", { ["Content-Type"] = "application/json" }, body)
end
