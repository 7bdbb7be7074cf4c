-- wrk script: a registration storm. POST /register, each request a new instance (its own host and port), spread over
-- 50 component names; each thread stops after $COUNT / threads answers, so `wrk -t2 -c64 -d120s` registers $COUNT
-- instances and its duration is the storm's. With $DEREGISTER_FILE it deletes the ids listed there instead, each once.
-- $TOKEN (AUTH=on) is sent as a bearer token.
local threads = {}
local count = tonumber(os.getenv("COUNT") or "10000")
local token = os.getenv("TOKEN") or ""
local deregister_file = os.getenv("DEREGISTER_FILE") or ""
-- $NET: the first octet of the hosts, so a second storm in one run registers new instances rather than the same again
local net = tonumber(os.getenv("NET") or "10")

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local sent, answered, errors = 0, 0, 0
local ids = {}

-- wrk tells init() nothing of the thread count: $THREADS must match -t.
function init(args)
  local n = tonumber(os.getenv("THREADS") or "2")
  per_thread = math.floor(count / n)
  if deregister_file ~= "" then
    local i = 0
    for line in io.lines(deregister_file) do
      if i % n == tid then ids[#ids + 1] = line end
      i = i + 1
    end
    per_thread = #ids
  end
end

request = function()
  sent = sent + 1
  local headers = {["Content-Type"] = "application/json"}
  if token ~= "" then headers["Authorization"] = "Bearer " .. token end
  if deregister_file ~= "" then
    local id = ids[((sent - 1) % #ids) + 1]
    return wrk.format("DELETE", "/services/" .. id, headers, nil)
  end
  local body = string.format('{"component":"storm-%d","version":"1","host":"%d.%d.%d.%d","port":%d,"capabilities":["bench"]}',
    sent % 50, net, tid, math.floor(sent / 65000) % 250, math.floor(sent / 250) % 250, 1000 + sent % 60000)
  return wrk.format("POST", "/register", headers, body)
end

response = function(status, headers, body)
  answered = answered + 1
  if status ~= 201 and status ~= 204 then errors = errors + 1 end
  if answered == per_thread then
    -- wrk's -d runs on after its threads stop: tell bench/run_all.py, which times the storm and ends wrk (SIGINT).
    local done = os.getenv("DONE_FILE")
    if done then io.open(done .. tid, "w"):close() end
    wrk.thread:stop()
  end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors_status=%d errors_connect=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    latency:percentile(50), latency:percentile(99)))
end
