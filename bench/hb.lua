-- wrk script: POST /heartbeat rotating over the ids in $IDS_FILE; with $DELAY_MS each connection waits between requests
-- (wrk has no rate option: 64 connections x (28 ms delay + ~4 ms answer) is about 2,000 beats/s).
-- With $TOKEN (AUTH=on in heartbeat_bench.py) every beat carries it as a bearer token.
local ids = {}
local counter = 0
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("TOKEN") or ""
if token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
-- Each wrk thread runs its own copy of this script: thread t of n takes ids t, t + n, t + 2n, ..., so together they
-- beat every id once per round (each starting at the first id, two threads covered only half the ids per round).
local nthreads = tonumber(os.getenv("THREADS") or "2")
local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end
request = function()
  counter = counter + 1
  local id = ids[((counter * nthreads + tid) % #ids) + 1]
  return wrk.format(nil, "/heartbeat", nil,
    '{"component_id":"' .. id .. '","status":"healthy","metrics":{"requests_total":' .. counter .. ',"errors":0}}')
end
if delay_ms > 0 then
  delay = function() return delay_ms end
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors_status=%d errors_connect=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    latency:percentile(50), latency:percentile(99)))
end
